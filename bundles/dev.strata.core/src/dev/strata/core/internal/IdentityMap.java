package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;

import dev.strata.core.EmfRecords;
import dev.strata.core.Labels;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StrataException;
import dev.strata.core.TypeRef;
import dev.strata.core.Values;

/**
 * One object per id: objects are read from the store on first use and found in the session after
 * that. Objects of classes that load lazily ({@link LazyLoading}) are read one by one, each
 * reference when first touched; the others with their root's tree. Queries answer through it, their ids cached until a commit
 * touches their EClass.
 */
final class IdentityMap implements Materializer.Identity {

    private final SessionState state;
    private final ChangeTracker tracker;
    private final Materializer materializer;
    private final Map<Query, List<ObjectId>> queryCache = new ConcurrentHashMap<>();
    /** Entries created by the load under way, removed again if it fails. */
    private List<Entry> loading;
    /** The loaded objects by imported xmi:id, rebuilt when objects were added since. */
    /** Ids, not entries: the map must not keep released objects. */
    private Map<String, ObjectId> byXmiId;
    private int byXmiIdSize = -1;
    /** Which objects load their references on first access, and how. */
    private final LazyLoading lazy = new LazyLoading(new LazyLoading.FeatureReader() {
        @Override
        public void read(EObject object, EStructuralFeature feature, Object value, LazyLoading.Pending pending) {
            IdentityMap.this.read(object, feature, value, pending);
        }

        @Override
        public boolean ready(EObject object, EStructuralFeature feature) {
            if (state.closing || state.onlyLoaded > 0) {
                return false;
            }
            if (state.closed) {
                throw LazyLoading.closed(object, feature, state.id);
            }
            return true;
        }

        @Override
        public boolean busy() {
            return state.suppress > 0;
        }
    });

    IdentityMap(SessionState state, ChangeTracker tracker) {
        this.state = state;
        this.tracker = tracker;
        String store = state.repository.store().name();
        this.materializer = new Materializer(state.repository, store, state.repository.store(), this);
    }

    LazyLoading lazy() {
        return lazy;
    }

    Materializer materializer() {
        return materializer;
    }

    /** The object, loaded if needed; null if there is none or it left the session. */
    EObject find(ObjectId objectId) {
        Entry e = load(objectId, null);
        return e == null || e.discarded ? null : e.object;
    }

    EObject findByXmiId(String xmiId) {
        Entry e = loadedByXmiId(xmiId);
        return e == null || e.discarded ? null : e.object;
    }

    private Entry loadedByXmiId(String xmiId) {
        if (byXmiId == null || byXmiIdSize != state.byId.size()) {
            byXmiId = new HashMap<>();
            state.byId.values().forEach(e -> {
                if (e.xmiId != null && !e.xmiId.isEmpty()) {
                    byXmiId.put(e.xmiId, e.id);
                }
            });
            byXmiIdSize = state.byId.size();
        }
        ObjectId id = byXmiId.get(xmiId);
        return id == null ? null : state.byId.get(id);
    }

    private Entry load(ObjectId objectId, Record hint) {
        return load(objectId, hint, Map.of());
    }

