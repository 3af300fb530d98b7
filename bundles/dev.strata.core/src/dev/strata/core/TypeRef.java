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

    @Override
    public String toString() {
        return nsUri + "#" + name;
    }
}
