package dev.strata.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EPackage;

/** A model's packages as EMF nests them: a repository names the top ones, the model is all of them. */
public final class Packages {

    private Packages() {
    }

    /** The packages and all their subpackages at any depth, each once: the given ones first, then level by level. */
    public static List<EPackage> withSubpackages(Collection<? extends EPackage> packages) {
        Set<EPackage> seen = new LinkedHashSet<>(packages);
        List<EPackage> all = new ArrayList<>(seen);
        for (int i = 0; i < all.size(); i++) {
            for (EPackage sub : all.get(i).getESubpackages()) {
                if (seen.add(sub)) {
                    all.add(sub);
                }
            }
        }
        return all;
    }
}