    /**
     * Loads an object: a root of a lazy class on its own, any other root with its tree (taken from
     * {@code trees} when they hold it); a contained object through its container, read on its own
     * and linked to it if the container has not read the feature listing it yet.
     */
    private Entry load(ObjectId objectId, Record hint, Map<ObjectId, Record> trees) {
        Entry known = state.byId.get(objectId);
        if (known != null) {
            return known;
        }
        Record record = hint != null ? hint : state.repository.store().load(objectId).orElse(null);
        if (record == null) {
            return null;
        }
        if (record.container() != null) {
            Entry container = load(record.container(), null);
            if (container == null) {
                throw new StrataException("Store '" + state.repository.store().name() + "' is inconsistent: object "
                        + objectId + " names container " + record.container() + ", which does not exist");
            }
            Entry loaded = state.byId.get(objectId);
            if (loaded != null) {
                return loaded; // the container came with its tree
            }
            LazyLoading.Pending pending = LazyLoading.pendingOf(container.object);
            EReference feature = pending == null ? null : pending.featureListing(container.object, objectId);
            if (feature == null) {
                // Null: the container read its features already, and they do not list the object
                // unless one of them is read a page at a time.
                return loadFromPagedList(container.object, objectId);
            }
            return loadEarly(container.object, feature, record, pending);
        }
        boolean lazyRoot = lazy.lazy(materializer.eClassOf(record));
        EObject[] made = new EObject[1];
        EObject root = quietly(() -> {
            if (lazyRoot) {
                return materializer.lazyObject(record, lazy, o -> {
                    made[0] = o;
                    state.resource.getContents().add(o);
                });
            }
            return materializer.tree(record.id(),
                    trees.containsKey(record.id()) ? trees : state.repository.store().loadTree(record.id()),
                    state.resource);
        }, () -> {
            if (made[0] != null) {
                state.resource.getContents().remove(made[0]);
            }
        });
        if (root == null) {
            return null; // deleted by a commit since the record was read
        }
        // A root loaded now was in the store all along: every restore point must keep it.
        if (state.originalRoots != null) {
            state.originalRoots.add(root);
        }
        for (SavepointImpl sp : state.liveSavepoints) {
            if (sp.rootsThen != null) {
                sp.rootsThen.add(root);
            }
        }
        return state.byId.get(objectId);
    }

    /**
     * Runs a read that makes objects: tracking suppressed, the resource reporting isLoading(), and
     * on failure the entries made so far taken out of the session again (after {@code undo}).
     */
    private <T> T quietly(java.util.function.Supplier<T> work, Runnable undo) {
        state.suppress++;
        boolean wasLoading = state.resource.loading(true);
        List<Entry> outer = loading;
        loading = new ArrayList<>();
        try {
            return work.get();
        } catch (RuntimeException e) {
            undo.run();
            forgetPartial();
            throw e;
        } finally {
            loading = outer;
            state.resource.loading(wasLoading);
            state.suppress--;
        }
    }

    private void forgetPartial() {
        for (Entry partial : loading) {
            partial.detach();
            state.byId.remove(partial.id);
        }
    }

    /**
     * A child asked for by id before its container read the feature that lists it: read on its
     * own and linked to the container (its eContainer is right, the container's list does not hold
     * it yet); the container's list takes this object when it is read.
     */
    private Entry loadEarly(EObject container, EReference feature, Record record, LazyLoading.Pending pending) {
        EObject child = quietly(() -> {
            EObject made = materializer.loose(record, lazy);
            if (made != null) {
                link(container, feature, made);
                pending.addEarly(made);
            }
            return made;
        }, () -> { });
        return child == null ? null : state.byId.get(record.id());
    }

    /**
     * A clean object a refresh took out of its container, which the store now lists in a
     * container whose list this session has not read: linked to it (as read early), so the list
     * takes this same object when it is read. False if no such container is in the session.
     */
    boolean relink(Entry e) {
        if (e.isNew || e.hasOriginals()) {
            return false;
        }
        Record record = state.repository.store().load(e.id).orElse(null);
        Entry container = record == null || record.container() == null ? null : state.byId.get(record.container());
        LazyLoading.Pending pending = container == null ? null : LazyLoading.pendingOf(container.object);
        EReference feature = pending == null ? null : pending.featureListing(container.object, e.id);
        if (feature == null) {
            return false;
        }
        link(container.object, feature, e.object);
        pending.addEarly(e.object);
        e.persistedContainer = container.id;
        return true;
    }

    static void link(EObject container, EReference feature, EObject child) {
        EReference opposite = feature.getEOpposite();
        int containerFeature = opposite != null ? child.eClass().getFeatureID(opposite)
                : InternalEObject.EOPPOSITE_FEATURE_BASE - container.eClass().getFeatureID(feature);
        ((InternalEObject) child).eBasicSetContainer((InternalEObject) container, containerFeature, null);
    }

