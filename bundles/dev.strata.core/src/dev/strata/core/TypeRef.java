package dev.strata.core;

import java.util.Objects;

import org.eclipse.emf.ecore.EClass;

/** Names an EClass without holding it: the namespace URI of its package and its name. */
public record TypeRef(String nsUri, String name) {

    public TypeRef {
        Objects.requireNonNull(nsUri, "nsUri");
        Objects.requireNonNull(name, "name");
    }

    public static TypeRef of(EClass eClass) {
        return new TypeRef(eClass.getEPackage().getNsURI(), eClass.getName());
    }

    // Written out: compared for every record of a large commit, the name first (it tells classes apart
    // soonest), without the generic record machinery (slow until the JIT has compiled it).
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof TypeRef t && name.equals(t.name) && nsUri.equals(t.nsUri);
    }

    @Override
    public int hashCode() {
        return 31 * nsUri.hashCode() + name.hashCode();
    }

    @Override
    public String toString() {
        return nsUri + "#" + name;
    }
}
