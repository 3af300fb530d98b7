package dev.strata.core.internal;

import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.impl.ResourceImpl;

import dev.strata.core.ObjectId;

/**
 * The resource holding a session's root objects. Its URI is {@code strata://<store>/}; object URIs
 * carry the object id as fragment, so EMF proxies resolve through {@link #getEObject(String)},
 * which loads the object on demand. It is never loaded from or saved to a stream: the session
 * commits to the store.
 */
class StrataResource extends ResourceImpl {

    /** Finds an object by id, loading it if needed; null when there is none. */
    interface Lookup {
        EObject resolve(ObjectId id);

        /** The object's id, or null if it is not (yet) one of the session's objects. */
        ObjectId knownId(EObject object);
    }

    private final Lookup lookup;

    StrataResource(URI uri, Lookup lookup) {
        super(uri);
        this.lookup = lookup;
        setLoaded(true);
    }

    @Override
    public EObject getEObject(String fragment) {
        ObjectId id;
        try {
            id = ObjectId.parse(fragment);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return lookup.resolve(id);
    }

    @Override
    public String getURIFragment(EObject eObject) {
        // EMF asks for fragments at any time, also while an object is being added (UML's caches do).
        ObjectId id = lookup.knownId(eObject);
        return id != null ? id.toString() : super.getURIFragment(eObject);
    }

    ObjectId idOf(EObject object) {
        return lookup.knownId(object);
    }

    @Override
    public void load(Map<?, ?> options) {
        // Contents come from the store object by object.
    }

    @Override
    public void save(Map<?, ?> options) {
        throw new UnsupportedOperationException("A Strata resource is saved by committing its session");
    }
}