    /** How many records one store call reads when a long list of children is read. */
    private static final int PAGE = 10_000;

    /**
     * Containment lists longer than this are read a page of this many children at a time, and
     * the children held weakly (system property {@code strata.session.listPage}; read when the
     * session opens).
     */
    private final int listPage = Math.max(1, Integer.getInteger("strata.session.listPage", 1_000));
    /** Above zero while a page of a paged list is made: its objects are held weakly. */
    private int pageLoads;

    /** Reads one missing feature of a lazily made object (LazyLoading's FeatureReader). */
    private void read(EObject object, EStructuralFeature feature, Object value, LazyLoading.Pending pending) {
        quietly(() -> {
            if (feature instanceof EReference r && r.isContainment()) {
                readChildren(object, r, value, pending);
            } else {
                EmfRecords.fillReference(object, feature, value, materializer::reference);
            }
            return null;
        }, () -> { });
        if (!state.touched.isEmpty() && feature instanceof EReference r && !r.isContainment()) {
            dropDeletedTargets(object, r);
        }
    }

    /**
     * A reference read after its target was deleted in this session loses it, as the references
     * read before did at the delete: a tracked change, so the commit stores it.
     */
    @SuppressWarnings("unchecked")
    private void dropDeletedTargets(EObject object, EReference r) {
        Object v = object.eGet(r, false);
        List<EObject> deleted = new ArrayList<>();
        for (Object t : r.isMany() ? (List<?>) v : v == null ? List.of() : List.of(v)) {
            Entry te = t instanceof EObject o ? tracker.entryOf(o) : null;
            if (te != null && !te.isNew && tracker.baseState(te) == dev.strata.core.ObjectState.DELETED) {
                deleted.add(te.object);
            }
        }
        if (deleted.isEmpty()) {
            return;
        }
        if (r.isMany()) {
            ((List<EObject>) v).removeAll(deleted);
        } else {
            object.eUnset(r);
        }
    }

    @SuppressWarnings("unchecked")
    private void readChildren(EObject object, EReference r, Object value, LazyLoading.Pending pending) {
        if (r.isMany() && value instanceof List<?> l && l.size() > listPage && readPaged(object, r, l, pending)) {
            return;
        }
        Map<ObjectId, Record> records = new HashMap<>();
        for (int attempt = 0;; attempt++) {
            records.clear();
            List<ObjectId> unknown = unknownChildren(value);
            for (int i = 0; i < unknown.size(); i += PAGE) {
                records.putAll(
                        state.repository.store().loadAll(unknown.subList(i, Math.min(unknown.size(), i + PAGE))));
            }
            Record newer = attempt < MAX_REREADS ? newerIfChildrenMoved(object, r, unknown, records) : null;
            if (newer == null) {
                break;
            }
            value = newer.values().get(r.getName());
        }
        EmfRecords.fillContent(object, r, value, id -> {
            Entry known = state.byId.get(id);
            if (known != null) {
                EObject k = known.object;
                if (k.eContainer() == object && k.eContainmentFeature() == r) {
                    // Read early and linked here: the list takes it now.
                    ((InternalEObject) k).eBasicSetContainer(null, InternalEObject.EOPPOSITE_FEATURE_BASE, null);
                    return k;
                }
                return null; // this session moved it elsewhere: its pending move stands
            }
            Record record = records.get(id);
            return record == null ? null : materializer.loose(record, lazy); // null: deleted since
        });
        // Read early, but the record read now (a newer one, after a refresh) no longer lists them:
        // clean ones leave the session, as a refresh drops them; ones with pending work stay linked
        // and their commit meets the conflict.
        if (pending.early().isEmpty()) {
            return;
        }
        Set<EObject> listed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Object now = object.eGet(r);
        listed.addAll(r.isMany() ? (List<EObject>) now : now == null ? List.of() : List.of((EObject) now));
        settleEarly(object, r, pending, e -> listed.contains(e.object));
    }

