package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMap;
import org.eclipse.emf.ecore.util.FeatureMapUtil;
import org.eclipse.emf.ecore.util.InternalEList;

import dev.strata.core.EmfRecords;
import dev.strata.core.ExternalRef;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.Labels;
import dev.strata.core.ModelStore;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.UriRef;
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

    /** A root and everything it contains from records read already (several trees may be among them). */
    EObject tree(ObjectId rootId, Map<ObjectId, Record> records) {
        Record root = records.get(rootId);
        return root == null ? null : create(root, records);
    }

    /** The same for an id: one consistent read of the tree, null if there is no such object now. */
    EObject tree(ObjectId rootId) {
        return tree(rootId, store.loadTree(rootId));
    }

    private EObject create(Record record, Map<ObjectId, Record> tree) {
        List<Map.Entry<EObject, Record>> made = new ArrayList<>();
        EObject root = create(record, tree, made);
        // Cross references once the whole tree exists, as EMF resolves forward references last.
        for (Map.Entry<EObject, Record> m : made) {
            try {
                EmfRecords.fillReferences(m.getKey(), m.getValue(), this::reference);
            } catch (RuntimeException e) {
                throw readFailure(m.getValue(), e);
            }
        }
        return root;
    }

    private EObject create(Record record, Map<ObjectId, Record> tree, List<Map.Entry<EObject, Record>> made) {
        EClass eClass = repository.eClass(record.type(), storeName);
        EObject object = EcoreUtil.create(eClass);
        identity.created(object, record);
        made.add(Map.entry(object, record));
        try {
            EmfRecords.fillContents(object, record, id -> child(record, id, tree, made));
        } catch (RuntimeException e) {
            throw readFailure(record, e);
        }
        return object;
    }

    private StoreException readFailure(Record record, RuntimeException e) {
        if (e instanceof StoreException se) {
            return se;
        }
        return new StoreException("Cannot read " + record.type().name() + " " + record.id() + " from store '"
                + storeName + "': " + e.getMessage(), e);
    }

    private EObject child(Record parent, ObjectId id, Map<ObjectId, Record> tree,
            List<Map.Entry<EObject, Record>> made) {
        Record child = tree.get(id);
        if (child == null) {
            throw new StoreException("Store '" + storeName + "' is inconsistent: " + parent.type().name() + " "
                    + parent.id() + " contains " + id + ", but there is no such object contained in it");
        }
        return create(child, tree, made);
    }

    /** Sets one non-containment feature of an existing object from its record value. */
    @SuppressWarnings("unchecked")
    void setValue(EObject object, EStructuralFeature f, Object value) {
        if (FeatureMapUtil.isFeatureMap(f)) {
            setFeatureMap(object, f, value, id -> {
                EObject known = identity.existing(id);
                if (known == null) {
                    throw new StoreException(f.getName() + " of " + Labels.of(object) + " contains " + id
                            + ", which is not loaded");
                }
                return known;
            });
            return;
        }
        if (value == null && f.isMany()) {
            object.eUnset(f); // an unsettable list that is not set
            return;
        }
        if (value == Nil.VALUE) {
            object.eSet(f, null);
            return;
        }
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

    /**
     * Sets a feature map of an existing object to the entries of its record value.
     *
     * @param child the object for the id of a contained entry, null if it no longer exists
     */
    @SuppressWarnings("unchecked")
    void setFeatureMap(EObject object, EStructuralFeature f, Object value, Function<ObjectId, EObject> child) {
        List<FeatureMap.Entry> entries = new ArrayList<>();
        for (Object x : value == null ? List.of() : (List<?>) value) {
            FeatureMapEntry stored = (FeatureMapEntry) x;
            EStructuralFeature ef = FeatureMapEntry.feature(object.eClass(), stored.feature());
            Object v = stored.value();
            Object emf = ef instanceof EAttribute a ? Values.fromRecord(a, v)
                    : v == null ? null
                    : ((EReference) ef).isContainment() ? child.apply((ObjectId) v) : reference((EReference) ef, v);
            if (emf == null && ef instanceof EReference r && r.isContainment()) {
                continue; // a child deleted since the record was read
            }
            entries.add(FeatureMapUtil.createEntry(ef, emf));
        }
        org.eclipse.emf.common.util.ECollections.setEList((EList<FeatureMap.Entry>) object.eGet(f), entries);
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
        if (value instanceof UriRef uri) {
            return EmfRecords.proxy(r, uri, type -> repository.eClass(type, storeName));
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
