package dev.strata.core;

import java.util.Objects;

/**
 * A reference value pointing at an object outside Strata: in another EMF resource (a {@code .ecore}
 * or {@code .uml} file, {@code pathmap://}, {@code platform:/plugin/…}) or in a registered package
 * ({@code http://www.eclipse.org/emf/2002/Ecore#//EString}). It is kept as the object's EMF URI and
 * comes back as an EMF proxy that resolves through the session's resource set, as EMF's own
 * {@code href} does.
 *
 * @param uri  the target's URI, fragment included
 * @param type the target's EClass, so that a proxy of the right class can be made when the
 *             reference's type is abstract (EMF's {@code xsi:type} on an {@code href})
 */
public record UriRef(String uri, TypeRef type) {
    public UriRef {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(type, "type");
        if (uri.isBlank()) {
            throw new IllegalArgumentException("A URI reference needs a URI");
        }
    }

    @Override
    public String toString() {
        return uri;
    }
}