    /**
     * Children read early and linked to the object, once its feature {@code r} is read: ones this
     * session moved elsewhere are forgotten here; clean ones the list read does not name leave the
     * session (as a refresh drops them); ones with pending work stay linked for their commit to meet
     * the conflict; ones listed by a feature still to be read wait for it.
     */
    private void settleEarly(EObject object, EReference r, LazyLoading.Pending pending, Predicate<Entry> listed) {
        pending.early().removeIf(early -> {
            if (early.eContainer() != object) {
                return true; // moved by this session
            }
            if (early.eContainmentFeature() != r) {
                return false; // listed by a feature still to be read
            }
            Entry e = tracker.entryOf(early);
            if (e != null && !listed.test(e) && !e.isNew && !e.hasOriginals() && !e.deleted) {
                ((InternalEObject) early).eBasicSetContainer(null, InternalEObject.EOPPOSITE_FEATURE_BASE, null);
                tracker.discard(e);
            }
            return true;
        });
    }

    /** How often a list is read again when commits keep changing it while it is read. */
    private static final int MAX_REREADS = 50;

    private List<ObjectId> unknownChildren(Object value) {
        List<?> ids = value instanceof List<?> l ? l : value instanceof ObjectId ? List.of(value) : List.of();
        List<ObjectId> unknown = new ArrayList<>();
        for (Object id : ids) {
            if (!state.byId.containsKey((ObjectId) id)) {
                unknown.add((ObjectId) id);
            }
        }
        return unknown;
    }

    /**
     * A list is read after the record that names its children: a commit in between may have
     * deleted or moved some. Then a clean object takes its newer record (as a refresh would) and
     * the list is read from that, so it is never part of a commit; an object with pending work
     * keeps its record, and its commit meets the conflict. Null if the children read are as named.
     */
    private Record newerIfChildrenMoved(EObject object, EReference feature, List<ObjectId> unknown,
            Map<ObjectId, Record> records) {
        Entry owner = tracker.entryOf(object);
        boolean moved = false;
        for (ObjectId id : unknown) {
            Record child = records.get(id);
            if (child == null || !owner.id.equals(child.container())) {
                moved = true;
                break;
            }
        }
        if (!moved || refresher == null || tracker.baseState(owner) != dev.strata.core.ObjectState.CLEAN) {
            return null;
        }
        Record newer = state.repository.store().load(owner.id).orElse(null);
        if (newer == null || newer.version() == owner.version) {
            return null;
        }
        List<Entry> detached = new ArrayList<>();
        refresher.apply(owner, newer, Set.of(feature), detached); // the list is read here
        refresher.discardDetached(detached, new ArrayList<>());
        owner.version = newer.version();
        return newer;
    }

    private Refresher refresher;

    /** The refresher lists read late take newer records with (set once the session has one). */
    void useRefresher(Refresher r) {
        this.refresher = r;
    }

    /** Makes the children of a paged list's page, in order (see PagedList). */
    private final PagedList.Pages pages = new PagedList.Pages() {
        @Override
        public EObject[] page(PagedList<?> list, int from, int to) {
            return IdentityMap.this.page(list, from, to);
        }

        @Override
        public ObjectId idOf(EObject object) {
            Entry e = tracker.entryOf(object);
            return e == null ? null : e.id;
        }

        @Override
        public EObject held(ObjectId id) {
            Entry e = state.byId.get(id);
            return e == null || e.discarded ? null : e.object;
        }

        @Override
        public EObject object(ObjectId id) {
            EObject o = find(id);
            if (o == null) {
                throw new StrataException("No object " + id + " in store '" + state.repository.store().name() + "'");
            }
            return o;
        }
    };

