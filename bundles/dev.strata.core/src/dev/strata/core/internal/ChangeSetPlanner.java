package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.impl.DynamicEObjectImpl;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.ChangeSet;
import dev.strata.core.EmfRecords;
import dev.strata.core.ExternalRef;
import dev.strata.core.ModelStore;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Record;
import dev.strata.core.StrataObject;
import dev.strata.core.TypeRef;
import dev.strata.core.UriRef;
import dev.strata.core.store.Chunks;

/**
 * Turns the touched entries into a {@link ChangeSet}: records for new objects, old and new values
 * of changed features, deletions with everything they contained. References that cannot be stored
 * are collected as reasons, not thrown, so that a commit reports them with every other reason.
 */
final class ChangeSetPlanner {

    /** What a commit would do, with the entries behind it. */
    record Plan(ChangeSet changes, List<Entry> created, List<Entry> changed, List<Entry> deleted,
            List<String> dangling) {
    }

    private final SessionState state;
    private final ChangeTracker tracker;

    ChangeSetPlanner(SessionState state, ChangeTracker tracker) {
        this.state = state;
        this.tracker = tracker;
    }

    Plan plan(String message, UUID commitId) {
        List<Entry> created = new ArrayList<>();
        List<Entry> changed = new ArrayList<>();
        Set<Entry> deleted = new LinkedHashSet<>();
        for (Entry e : state.touched) {
            switch (tracker.baseState(e)) {
                case NEW -> created.add(e);
                case DIRTY -> changed.add(e);
                case DELETED -> {
                    deleted.add(e);
                    deleted.addAll(tracker.persistentContents(e));
                }
                default -> { }
            }
        }
        List<String> dangling = new ArrayList<>();
        List<ExternalRef> toVerify = new ArrayList<>();
        List<Record> createdRecords = createdRecords(created, dangling, toVerify);
        List<ChangeSet.Change> changes = new ArrayList<>();
        for (Entry e : changed) {
            List<EStructuralFeature> features = List.copyOf(e.changedFeatures());
            changes.add(new ChangeSet.Change(e.id, TypeRef.of(e.object.eClass()), e.version,
                    tracker.containerId(e.object), e.persistedContainer, values(e, features, false, dangling, toVerify),
                    values(e, features, true, null, null)));
        }
        List<ChangeSet.Deletion> deletions = new ArrayList<>();
        for (Entry e : deleted) {
            deletions.add(new ChangeSet.Deletion(new Record(e.id, TypeRef.of(e.object.eClass()), e.version,
                    e.persistedContainer, withXmiId(e, values(e, Features.persistent(e.object.eClass()), true, null, null)))));
        }
        checkTargetsExist(dangling, toVerify);
        ChangeSet cs = new ChangeSet(commitId, state.id, message, createdRecords, changes, deletions, state.author);
        return new Plan(cs, created, changed, new ArrayList<>(deleted), dangling);
    }

    /** The records of a chunk of new objects, with what their references found wrong. */
    private record Made(List<Record> records, List<String> dangling, List<ExternalRef> toVerify) {
    }

    /**
     * The new objects' records. A million of them are made on every core (Chunks): reading an
     * object touches only that object and the entries of what it refers to, once each class's
     * features were read on this thread. Objects of classes generated elsewhere may do more when read
     * (Ecore's EClass fills caches of its supertypes), so any of them keeps the work on this thread.
     */
    private List<Record> createdRecords(List<Entry> created, List<String> dangling, List<ExternalRef> toVerify) {
        Map<EClass, Record.Layout> layouts = new HashMap<>();
        Map<EClass, TypeRef> types = new HashMap<>(); // one TypeRef per class: the records share it
        boolean split = Chunks.count(created.size()) > 1;
        EClass last = null;
        for (Entry e : created) {
            EClass c = e.object.eClass();
            split &= readsAlone(e.object);
            if (c == last) {
                continue;
            }
            last = c;
            if (layouts.containsKey(c)) {
                continue;
            }
            split &= Chunks.splittable(c);
            List<EStructuralFeature> features = Features.persistent(c);
            layouts.put(c, Record.Layout.of(features.stream().map(EStructuralFeature::getName).toList()));
            types.put(c, TypeRef.of(c));
            if (split) {
                Chunks.warm(c);
                for (EStructuralFeature f : features) {
                    EmfRecords.value(e.object, f, (r, target) -> null); // EMF's lazy parts of reading made here
                }
            }
        }
        if (!split) {
            return createdRecords(created, 0, created.size(), layouts, types, dangling, toVerify);
        }
        List<Made> made;
        try {
            made = Chunks.run(created.size(), (from, to) -> {
                List<String> d = new InChunk();
                List<ExternalRef> v = new ArrayList<>();
                return new Made(createdRecords(created, from, to, layouts, types, d, v), d, v);
            });
        } catch (OneThread found) {
            return createdRecords(created, 0, created.size(), layouts, types, dangling, toVerify);
        }
        List<Record> records = new ArrayList<>(created.size());
        for (Made m : made) {
            records.addAll(m.records());
            dangling.addAll(m.dangling());
            toVerify.addAll(m.toVerify());
        }
        return records;
    }

