package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.InternalEList;

import dev.strata.core.ExternalRef;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.Values;

/**
 * Turns records into EObjects: attributes converted from record form, containment loaded eagerly
 * (children fetched one level at a time in batches), cross references as EMF proxies that resolve
 * on first access through the resource set.
 */
final class Materializer {

    /** Where materialized objects are registered, and how already known ones are found. */
    interface Identity {
        EObject existing(ObjectId id);

        void created(EObject object, Record record);
    }

    static final String SCHEME = "strata";

    private final RepositoryImpl repository;
    private final String storeName;
    private final ModelStore store;
    private final Identity identity;

    Materializer(RepositoryImpl repository, String storeName, ModelStore store, Identity identity) {
        this.repository = repository;
        this.storeName = storeName;
        this.store = store;
        this.identity = identity;
    }

    /** The URI of the resource holding a store's objects. */
    static URI storeUri(String store) {
        return URI.createURI(SCHEME + "://" + store + "/");
    }

    static URI proxyUri(String store, ObjectId id) {
        return storeUri(store).appendFragment(id.toString());
    }

    /** The store and id a Strata proxy points at, or null if the URI is not Strata's. */
    static ExternalRef parseProxy(URI uri) {
        if (uri == null || !SCHEME.equals(uri.scheme()) || uri.fragment() == null) {
            return null;
        }
        return new ExternalRef(uri.authority(), ObjectId.parse(uri.fragment()));
    }

    /**
     * Materializes a root record and everything it contains, from one consistent read of the tree;
     * null if the root no longer exists.
     */
    EObject tree(Record record) {
        return tree(record.id());
    }

    /** The same for an id: one consistent read of the tree, null if there is no such object now. */
    EObject tree(ObjectId rootId) {
        Map<ObjectId, Record> tree = store.loadTree(rootId);
        Record root = tree.get(rootId);
        return root == null ? null : create(root, tree);
    }

    private EObject create(Record record, Map<ObjectId, Record> tree) {
        EClass eClass = repository.eClass(record.type(), storeName);
        EObject object = EcoreUtil.create(eClass);
        fill(object, record, tree);
        identity.created(object, record);
        return object;
    }

    @SuppressWarnings("unchecked")
    private void fill(EObject object, Record record, Map<ObjectId, Record> tree) {
        for (EStructuralFeature f : Features.persistent(object.eClass())) {
            if (!record.values().containsKey(f.getName())) {
                continue; // stored before the feature existed: keep its default
            }
            Object value = record.values().get(f.getName());
            try {
                if (f instanceof EAttribute a) {
                    if (a.isMany()) {
                        EList<Object> list = (EList<Object>) object.eGet(a);
                        for (Object v : (List<?>) value) {
                            list.add(Values.fromRecord(a, v));
                        }
                    } else if (value != null) {
                        object.eSet(a, Values.fromRecord(a, value));
                    }
                } else {
                    EReference r = (EReference) f;
                    if (r.isContainment()) {
                        List<?> ids = r.isMany() ? (List<?>) value : value == null ? List.of() : List.of(value);
                        List<EObject> children = children(record, r, ids, tree);
                        if (r.isMany()) {
                            ((InternalEList<EObject>) object.eGet(r)).addAllUnique(children);
                        } else if (!children.isEmpty()) {
                            object.eSet(r, children.get(0));
                        }
                    } else if (r.isMany()) {
                        InternalEList<EObject> list = (InternalEList<EObject>) object.eGet(r, false);
                        for (Object v : (List<?>) value) {
                            list.addUnique(reference(r, v));
                        }
                    } else if (value != null) {
                        object.eSet(r, reference(r, value));
                    }
                }
            } catch (RuntimeException e) {
                if (e instanceof StoreException) {
                    throw e;
                }
                throw new StoreException("Cannot read " + record.type().name() + "." + f.getName() + " of " + record.id()
                        + " from store '" + storeName + "': " + e.getMessage(), e);
            }
        }
    }

    private List<EObject> children(Record parent, EReference r, List<?> ids, Map<ObjectId, Record> tree) {
        List<EObject> children = new ArrayList<>(ids.size());
        for (Object v : ids) {
            ObjectId id = (ObjectId) v;
            Record child = tree.get(id);
            if (child == null) {
                throw new StoreException("Store '" + storeName + "' is inconsistent: " + parent.type().name() + " "
                        + parent.id() + " contains " + id + " in '" + r.getName() + "', but there is no such object"
                        + " contained in it");
            }
            children.add(create(child, tree));
        }
        return children;
    }

    /** Sets one non-containment feature of an existing object from its record value. */
    @SuppressWarnings("unchecked")
    void setValue(EObject object, EStructuralFeature f, Object value) {
        if (f instanceof EAttribute a) {
            if (a.isMany()) {
                List<Object> values = new ArrayList<>();
                for (Object v : (List<?>) value) {
                    values.add(Values.fromRecord(a, v));
                }
                org.eclipse.emf.common.util.ECollections.setEList((EList<Object>) object.eGet(a), values);
            } else if (value == null) {
                object.eUnset(a);
            } else {
                object.eSet(a, Values.fromRecord(a, value));
            }
            return;
        }
        EReference r = (EReference) f;
        if (r.isMany()) {
            List<EObject> targets = new ArrayList<>();
            for (Object v : (List<?>) value) {
                targets.add(reference(r, v));
            }
            org.eclipse.emf.common.util.ECollections.setEList((EList<EObject>) object.eGet(r, false), targets);
        } else {
            object.eSet(r, value == null ? null : reference(r, value));
        }
    }

    /** An object already known, or a proxy that resolves through the store's resource. */
    EObject reference(EReference r, Object value) {
        if (value instanceof ObjectId id) {
            EObject known = identity.existing(id);
            return known != null ? known : proxy(r, storeName, id);
        }
        if (value instanceof ExternalRef ext) {
            return proxy(r, ext.store(), ext.id());
        }
        throw new StoreException("Reference " + r.getName() + " holds " + value + "; expected an object id");
    }

    private EObject proxy(EReference r, String store, ObjectId id) {
        EClass type = r.getEReferenceType();
        if (type.isAbstract() || type.isInterface()) {
            // A proxy must be an instance of a concrete class: ask the store which one.
            ModelStore target = store.equals(storeName) ? this.store : repository.otherStore(store);
            Record record = target.load(id).orElse(null);
            if (record == null) {
                throw new StoreException("Dangling reference in store '" + storeName + "': " + r.getName() + " -> "
                        + store + ":" + id + " does not exist");
            }
            type = repository.eClass(record.type(), store);
        }
        InternalEObject proxy = (InternalEObject) EcoreUtil.create(type);
        proxy.eSetProxyURI(proxyUri(store, id));
        return proxy;
    }
}