    /**
     * A long list is read as ids only: its children are made a page at a time when asked for, and
     * held weakly. False (read it whole) if the object already holds children in that list.
     */
    private boolean readPaged(EObject object, EReference r, List<?> stored, LazyLoading.Pending pending) {
        if (!((List<?>) object.eGet(r, false)).isEmpty()) {
            return false;
        }
        PagedList<EObject> all = new PagedList<>((InternalEObject) object, r, IdList.of(stored), listPage, pages);
        // Objects the session holds elsewhere keep their place (a pending move, or a move by a
        // commit not refreshed yet): the list leaves them out. Checked from the session's side,
        // so a list of millions costs nothing per id here.
        List<Integer> elsewhere = new ArrayList<>();
        for (Entry known : state.byId.values()) {
            EObject o = known.object;
            if (o != object && (o.eContainer() != object || o.eContainmentFeature() != r)) {
                int at = all.positionOf(known.id);
                if (at >= 0) {
                    elsewhere.add(at);
                }
            }
        }
        PagedList<EObject> list = elsewhere.isEmpty() ? all : new PagedList<>((InternalEObject) object, r,
                all.ids().without(new java.util.HashSet<>(elsewhere)), listPage, pages);
        // Read early and linked here: the list names them (they are found by id when their page is
        // made); the others are settled as for a list read whole.
        settleEarly(object, r, pending, e -> list.positionOf(e.id) >= 0);
        LazyLoading.install(object, r, list);
        return true;
    }

