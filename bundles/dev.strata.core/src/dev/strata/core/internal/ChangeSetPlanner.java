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
import dev.strata.core.TypeRef;
import dev.strata.core.UriRef;

/**
 * Turns the touched entries into a {@link ChangeSet}: records for new objects, old and new values
 * of changed features, deletions with everything they contained. References that cannot be stored
 * are collected as reasons, not thrown, so that a commit reports them with every other reason.
 */
final class ChangeSetPlanner {

    /** What a commit would do, with the entries behind it. */
    record Plan(ChangeSet changes, List<Entry> created, List<Entry> changed, List<Entry> deleted,
            List<String> dangling, Map<TypeRef, EClass> classes, boolean newChildrenOnly) {

        /** The change set with the classes its values were read from, for the store's check. */
        PlannedChangeSets.Planned planned() {
            return new PlannedChangeSets.Planned(changes, classes, newChildrenOnly);
        }
    }

    private final SessionState state;
    private final ChangeTracker tracker;
    /** Where the objects of the plan being made are (the model does not change while it is made). */
    private ChangeTracker.Placement placed;
    /** False once a new object of the plan being made contains anything but a new object of the session. */
    private boolean newChildrenOnly;

    ChangeSetPlanner(SessionState state, ChangeTracker tracker) {
        this.state = state;
        this.tracker = tracker;
    }

    Plan plan(String message, UUID commitId) {
        placed = new ChangeTracker.Placement();
        newChildrenOnly = true;
        try {
            return planPlaced(message, commitId);
        } finally {
            placed = null; // other callers of refValue come later, after the model may have changed
        }
    }

    private Plan planPlaced(String message, UUID commitId) {
        List<Entry> created = new ArrayList<>();
        List<Entry> changed = new ArrayList<>();
        Set<Entry> deleted = new LinkedHashSet<>();
        for (Entry e : state.touched) {
            switch (tracker.baseState(e, placed)) {
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
        List<Record> createdRecords = new ArrayList<>(created.size());
        Map<EClass, Record.Layout> layouts = new HashMap<>();
        Map<EClass, TypeRef> types = new HashMap<>(); // one TypeRef per class: the records share it
        for (Entry e : created) {
            EClass c = e.object.eClass();
            List<EStructuralFeature> features = Features.persistent(c);
            if (e.xmiId != null) {
                createdRecords.add(new Record(e.id, typeOf(c, types), 0, tracker.containerId(e.object),
                        withXmiId(e, values(e, features, false, dangling, toVerify))));
                continue;
            }
            // The values straight into an array in the class's layout: no map per new object.
            Object[] values = new Object[features.size()];
            java.util.function.BiFunction<EReference, EObject, Object> refs = (r, target) -> refValue(e, r, target,
                    dangling, toVerify); // one per object, not one per value
            for (int i = 0; i < values.length; i++) {
                values[i] = EmfRecords.value(e.object, features.get(i), refs);
            }
            createdRecords.add(layouts.computeIfAbsent(c, k -> Record.Layout.of(features.stream()
                    .map(EStructuralFeature::getName).toList()))
                    .record(e.id, types.computeIfAbsent(c, TypeRef::of), 0, tracker.containerId(e.object), values));
        }
        List<ChangeSet.Change> changes = new ArrayList<>();
        for (Entry e : changed) {
            List<EStructuralFeature> features = List.copyOf(e.changedFeatures());
            changes.add(new ChangeSet.Change(e.id, typeOf(e.object.eClass(), types), e.version,
                    tracker.containerId(e.object), e.persistedContainer, values(e, features, false, dangling, toVerify),
                    values(e, features, true, null, null)));
        }
        List<ChangeSet.Deletion> deletions = new ArrayList<>();
        for (Entry e : deleted) {
            deletions.add(new ChangeSet.Deletion(new Record(e.id, typeOf(e.object.eClass(), types), e.version,
                    e.persistedContainer, withXmiId(e, values(e, Features.persistent(e.object.eClass()), true, null, null)))));
        }
        checkTargetsExist(dangling, toVerify);
        ChangeSet cs = new ChangeSet(commitId, state.id, message, createdRecords, changes, deletions, state.author);
        return new Plan(cs, created, changed, new ArrayList<>(deleted), dangling, classes(types), newChildrenOnly);
    }

    private static TypeRef typeOf(EClass c, Map<EClass, TypeRef> types) {
        return types.computeIfAbsent(c, TypeRef::of);
    }

    /**
     * The class each type of the change set was read from; none if two classes share a name and
     * namespace (two versions of a package): the store then cannot tell which one a record had.
     */
    private static Map<TypeRef, EClass> classes(Map<EClass, TypeRef> types) {
        Map<TypeRef, EClass> classes = HashMap.newHashMap(types.size());
        for (Map.Entry<EClass, TypeRef> t : types.entrySet()) {
            if (classes.put(t.getValue(), t.getKey()) != null) {
                return Map.of();
            }
        }
        return classes;
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
            } else if (f.isMany() && e.object.eGet(f, false) instanceof PagedList<?> paged && paged.paged()) {
                newChildrenOnly &= !e.isNew || !((EReference) f).isContainment(); // stored ids in a new object
                values.put(f.getName(), idsOf(e, (EReference) f, paged.value(), dangling, toVerify));
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
        if (v instanceof PagedValue paged) {
            return idsOf(owner, r, paged, null, null);
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

    /**
     * A list read a page at a time in record form, without making a child: the ids it read, then
     * those of the objects appended since (a copy: the ids read may be a view of a snapshot).
     */
    private Object idsOf(Entry owner, EReference r, PagedValue value, List<String> dangling,
            List<ExternalRef> toVerify) {
        IdList stored = value.ids;
        int n = stored.size();
        long[] bits = new long[2 * value.size()];
        for (int i = 0; i < n; i++) {
            bits[2 * i] = stored.msb(i);
            bits[2 * i + 1] = stored.lsb(i);
        }
        Object[] appended = new Object[value.tailSize];
        boolean allIds = true;
        for (int i = 0; i < appended.length; i++) {
            appended[i] = refValue(owner, r, (EObject) value.tail[i], dangling, toVerify);
            allIds &= appended[i] instanceof ObjectId;
        }
        if (!allIds) { // an appended object in no session or in another store
            List<Object> list = new ArrayList<>(stored);
            list.addAll(java.util.Arrays.asList(appended));
            return list;
        }
        for (int i = 0; i < appended.length; i++) {
            UUID id = ((ObjectId) appended[i]).value();
            bits[2 * (n + i)] = id.getMostSignificantBits();
            bits[2 * (n + i) + 1] = id.getLeastSignificantBits();
        }
        return new IdList(bits);
    }

    private Object refValue(Entry owner, EReference r, EObject target, List<String> dangling,
            List<ExternalRef> toVerify) {
        if (r.isContainment() && owner.isNew && newChildrenOnly && !isNewHere(target)) {
            newChildrenOnly = false; // a stored object moved in, one another resource holds, a proxy: the store checks
        }
        if (target.eIsProxy()) {
            String store = state.repository.store().name();
            URI uri = ((InternalEObject) target).eProxyURI();
            ExternalRef ref = Materializer.parseProxy(uri);
            if (ref == null) {
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
                ObjectState s = tracker.baseState(e, placed);
                if (s == ObjectState.DELETED || s == ObjectState.DISCARDED) {
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

    /** True if the object is one of the session's new objects, stored with it. */
    private boolean isNewHere(EObject o) {
        Entry e = o.eIsProxy() ? null : tracker.entryOf(o);
        return e != null && tracker.baseState(e, placed) == ObjectState.NEW;
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
