package dev.strata.core.store;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EPackage;

import dev.strata.core.InvalidChangeException;
import dev.strata.core.Packages;
import dev.strata.core.TypeRef;

/**
 * The model a {@link ChangeCheck} checks against: the packages it was given, then EMF's package
 * registry; what a type names must be a concrete class there.
 */
final class ModelClasses {

    private final String storeName;
    private final Map<String, EPackage> packages = new ConcurrentHashMap<>();
    private final ChangeCheck.UnknownPackages unknown;

    ModelClasses(String storeName, ChangeCheck.UnknownPackages unknown) {
        this.storeName = storeName;
        this.unknown = unknown;
    }

    /** Adds packages (and their subpackages); a newer one replaces its namesake. */
    void use(Collection<EPackage> known) {
        for (EPackage p : Packages.withSubpackages(known)) {
            packages.put(p.getNsURI(), p);
        }
    }

    /** The EClass of a type; null for a package the check does not know when those pass. */
    EClass eClass(TypeRef type, String field) {
        return eClass(type, FieldPath.of(field));
    }

    EClass eClass(TypeRef type, FieldPath field) {
        EPackage p = packages.get(type.nsUri());
        if (p == null) {
            p = EPackage.Registry.INSTANCE.getEPackage(type.nsUri());
        }
        if (p == null) {
            if (unknown == ChangeCheck.UnknownPackages.PASS) {
                return null;
            }
            throw field.refusal("store '" + storeName + "' does not know package "
                    + type.nsUri() + "; a repository on the store declares the packages its objects are made of");
        }
        if (!(p.getEClassifier(type.name()) instanceof EClass c)) {
            throw field.refusal("package " + type.nsUri() + " has no class "
                    + type.name());
        }
        if (c.isAbstract() || c.isInterface()) {
            throw field.refusal(type.name()
                    + " is abstract; objects have a concrete class");
        }
        return c;
    }
}