    /** The children at [from, to) of a paged list: the session's own, the others read in one call. */
    private EObject[] page(PagedList<?> list, int from, int to) {
        EObject owner = list.getEObject();
        EReference r = (EReference) list.getEStructuralFeature();
        if (state.closed) {
            throw LazyLoading.closed(owner, r, state.id);
        }
        EObject[] made = new EObject[to - from];
        List<ObjectId> unknown = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ObjectId id = list.idAt(i);
            Entry known = state.byId.get(id);
            if (known != null) {
                made[i - from] = known.object;
            } else {
                unknown.add(id);
            }
        }
        if (unknown.isEmpty()) {
            return made;
        }
        Entry ownerEntry = tracker.entryOf(owner);
        if (ownerEntry == null) {
            throw new StrataException(Labels.of(owner) + " is no longer in session " + state.id + ", so its "
                    + r.getName() + " cannot be read");
        }
        Map<ObjectId, Record> records = state.repository.store().loadAll(unknown);
        quietly(() -> {
            pageLoads++;
            try {
                for (int i = from; i < to; i++) {
                    if (made[i - from] != null) {
                        continue;
                    }
                    ObjectId id = list.idAt(i);
                    Record record = records.get(id);
                    if (record == null || !ownerEntry.id.equals(record.container())) {
                        throw new StrataException(Labels.of(owner) + "." + r.getName() + " lists " + id
                                + " at position " + i + ", which a commit since this session read the list "
                                + (record == null ? "deleted" : "moved") + "; refresh " + ownerEntry.id
                                + " (Session.refresh) to read the list as stored now");
                    }
                    EObject child = materializer.loose(record, lazy);
                    link(owner, r, child);
                    made[i - from] = child;
                }
            } finally {
                pageLoads--;
            }
            return null;
        }, () -> { });
        return made;
    }

    /**
     * A child of a paged list asked for by id: found in the list of its container that names it,
     * made with its page. Null if no paged list of the container names it.
     */
    private Entry loadFromPagedList(EObject container, ObjectId id) {
        for (EStructuralFeature f : Features.persistent(container.eClass())) {
            if (f instanceof EReference r && r.isContainment() && r.isMany() && !LazyLoading.missing(container, f)
                    && container.eGet(f, false) instanceof PagedList<?> list && list.paged()) {
                int position = list.positionOf(id);
                if (position >= 0) {
                    Object made = list.one(position);
                    Entry e = state.byId.get(id);
                    java.lang.ref.Reference.reachabilityFence(made); // held weakly: keep it until its entry is
                    return e;
                }
            }
        }
        return null;
    }

    /**
     * Reads an object's containment down to {@code depth} levels (0: its own features), and the
     * references of everything read, so later access needs no store call.
     */
    void prefetch(EObject object, int depth) {
        for (EStructuralFeature f : Features.persistent(object.eClass())) {
            if (!(f instanceof EReference r)) {
                continue;
            }
            Object v = object.eGet(f, false); // reads it if missing
            if (r.isContainment() && depth > 0) {
                for (Object child : f.isMany() ? (List<?>) v : v == null ? List.of() : List.of(v)) {
                    prefetch((EObject) child, depth - 1);
                }
            }
        }
    }

    @Override
    public EObject existing(ObjectId objectId) {
        Entry e = state.byId.get(objectId);
        return e == null ? null : e.object;
    }

    @Override
    public void created(EObject object, Record record) {
        Entry e = new Entry(tracker, object, record.id(), record.version(), false, record.container());
        e.xmiId = record.xmiId();
        if (pageLoads > 0) {
            state.byId.putWeak(record.id(), e); // released once nothing holds it (see PagedList)
        } else {
            state.byId.put(record.id(), e);
        }
        e.attach();
        if (loading != null) {
            loading.add(e);
        }
    }

    Optional<EObject> findByKey(EClass eClass, Object key) {
        EAttribute idAttribute = eClass.getEIDAttribute();
        if (idAttribute == null) {
            throw new StrataException(eClass.getName() + " declares no ID attribute, so it has no primary key");
        }
        for (Entry e : state.touched) {
            if (e.object.eClass() == eClass && !e.discarded && Objects.equals(e.object.eGet(idAttribute), key)
                    && !tracker.gone(e)) {
                return Optional.of(e.object);
            }
        }
        for (EObject o : query(Query.on(eClass).eq(idAttribute, key))) {
            if (Objects.equals(o.eGet(idAttribute), key)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    List<EObject> query(Query query) {
        List<ObjectId> ids = queryCache.get(query);
        Map<ObjectId, Record> hints = Map.of();
        if (ids == null) {
            List<Record> records = state.repository.store().query(query);
            ids = records.stream().map(Record::id).toList();
            hints = new HashMap<>();
            for (Record r : records) {
                hints.put(r.id(), r);
            }
            queryCache.put(query, ids);
        }
        List<EObject> result = new ArrayList<>(ids.size());
        for (ObjectId oid : ids) {
            Entry e = load(oid, hints.get(oid));
            if (e != null && !e.discarded) {
                result.add(e.object);
            }
        }
        return result;
    }

    void invalidateQueries(Set<String> types) {
        queryCache.keySet().removeIf(q -> types.contains(q.type().toString()));
    }

    void invalidateAllQueries() {
        queryCache.clear();
    }

    Map<Object, Long> countBy(EClass eClass, EAttribute attribute) {
        Map<Object, Long> stored = state.repository.store().countBy(TypeRef.of(eClass), attribute.getName());
        Map<Object, Long> result = new LinkedHashMap<>();
        stored.forEach((k, v) -> result.merge(Values.fromRecord(attribute, k), v, Long::sum));
        return result;
    }

    List<EObject> roots() {
        List<ObjectId> stored = state.repository.store().rootIds();
        List<ObjectId> missing = new ArrayList<>();
        for (ObjectId id : stored) {
            if (!state.byId.containsKey(id)) {
                missing.add(id);
            }
        }
        Map<ObjectId, Record> records = Map.of();
        List<ObjectId> eager = missing;
        if (lazy.enabled && !missing.isEmpty()) {
            // Roots of lazy classes are read alone; the others with their trees, as before.
            records = state.repository.store().loadAll(missing);
            eager = new ArrayList<>();
            for (ObjectId id : missing) {
                Record r = records.get(id);
                if (r != null && !lazy.lazy(materializer.eClassOf(r))) {
                    eager.add(id);
                }
            }
        }
        // Many roots (UML's stereotype applications) are read together, not tree by tree.
        Map<ObjectId, Record> trees = eager.size() > 1 ? state.repository.store().loadTrees(eager) : Map.of();
        for (ObjectId id : stored) {
            Record hint = trees.containsKey(id) ? trees.get(id) : records.get(id);
            load(id, hint, trees); // a root deleted meanwhile is not there: skipped
        }
        return List.copyOf(state.resource.getContents());
    }
}
