package dev.strata.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;

/**
 * Which features of an EClass Strata stores: all but transient, derived and volatile ones, and
 * but the container side of a containment (it follows from the containing object and the record's
 * container id). Stores that map records to EObjects or tables use the same rule.
 */
public final class PersistentFeatures {

    private static final Map<EClass, List<EStructuralFeature>> CACHE = new ConcurrentHashMap<>();

    private PersistentFeatures() {
    }

    public static boolean isPersistent(EStructuralFeature f) {
        return !f.isTransient() && !f.isDerived() && !f.isVolatile()
                && !(f instanceof EReference r && r.isContainer());
    }

    /** The persistent features of a class, inherited ones included, in EMF's feature order. */
    public static List<EStructuralFeature> of(EClass eClass) {
        return CACHE.computeIfAbsent(eClass, c -> {
            List<EStructuralFeature> list = new ArrayList<>();
            for (EStructuralFeature f : c.getEAllStructuralFeatures()) {
                if (isPersistent(f)) {
                    list.add(f);
                }
            }
            return List.copyOf(list);
        });
    }
}
