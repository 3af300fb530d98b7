package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
import dev.strata.core.PersistentFeatures;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.UriRef;
import dev.strata.core.Values;

/**
 * Turns records into EObjects: attributes converted from record form; containment loaded with the
 * root's tree, or per feature on first access for classes that load lazily ({@link LazyLoading});
 * cross references as EMF proxies that resolve on first access through the resource set.
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
     * A contained object and everything it contains, from one consistent read of its tree, to be put
     * into a container; null if there is no such object now.
     */
    EObject tree(ObjectId id) {
        Map<ObjectId, Record> records = store.loadTree(id);
        Record record = records.get(id);
        return record == null ? null : create(record, records, o -> { });
    }

    /**
     * A root and everything it contains, made inside a resource as EMF's loader makes it: the root
     * joins the resource first and the resource reports {@code isLoading()} while the tree is
     * filled, so a model skips what it does on edits (UML re-checks stereotype applications on
     * every containment change, and keeps subset and superset lists in step: the stored lists come
     * back as stored). Null if the root is not among the records (several trees may be among
     * them); on failure the root leaves the resource again.
     */
    EObject tree(ObjectId rootId, Map<ObjectId, Record> records, StrataResource into) {
        Record root = records.get(rootId);
        if (root == null) {
            return null;
        }
        boolean wasLoading = into.loading(true);
        EObject[] placed = new EObject[1];
        try {
            return create(root, records, o -> {
                placed[0] = o;
                into.getContents().add(o);
            });
        } catch (RuntimeException e) {
            if (placed[0] != null) {
                into.getContents().remove(placed[0]);
            }
            throw e;
        } finally {
            into.loading(wasLoading);
        }
    }

    /** An object made from a record, its attributes and contents not filled in yet. */
    private record Made(EObject object, Record record) {
    }

    /** @param place called with the top object once it exists, before anything is filled in */
    private EObject create(Record record, Map<ObjectId, Record> tree, Consumer<EObject> place) {
        Made top = make(record);
        place.accept(top.object());
        List<Made> filled = new ArrayList<>();
        fill(top, tree, filled);
        // Cross references once the whole tree exists, as EMF resolves forward references last.
        for (Made m : filled) {
            try {
                EmfRecords.fillReferences(m.object(), m.record(), this::reference);
            } catch (RuntimeException e) {
                throw readFailure(m.record(), e);
            }
        }
        return top.object();
    }

    private Made make(Record record) {
        EObject object = EcoreUtil.create(repository.eClass(record.type(), storeName));
        identity.created(object, record);
        return new Made(object, record);
    }

    /**
     * Fills in an object's attributes and contents, top down as EMF's loader does: a child joins its
     * container before it is filled in. {@code filled} gets the objects in document order.
     */
    private void fill(Made m, Map<ObjectId, Record> tree, List<Made> filled) {
        filled.add(m);
        List<Made> children = new ArrayList<>();
        try {
            EmfRecords.fillContents(m.object(), m.record(), id -> {
                Made child = make(child(m.record(), id, tree));
                children.add(child);
                return child.object();
            });
        } catch (RuntimeException e) {
            throw readFailure(m.record(), e);
        }
        for (Made child : children) {
            fill(child, tree, filled);
        }
    }

    /** The class of the object a record stands for. */
    EClass eClassOf(Record record) {
        return repository.eClass(record.type(), storeName);
    }

    /**
     * An object made lazily: its attributes now, each reference when first touched
     * ({@code lazy.defer}). {@code place} puts it where it belongs before it is filled in.
     */
    EObject lazyObject(Record record, LazyLoading lazy, Consumer<EObject> place) {
        EObject object = LazyLoading.create(eClassOf(record));
        identity.created(object, record);
        place.accept(object);
        try {
            for (EStructuralFeature f : PersistentFeatures.of(object.eClass())) {
                if (f instanceof EAttribute) {
                    EmfRecords.fillContent(object, f, record.values().get(f.getName()), id -> null);
                }
            }
        } catch (RuntimeException e) {
            throw readFailure(record, e);
        }
        lazy.defer(object, record);
        return object;
    }

    /**
     * An object read on its own (not with its container's tree): lazily if its class allows,
     * else with its whole tree as before. Null if it no longer exists.
     */
    EObject loose(Record record, LazyLoading lazy) {
        if (lazy.lazy(eClassOf(record))) {
            return lazyObject(record, lazy, o -> { });
        }
        return tree(record.id());
    }

    private StoreException readFailure(Record record, RuntimeException e) {
        if (e instanceof StoreException se) {
            return se;
        }
        return new StoreException("Cannot read " + record.type().name() + " " + record.id() + " from store '"
                + storeName + "': " + e.getMessage(), e);
    }

    private Record child(Record parent, ObjectId id, Map<ObjectId, Record> tree) {
        Record child = tree.get(id);
        if (child == null) {
            throw new StoreException("Store '" + storeName + "' is inconsistent: " + parent.type().name() + " "
                    + parent.id() + " contains " + id + ", but there is no such object contained in it");
        }
        return child;
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
