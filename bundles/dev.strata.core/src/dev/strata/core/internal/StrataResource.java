package dev.strata.core.internal;

import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.impl.ResourceImpl;

import dev.strata.core.ObjectId;

/**
 * The resource holding a session's root objects. Its URI is {@code strata://<store>/}; object URIs
 * carry the object id as fragment, so EMF proxies resolve through {@link #getEObject(String)},
 * which loads the object on demand. A fragment that is the xmi:id an object was imported with
 * finds it too. It is never loaded from or saved to a stream: the session
 * commits to the store.
 */
class StrataResource extends ResourceImpl {

    /** Finds an object by id, loading it if needed; null when there is none. */
    interface Lookup {
        EObject resolve(ObjectId id);

        /** Finds an object by the xmi:id it was imported with; null when there is none. */
        default EObject resolveXmiId(String xmiId) {
            return null;
        }

        /** The object's id, or null if it is not (yet) one of the session's objects. */
        ObjectId knownId(EObject object);

        /** EMF loads the resource: read the roots. */
        default void loadRoots() {
        }

        /** EMF saves the resource: commit. */
        default void commitFromResource() {
            throw new UnsupportedOperationException("A Strata resource is saved by committing its session");
        }

        default boolean dirty() {
            return false;
        }

        /** EMF unloads the resource: the session ends. */
        default void closeFromResource() {
        }
    }

    private final Lookup lookup;
    /** Handed to a plain EMF resource set: loaded, saved and unloaded through EMF's API. */
    private final boolean forEmf;

    StrataResource(URI uri, Lookup lookup) {
        this(uri, lookup, false);
    }

    StrataResource(URI uri, Lookup lookup, boolean forEmf) {
        super(uri);
        this.lookup = lookup;
        this.forEmf = forEmf;
        if (!forEmf) {
            setLoaded(true);
        }
    }

    @Override
    public EObject getEObject(String fragment) {
        ObjectId id;
        try {
            id = ObjectId.parse(fragment);
        } catch (IllegalArgumentException e) {
            // A tool's own id (a diagram pointing at a model imported from a .uml file) also finds it.
            return fragment == null || fragment.isEmpty() ? null : lookup.resolveXmiId(fragment);
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

    /** Sets what {@link #isLoading()} reports while objects are read into this resource; returns what it was. */
    boolean loading(boolean loading) {
        boolean was = isLoading;
        isLoading = loading;
        return was;
    }

    @Override
    public void load(Map<?, ?> options) {
        // A session's contents come from the store object by object; an EMF tool gets every root.
        if (forEmf && !isLoaded) {
            lookup.loadRoots();
            setLoaded(true);
        }
    }

    @Override
    public void save(Map<?, ?> options) {
        lookup.commitFromResource();
        setModified(false);
    }

    @Override
    public boolean isModified() {
        return forEmf ? lookup.dirty() : super.isModified();
    }

    @Override
    protected void doUnload() {
        if (forEmf) {
            lookup.closeFromResource(); // first: the session must not take the unloading for deletes
        }
        super.doUnload();
    }
}