    /** The reasons a chunk found: none, since what would make one sends the work back to one thread. */
    @SuppressWarnings("serial")
    private static final class InChunk extends ArrayList<String> {
    }

    /**
     * Thrown in a chunk by a reference that needs more than the ids of entries: one to an object
     * outside Strata (its URI is asked of its resource) or one to explain (labels read classes).
     */
    @SuppressWarnings("serial")
    private static final class OneThread extends RuntimeException {
        OneThread() {
            super(null, null, false, false);
        }
    }

    private static void notInChunk(List<String> dangling) {
        if (dangling instanceof InChunk) {
            throw new OneThread();
        }
    }

    /**
     * Objects whose reading reads nothing but themselves: Strata's own classes and EMF's dynamic
     * objects, with nothing left to load (an object deleted and added again may keep its loader).
     */
    static boolean readsAlone(EObject o) {
        return (o instanceof StrataObject || o instanceof LazyDynamicObject || o.getClass() == DynamicEObjectImpl.class)
                && LazyLoading.loaderOf(o) == null;
    }

    private List<Record> createdRecords(List<Entry> created, int from, int to, Map<EClass, Record.Layout> layouts,
            Map<EClass, TypeRef> types, List<String> dangling, List<ExternalRef> toVerify) {
        List<Record> records = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            Entry e = created.get(i);
            EClass c = e.object.eClass();
            List<EStructuralFeature> features = Features.persistent(c);
            if (e.xmiId != null) {
                records.add(new Record(e.id, types.get(c), 0, tracker.containerId(e.object),
                        withXmiId(e, values(e, features, false, dangling, toVerify))));
                continue;
            }
            // The values straight into an array in the class's layout: no map per new object.
            Object[] values = new Object[features.size()];
            java.util.function.BiFunction<EReference, EObject, Object> refs = (r, target) -> refValue(e, r, target,
                    dangling, toVerify); // one per object, not one per value
            for (int j = 0; j < values.length; j++) {
                values[j] = EmfRecords.value(e.object, features.get(j), refs);
            }
            records.add(layouts.get(c).record(e.id, types.get(c), 0, tracker.containerId(e.object), values));
        }
        return records;
    }

    private static Map<String, Object> withXmiId(Entry e, Map<String, Object> values) {
        if (e.xmiId != null) {
            values.put(Record.XMI_ID, e.xmiId);
        }
        return values;
    }

    private Map<String, Object> values(Entry e, List<EStructuralFeature> features, boolean persistent,
            List<String> dangling, List<ExternalRef> toVerify) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (EStructuralFeature f : features) {
            if (persistent && e.hasOriginal(f)) {
                values.put(f.getName(), originalValue(e, f, e.original(f)));
            } else {
                values.put(f.getName(), EmfRecords.value(e.object, f,
                        (r, target) -> refValue(e, r, target, dangling, toVerify)));
            }
        }
        return values;
    }

    /**
     * The record form of one feature of an object: its value now, or with {@code stored} the value
     * the store has (for a feature changed since the last commit, the value it had before).
     */
    Object recordValue(Entry e, EStructuralFeature f, boolean stored) {
        return values(e, List.of(f), stored, null, null).get(f.getName());
    }

    /** The record form of a feature's stored value, kept when it first changed. */
    private Object originalValue(Entry owner, EStructuralFeature f, Object v) {
        if (v == FeatureValues.UNSET) {
            return null; // only single values are recorded as UNSET
        }
        if (v == null && EmfRecords.keepsNil(f)) {
            return Nil.VALUE; // set, to null
        }
        if (FeatureMapUtil.isFeatureMap(f)) {
            return EmfRecords.featureMapValue(owner.object.eClass(), (List<?>) v,
                    (r, target) -> refValue(owner, r, target, null, null));
        }
        if (f instanceof EAttribute a) {
            return EmfRecords.attributeValue(a, v);
        }
        EReference r = (EReference) f;
        if (!r.isMany()) {
            return v == null ? null : refValue(owner, r, (EObject) v, null, null);
        }
        List<Object> list = new ArrayList<>();
        for (Object o : (List<?>) v) {
            // Children EMF made for a feature that was not set (an eGenericType kept in step with
            // eType) were never stored.
            if (!r.isContainment() || tracker.entryOf((EObject) o) != null) {
                list.add(refValue(owner, r, (EObject) o, null, null));
            }
        }
        return list;
    }

    private Object refValue(Entry owner, EReference r, EObject target, List<String> dangling,
            List<ExternalRef> toVerify) {
        String store = state.repository.store().name();
        if (target.eIsProxy()) {
            URI uri = ((InternalEObject) target).eProxyURI();
            ExternalRef ref = Materializer.parseProxy(uri);
            if (ref == null) {
                notInChunk(dangling);
                return outside(owner, r, target, uri, dangling);
            }
            if (dangling != null && state.byId.get(ref.id()) == null) {
                toVerify.add(ref);
            }
            return ref.store().equals(store) ? ref.id() : ref;
        }
        Entry e = tracker.entryOf(target);
        if (e != null) {
            if (dangling != null && !r.isContainment()) {
                ObjectState s = tracker.baseState(e);
                if (s == ObjectState.DELETED || s == ObjectState.DISCARDED) {
                    notInChunk(dangling);
                    dangling.add(where(owner, r) + " refers to " + Features.describe(target) + " (" + e.id
                            + "), which is " + s.name().toLowerCase(Locale.ROOT));
                }
            }
            return e.id;
        }
        if (target.eResource() instanceof StrataResource foreign && foreign != state.resource) {
            ObjectId fid = foreign.idOf(target);
            if (fid != null) {
                return new ExternalRef(foreign.getURI().authority(), fid);
            }
        }
        notInChunk(dangling); // beyond the entries: another resource's URI, or a reason to explain
        Resource other = target.eResource();
        if (other != null && !(other instanceof StrataResource) && !r.isContainment()) {
            return outside(owner, r, target, EcoreUtil.getURI(target), dangling);
        }
        if (dangling != null) {
            dangling.add(where(owner, r) + " refers to " + Features.describe(target)
                    + ", which is in no session: add it to a container or to the session first");
        }
        return null;
    }

    /** A reference to an object outside Strata, kept as its URI as EMF's href keeps it. */
    private static Object outside(Entry owner, EReference r, EObject target, URI uri, List<String> dangling) {
        if (uri == null || uri.isRelative() || uri.trimFragment().isEmpty()) {
            if (dangling != null) {
                dangling.add(where(owner, r) + " refers to " + Features.describe(target) + " at '" + uri
                        + "', which is not an absolute URI: give its resource an absolute URI (file:, platform:,"
                        + " pathmap:, http:) or add the object to the session");
            }
            return null;
        }
        return new UriRef(uri.toString(), TypeRef.of(target.eClass()));
    }

    private static String where(Entry owner, EReference r) {
        return Features.describe(owner.object) + " (" + owner.id + ")." + r.getName();
    }

    /** References to objects not loaded here must exist in their store. */
    private void checkTargetsExist(List<String> dangling, List<ExternalRef> toVerify) {
        if (toVerify.isEmpty()) {
            return;
        }
        Map<String, List<ObjectId>> byStore = new HashMap<>();
        for (ExternalRef ref : toVerify) {
            byStore.computeIfAbsent(ref.store(), k -> new ArrayList<>()).add(ref.id());
        }
        byStore.forEach((storeName, ids) -> {
            Optional<ModelStore> target = state.repository.findStore(storeName);
            if (target.isEmpty()) {
                dangling.add("references lead to store '" + storeName + "', which is not available");
                return;
            }
            Set<ObjectId> found = target.get().loadAll(new HashSet<>(ids)).keySet();
            for (ObjectId oid : ids) {
                if (!found.contains(oid)) {
                    dangling.add("a reference leads to " + storeName + ":" + oid + ", which does not exist");
                }
            }
        });
    }
}
