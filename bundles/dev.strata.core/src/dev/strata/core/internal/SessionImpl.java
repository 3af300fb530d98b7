package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.ECollections;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.change.ChangeDescription;
import org.eclipse.emf.ecore.change.ChangeFactory;
import org.eclipse.emf.ecore.change.FeatureChange;
import org.eclipse.emf.ecore.change.ResourceChange;
import org.eclipse.emf.ecore.change.util.ListDifferenceAnalyzer;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMap;
import org.eclipse.emf.ecore.util.FeatureMapUtil;
import org.eclipse.emf.ecore.util.InternalEList;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.osgi.service.event.Event;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.EmfRecords;
import dev.strata.core.ExternalRef;
import dev.strata.core.ModelStore;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.PendingCommit;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.Repository;
import dev.strata.core.Savepoint;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.UriRef;
import dev.strata.core.Validation;
import dev.strata.core.Values;
import dev.strata.core.Veto;
import dev.strata.core.VetoException;

/**
 * The unit of work. Every managed object carries an {@link Entry} adapter; the first change of a
 * feature records its persistent value, later changes compare against it, so DIRTY follows the
 * real difference and costs a map lookup per notification. Only entries in {@link #touched} can
 * have pending changes, so commit and rollback cost what changed, not what was loaded.
 */
final class SessionImpl implements Session, StrataResource.Lookup, Materializer.Identity {

    /** Marks the original value of an unsettable feature that was not set. */
    private static final Object UNSET = new Object();

    private final RepositoryImpl repository;
    private final String id = UUID.randomUUID().toString();
    private final ResourceSet resourceSet = new ResourceSetImpl();
    private final StrataResource resource;
    private final Materializer materializer;
    private final Map<ObjectId, Entry> byId = new HashMap<>();
    private final Set<Entry> touched = new LinkedHashSet<>();
    private final Map<Query, List<ObjectId>> queryCache = new ConcurrentHashMap<>();
    private final List<Veto> vetoes = new ArrayList<>();
    /** Root objects the store has, as they were before roots were added or removed; null if unchanged. */
    private List<EObject> originalRoots;
    private final List<SavepointImpl> liveSavepoints = new ArrayList<>();
    /** Entries created by the load under way, removed again if it fails. */
    private List<Entry> loading;
    private int suppress;
    private int generation;
    private boolean closed;
    private boolean announcedDirty;
    /** An edit announcement is scheduled and has not read the session yet (set here, cleared by the timer). */
    private volatile boolean editAnnounced;
    /** What the last announcement says is pending; the timer thread reads it. */
    private volatile int pendingCount;
    /** True while importRoots adds: the objects adopted are marked imported. */
    private boolean importing;

    SessionImpl(RepositoryImpl repository) {
        this(repository, null);
    }

    /**
     * @param emfUri null for a session of Strata's API; else the URI of a resource handed to a
     *               plain EMF resource set (which takes it in), loaded, saved and unloaded by EMF
     */
    SessionImpl(RepositoryImpl repository, URI emfUri) {
        this.repository = repository;
        String store = repository.store().name();
        this.resource = emfUri == null ? new StrataResource(Materializer.storeUri(store), this)
                : new StrataResource(emfUri, this, true);
        if (emfUri == null) {
            resourceSet.getResources().add(resource);
        }
        resourceSet.getResourceFactoryRegistry().getProtocolToFactoryMap().put(Materializer.SCHEME,
                (Resource.Factory) uri -> ForeignResource.create(repository, uri.authority()));
        resource.eAdapters().add(new AdapterImpl() {
            @Override
            public void notifyChanged(Notification n) {
                if (n.getFeatureID(Resource.class) == Resource.RESOURCE__CONTENTS) {
                    rootsChanged(n);
                }
            }
        });
        this.materializer = new Materializer(repository, store, repository.store(), this);
    }

    // ------------------------------------------------------------------ identity and loading

    @Override
    public String id() {
        return id;
    }

    @Override
    public Repository repository() {
        return repository;
    }

    @Override
    public Resource resource() {
        return resource;
    }

    @Override
    public Optional<EObject> find(ObjectId objectId) {
        checkOpen();
        Entry e = load(objectId, null);
        return e == null || e.discarded ? Optional.empty() : Optional.of(e.object);
    }

    @Override
    public EObject get(ObjectId objectId) {
        return find(objectId).orElseThrow(() -> new StrataException("No object " + objectId + " in store '"
                + repository.store().name() + "' (repository '" + repository.name() + "')"));
    }

    /** Proxies resolve here (StrataResource.Lookup). */
    @Override
    public EObject resolve(ObjectId objectId) {
        if (closed) {
            return null;
        }
        Entry e = load(objectId, null);
        return e == null || e.discarded ? null : e.object;
    }

    /** The loaded objects by imported xmi:id, rebuilt when objects were added since. */
    private Map<String, Entry> byXmiId;
    private int byXmiIdSize = -1;

    /**
     * Fragments that are imported xmi:ids resolve here, among the objects read so far (an EMF
     * tool's resource reads every root's tree on load). Never a store call: EMF's validation asks
     * the resource for every ID attribute's value.
     */
    @Override
    public EObject resolveXmiId(String xmiId) {
        if (closed) {
            return null;
        }
        Entry e = loadedByXmiId(xmiId);
        return e == null || e.discarded ? null : e.object;
    }

    private Entry loadedByXmiId(String xmiId) {
        if (byXmiId == null || byXmiIdSize != byId.size()) {
            byXmiId = new HashMap<>();
            byId.values().forEach(e -> {
                if (e.xmiId != null) {
                    byXmiId.put(e.xmiId, e);
                }
            });
            byXmiIdSize = byId.size();
        }
        return byXmiId.get(xmiId);
    }

    @Override
    public ObjectId idOf(EObject object) {
        ObjectId known = knownId(object);
        if (known != null) {
            return known;
        }
        throw new StrataException(Features.describe(object) + " is not managed by session " + id);
    }

    @Override
    public void loadRoots() {
        roots();
    }

    @Override
    public void commitFromResource() {
        commit("saved through an EMF resource");
    }

    @Override
    public boolean dirty() {
        return !closed && isDirty();
    }

    @Override
    public void closeFromResource() {
        close();
    }

    @Override
    public ObjectId knownId(EObject object) {
        Entry e = entryOf(object);
        if (e != null) {
            return e.id;
        }
        ExternalRef ref = object.eIsProxy() ? Materializer.parseProxy(((InternalEObject) object).eProxyURI()) : null;
        return ref == null ? null : ref.id();
    }

    private Entry load(ObjectId objectId, Record hint) {
        return load(objectId, hint, Map.of());
    }

    /** Loads an object with its root's tree, taken from {@code trees} when they hold it. */
    private Entry load(ObjectId objectId, Record hint, Map<ObjectId, Record> trees) {
        Entry known = byId.get(objectId);
        if (known != null) {
            return known;
        }
        Record record = hint != null ? hint : repository.store().load(objectId).orElse(null);
        if (record == null) {
            return null;
        }
        if (record.container() != null) {
            // Containment is loaded as a whole: loading the root container brings this object in.
            Entry container = load(record.container(), null);
            if (container == null) {
                throw new StrataException("Store '" + repository.store().name() + "' is inconsistent: object "
                        + objectId + " names container " + record.container() + ", which does not exist");
            }
            return byId.get(objectId);
        }
        suppress++;
        List<Entry> outer = loading;
        loading = new ArrayList<>();
        try {
            EObject root = materializer.tree(record.id(),
                    trees.containsKey(record.id()) ? trees : repository.store().loadTree(record.id()), resource);
            if (root == null) {
                return null; // deleted by a commit since the record was read
            }
            // A root loaded now was in the store all along: every restore point must keep it.
            if (originalRoots != null) {
                originalRoots.add(root);
            }
            for (SavepointImpl sp : liveSavepoints) {
                if (sp.rootsThen != null) {
                    sp.rootsThen.add(root);
                }
            }
        } catch (RuntimeException e) {
            for (Entry partial : loading) {
                partial.object.eAdapters().remove(partial);
                byId.remove(partial.id);
            }
            throw e;
        } finally {
            loading = outer;
            suppress--;
        }
        return byId.get(objectId);
    }

    @Override
    public EObject existing(ObjectId objectId) {
        Entry e = byId.get(objectId);
        return e == null ? null : e.object;
    }

    @Override
    public void created(EObject object, Record record) {
        Entry e = new Entry(this, object, record.id(), record.version(), false, record.container());
        e.xmiId = record.xmiId();
        byId.put(record.id(), e);
        object.eAdapters().add(e);
        if (loading != null) {
            loading.add(e);
        }
    }

    Entry entryOf(EObject object) {
        for (Adapter a : object.eAdapters()) {
            if (a instanceof Entry e && e.session == this) {
                return e;
            }
        }
        return null;
    }

    @Override
    public Optional<EObject> findByKey(EClass eClass, Object key) {
        checkOpen();
        EAttribute idAttribute = eClass.getEIDAttribute();
        if (idAttribute == null) {
            throw new StrataException(eClass.getName() + " declares no ID attribute, so it has no primary key");
        }
        for (Entry e : touched) {
            if (e.object.eClass() == eClass && !e.discarded && Objects.equals(e.object.eGet(idAttribute), key)
                    && baseState(e) != ObjectState.DELETED && baseState(e) != ObjectState.DISCARDED) {
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

    @Override
    public List<EObject> query(Query query) {
        checkOpen();
        List<ObjectId> ids = queryCache.get(query);
        Map<ObjectId, Record> hints = Map.of();
        if (ids == null) {
            List<Record> records = repository.store().query(query);
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

    @Override
    public Map<Object, Long> countBy(EClass eClass, EAttribute attribute) {
        checkOpen();
        Map<Object, Long> stored = repository.store().countBy(TypeRef.of(eClass), attribute.getName());
        Map<Object, Long> result = new LinkedHashMap<>();
        stored.forEach((k, v) -> result.merge(Values.fromRecord(attribute, k), v, Long::sum));
        return result;
    }

    @Override
    public List<EObject> roots() {
        checkOpen();
        List<ObjectId> stored = repository.store().rootIds();
        List<ObjectId> missing = new ArrayList<>();
        for (ObjectId id : stored) {
            if (!byId.containsKey(id)) {
                missing.add(id);
            }
        }
        // Many roots (UML's stereotype applications) are read together, not tree by tree.
        Map<ObjectId, Record> trees = missing.size() > 1 ? repository.store().loadTrees(missing) : Map.of();
        for (ObjectId id : stored) {
            load(id, trees.get(id), trees); // a root deleted meanwhile is not there: skipped
        }
        return List.copyOf(resource.getContents());
    }

    @Override
    public List<EObject> refresh(Collection<ObjectId> ids) {
        checkOpen();
        List<EObject> updated = new ArrayList<>();
        List<ObjectId> wanted = new ArrayList<>();
        for (ObjectId id : ids) {
            Entry e = byId.get(id);
            if (e != null && !e.isNew && !e.discarded && baseState(e) == ObjectState.CLEAN && !e.conflict) {
                wanted.add(id);
            }
        }
        Map<ObjectId, Record> records = repository.store().loadAll(wanted);
        List<Entry> detached = new ArrayList<>();
        suppress++;
        try {
            for (Map.Entry<ObjectId, Record> r : records.entrySet()) {
                Entry e = byId.get(r.getKey());
                if (e == null || r.getValue().version() == e.version || wouldDropPendingWork(e, r.getValue())) {
                    continue;
                }
                for (EStructuralFeature f : Features.persistent(e.object.eClass())) {
                    if (!r.getValue().values().containsKey(f.getName())) {
                        continue;
                    }
                    Object value = r.getValue().values().get(f.getName());
                    if (Features.isContainment(f)) {
                        refreshContents(e, (EReference) f, value, detached);
                    } else if (FeatureMapUtil.isFeatureMap(f)) {
                        refreshFeatureMap(e, f, value, detached);
                    } else {
                        materializer.setValue(e.object, f, value);
                    }
                }
                e.version = r.getValue().version();
                updated.add(e.object);
            }
            // Deleted elsewhere: out of the session, with everything they contain.
            for (ObjectId id : wanted) {
                Entry e = byId.get(id);
                if (!records.containsKey(id) && e != null) {
                    EcoreUtil.remove(e.object);
                    detached.add(e);
                }
            }
            for (Entry e : detached) {
                // Moved into a container this session holds: still attached, and kept.
                if (e.discarded || e.object.eResource() == resource) {
                    continue;
                }
                updated.add(e.object);
                discard(e);
                for (java.util.Iterator<EObject> it = e.object.eAllContents(); it.hasNext();) {
                    Entry inner = entryOf(it.next());
                    if (inner != null && !inner.isNew) {
                        discard(inner);
                    }
                }
            }
        } finally {
            suppress--;
        }
        if (!detached.isEmpty()) {
            announceNow();
        }
        return updated;
    }

    /**
     * True if the record takes away a child with pending changes: the object is then left as it is
     * (its own commit will meet the conflict) rather than dropping the user's work.
     */
    private boolean wouldDropPendingWork(Entry parent, Record record) {
        for (EStructuralFeature f : Features.persistent(parent.object.eClass())) {
            if (!Features.isContainment(f) || !record.values().containsKey(f.getName())) {
                continue;
            }
            Object value = record.values().get(f.getName());
            List<?> ids = value == null ? List.of() : f.isMany() ? (List<?>) value : List.of(value);
            Object now = parent.object.eGet(f);
            List<?> children = f.isMany() ? (List<?>) now : now == null ? List.of() : List.of(now);
            for (Object child : children) {
                Entry ce = entryOf((EObject) child);
                if (ce != null && !ids.contains(ce.id) && (ce.hasOriginals() || ce.isNew || ce.deleted)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Makes a containment feature of a refreshed object hold the children its record names: known
     * objects are moved here, unknown ones are loaded with their contents, and children no longer
     * named are collected for the caller to drop unless another refreshed container took them.
     */
    @SuppressWarnings("unchecked")
    private void refreshContents(Entry parent, EReference r, Object value, List<Entry> detached) {
        List<?> ids = value == null || value == Nil.VALUE ? List.of() : r.isMany() ? (List<?>) value : List.of(value);
        List<EObject> current = new ArrayList<>();
        if (r.isMany()) {
            current.addAll((List<EObject>) parent.object.eGet(r));
        } else if (parent.object.eGet(r) != null) {
            current.add((EObject) parent.object.eGet(r));
        }
        List<ObjectId> currentIds = current.stream().map(o -> {
            Entry ce = entryOf(o);
            return ce == null ? null : ce.id;
        }).toList();
        if (currentIds.equals(ids)) {
            return;
        }
        List<EObject> next = new ArrayList<>();
        for (Object v : ids) {
            EObject child = refreshedChild((ObjectId) v);
            if (child != null) {
                next.add(child);
            }
        }
        if (r.isMany()) {
            org.eclipse.emf.common.util.ECollections.setEList((EList<EObject>) parent.object.eGet(r), next);
        } else {
            parent.object.eSet(r, next.isEmpty() ? null : next.get(0));
        }
        settleChildren(parent, current, next, detached);
    }

    /** A child a refreshed record names: the session's object, or the child read with its contents (null if gone). */
    private EObject refreshedChild(ObjectId id) {
        Entry known = byId.get(id);
        return known != null ? known.object : materializer.tree(id); // one read of the child and its contents
    }

    /** After a refresh set a parent's children: the ones no longer there go to detached, the others are stored under it. */
    private void settleChildren(Entry parent, List<EObject> before, List<EObject> after, List<Entry> detached) {
        for (EObject old : before) {
            if (!after.contains(old) && entryOf(old) != null) {
                detached.add(entryOf(old));
            }
        }
        for (EObject child : after) {
            Entry ce = entryOf(child);
            if (ce != null) {
                ce.persistedContainer = parent.id;
            }
        }
    }

    /**
     * A feature map of a refreshed object set to its record's entries: contained objects known to
     * the session are moved in, unknown ones loaded with their contents, and the ones no longer
     * named collected for the caller to drop, as {@link #refreshContents} does.
     */
    private void refreshFeatureMap(Entry parent, EStructuralFeature f, Object value, List<Entry> detached) {
        List<EObject> before = new ArrayList<>();
        for (Object x : basic(parent.object, f)) {
            if (contained(x) instanceof EObject child) {
                before.add(child);
            }
        }
        List<EObject> after = new ArrayList<>();
        materializer.setFeatureMap(parent.object, f, value, id -> {
            EObject child = refreshedChild(id);
            if (child != null) {
                after.add(child);
            }
            return child;
        });
        settleChildren(parent, before, after, detached);
    }

    // ------------------------------------------------------------------ editing

    @Override
    public <T extends EObject> T add(T root) {
        checkOpen();
        Objects.requireNonNull(root, "root");
        Entry e = entryOf(root);
        if (e != null && baseState(e) != ObjectState.DELETED && baseState(e) != ObjectState.DISCARDED) {
            throw new StrataException(Features.describe(root) + " is already in the session");
        }
        resource.getContents().add(root); // adopted through the roots notification
        return root;
    }

    @Override
    public void importRoots(Collection<? extends EObject> roots) {
        checkOpen();
        // The XMI ids go with the objects' old resource as they move into the session: read them first.
        Map<EObject, String> xmiIds = new java.util.IdentityHashMap<>();
        for (EObject root : roots) {
            if (root.eResource() instanceof XMLResource xml) {
                xmiIds.put(root, xml.getID(root));
                for (TreeIterator<EObject> it = root.eAllContents(); it.hasNext();) {
                    EObject o = it.next();
                    xmiIds.put(o, xml.getID(o));
                }
            }
        }
        boolean outer = importing;
        importing = true;
        try {
            for (EObject root : roots) {
                add(root);
            }
        } finally {
            importing = outer;
        }
        xmiIds.forEach((o, xmiId) -> {
            Entry e = entryOf(o);
            if (e != null && xmiId != null && !xmiId.equals(e.id.toString())) {
                e.xmiId = xmiId;
            }
        });
    }

    @Override
    public String xmiId(EObject object) {
        Entry e = entryOf(object);
        return e != null && e.xmiId != null ? e.xmiId : idOf(object).toString();
    }

    @Override
    public void delete(EObject object) {
        checkOpen();
        Entry e = entryOf(object);
        if (e == null || e.discarded) {
            throw new StrataException(Features.describe(object) + " is not managed by this session");
        }
        e.deleted = true;
        touched.add(e);
        // Removes the object from its container and references to it (and its contents) from loaded objects.
        EcoreUtil.delete(object, true);
        announce();
    }

    @Override
    public ObjectState state(EObject object) {
        Entry e = entryOf(object);
        if (e == null) {
            return ObjectState.DISCARDED;
        }
        return e.conflict && !e.discarded ? ObjectState.CONFLICT : baseState(e);
    }

    private ObjectState baseState(Entry e) {
        if (e.discarded) {
            return ObjectState.DISCARDED;
        }
        boolean attached = e.object.eResource() == resource;
        if (e.isNew) {
            return attached && EmfRecords.isStored(e.object) ? ObjectState.NEW : ObjectState.DISCARDED;
        }
        if (e.deleted || !attached) {
            return ObjectState.DELETED;
        }
        if (e.hasOriginals() || !Objects.equals(containerId(e.object), e.persistedContainer)) {
            return ObjectState.DIRTY;
        }
        return ObjectState.CLEAN;
    }

    private ObjectId containerId(EObject object) {
        EObject container = object.eContainer();
        if (container == null) {
            return null;
        }
        Entry c = entryOf(container);
        return c == null ? null : c.id;
    }

    @Override
    public long versionOf(EObject object) {
        Entry e = entryOf(object);
        if (e == null) {
            throw new StrataException(Features.describe(object) + " is not managed by this session");
        }
        return e.version;
    }

    @Override
    public Object persistentValue(EObject object, EStructuralFeature feature) {
        Entry e = entryOf(object);
        if (e == null) {
            throw new StrataException(Features.describe(object) + " is not managed by this session");
        }
        // UNSET is this class's marker for an unset unsettable feature: callers see the default.
        Object v = e.originals != null && e.originals.containsKey(feature) ? e.originals.get(feature)
                : current(object, feature);
        return v == UNSET ? feature.getDefaultValue() : v;
    }

    @Override
    public Map<ObjectState, List<EObject>> pending() {
        Map<ObjectState, List<EObject>> result = new EnumMap<>(ObjectState.class);
        Set<EObject> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Entry e : touched) {
            ObjectState s = state(e.object);
            if (s == ObjectState.CLEAN || s == ObjectState.DISCARDED) {
                continue;
            }
            if (seen.add(e.object)) {
                result.computeIfAbsent(s, k -> new ArrayList<>()).add(e.object);
            }
            if (s == ObjectState.DELETED) {
                for (Entry child : persistentContents(e)) {
                    if (seen.add(child.object)) {
                        result.computeIfAbsent(ObjectState.DELETED, k -> new ArrayList<>()).add(child.object);
                    }
                }
            }
        }
        return result;
    }

    @Override
    public boolean isDirty() {
        for (Entry e : touched) {
            ObjectState s = baseState(e);
            if (s == ObjectState.NEW || s == ObjectState.DIRTY || s == ObjectState.DELETED) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ change tracking

    void recordChange(Entry e, Notification n) {
        if (suppress > 0 || n.isTouch() || closed || e.discarded) {
            return;
        }
        int type = n.getEventType();
        if (type == Notification.REMOVING_ADAPTER || type == Notification.RESOLVE) {
            return;
        }
        if (!(n.getFeature() instanceof EStructuralFeature f) || !Features.isPersistent(f)) {
            return;
        }
        if (Features.isContainment(f) || FeatureMapUtil.isFeatureMap(f)) {
            containmentChanged(n);
        }
        FeatureValues originals = e.originals();
        Object now = current(e.object, f);
        if (!originals.containsKey(f)) {
            Object before = valueBefore(e.object, f, n);
            if (!sameValue(f, before, now)) {
                originals.put(f, before);
                touch(e);
            }
        } else if (sameValue(f, originals.get(f), now)) {
            originals.remove(f);
            untouchIfClean(e);
        } else {
            announce(); // a further change to an object already pending: views show the new value
        }
    }

    /** Marks an object changed; every change is announced (see announce), not only the first. */
    private void touch(Entry e) {
        touched.add(e);
        announce();
    }

    private void untouchIfClean(Entry e) {
        if (!e.isNew && !e.deleted && !e.conflict && !e.hasOriginals()
                && Objects.equals(containerId(e.object), e.persistedContainer) && e.object.eResource() == resource) {
            touched.remove(e);
            announce();
        }
    }

    /** Objects put into or taken out of a containment feature: adopt new ones, re-check moved ones. */
    private void containmentChanged(Notification n) {
        switch (n.getEventType()) {
            case Notification.ADD, Notification.SET -> arrived(n.getNewValue());
            case Notification.ADD_MANY -> ((Collection<?>) n.getNewValue()).forEach(this::arrived);
            default -> { }
        }
        switch (n.getEventType()) {
            case Notification.REMOVE, Notification.SET, Notification.UNSET -> left(n.getOldValue());
            case Notification.REMOVE_MANY -> ((Collection<?>) n.getOldValue()).forEach(this::left);
            default -> { }
        }
    }

    /** The object a containment change concerns: a feature map's entry stands for its value if contained. */
    private static Object contained(Object value) {
        if (value instanceof FeatureMap.Entry entry) {
            return Features.isContainment(entry.getEStructuralFeature()) ? entry.getValue() : null;
        }
        return value;
    }

    private void arrived(Object value) {
        if (!(contained(value) instanceof EObject o)) {
            return;
        }
        Entry e = entryOf(o);
        if (e == null || e.discarded) {
            adopt(o);
        } else {
            e.deleted = false;
            touch(e);
            untouchIfClean(e);
        }
    }

    private void left(Object value) {
        if (contained(value) instanceof EObject o) {
            Entry e = entryOf(o);
            if (e != null) {
                touch(e);
            }
        }
    }

    /** A new object (and everything it contains) enters the session. */
    private void adopt(EObject object) {
        adoptOne(object);
        for (TreeIterator<EObject> it = object.eAllContents(); it.hasNext();) {
            EObject child = it.next();
            Entry e = entryOf(child);
            if (e == null || e.discarded) {
                adoptOne(child);
            } else {
                e.deleted = false;
                touch(e);
            }
        }
    }

    private void adoptOne(EObject object) {
        if (object.eIsProxy()) {
            throw new StrataException("Cannot add an unresolved proxy (" + ((InternalEObject) object).eProxyURI()
                    + ") as a new object");
        }
        Entry e = new Entry(this, object, ObjectId.random(), 0, true, null);
        e.imported = importing;
        byId.put(e.id, e);
        object.eAdapters().add(e);
        touch(e);
    }

    private void rootsChanged(Notification n) {
        if (suppress > 0 || n.isTouch() || closed) {
            return;
        }
        if (originalRoots == null) {
            originalRoots = listBefore(resource.getContents(), n);
        }
        containmentChanged(n);
    }

    /** The current value; lists are copied without resolving proxies. */
    private static Object current(EObject object, EStructuralFeature f) {
        if (f.isMany()) {
            return new ArrayList<>(basic(object, f));
        }
        if (f.isUnsettable() && !object.eIsSet(f)) {
            return UNSET;
        }
        return object.eGet(f, false);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> basic(EObject object, EStructuralFeature f) {
        Object list = object.eGet(f, false);
        return list instanceof InternalEList<?> il ? (List<Object>) il.basicList() : (List<Object>) list;
    }

    /** Reconstructs the value a feature had before the change a notification reports. */
    private static Object valueBefore(EObject object, EStructuralFeature f, Notification n) {
        if (!f.isMany()) {
            if (f.isUnsettable() && !n.wasSet()) {
                return UNSET;
            }
            return n.getOldValue();
        }
        return listBefore(basic(object, f), n);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> listBefore(List<T> now, Notification n) {
        List<Object> list = new ArrayList<>(now);
        int p = n.getPosition();
        switch (n.getEventType()) {
            case Notification.ADD -> list.remove(p);
            case Notification.ADD_MANY -> {
                int count = ((Collection<?>) n.getNewValue()).size();
                for (int i = 0; i < count; i++) {
                    list.remove(p);
                }
            }
            case Notification.REMOVE -> list.add(p, n.getOldValue());
            case Notification.REMOVE_MANY -> {
                List<Object> removed = new ArrayList<>((Collection<?>) n.getOldValue());
                if (n.getNewValue() instanceof int[] positions) {
                    for (int i = 0; i < positions.length; i++) {
                        list.add(positions[i], removed.get(i));
                    }
                } else {
                    list.addAll(p < 0 ? 0 : p, removed);
                }
            }
            case Notification.MOVE -> {
                int from = (Integer) n.getOldValue();
                Object moved = list.remove(p);
                list.add(from, moved);
            }
            case Notification.SET -> list.set(p, n.getOldValue());
            case Notification.UNSET -> {
                if (n.getOldValue() instanceof Collection<?> old) {
                    list = new ArrayList<>(old);
                }
            }
            default -> throw new IllegalStateException("Unexpected list notification " + n);
        }
        return (List<T>) list;
    }

    /** Equal values: attribute values by content, references by object id (a proxy equals its target). */
    private boolean sameValue(EStructuralFeature f, Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == UNSET || b == UNSET || a == null || b == null) {
            return false;
        }
        if (f instanceof EAttribute) {
            return Values.deepEquals(a, b);
        }
        if (f.isMany()) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameObject(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return sameObject(a, b);
    }

    private boolean sameObject(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (!(a instanceof EObject x) || !(b instanceof EObject y)) {
            return false;
        }
        if (!x.eIsProxy() && !y.eIsProxy()) {
            return false;
        }
        return Objects.equals(refKey(x), refKey(y));
    }

    private Object refKey(EObject o) {
        if (o.eIsProxy()) {
            URI uri = ((InternalEObject) o).eProxyURI();
            ExternalRef ref = Materializer.parseProxy(uri);
            return ref != null ? ref : uri;
        }
        Entry e = entryOf(o);
        if (e != null) {
            return new ExternalRef(repository.store().name(), e.id);
        }
        if (o.eResource() instanceof StrataResource foreign && foreign.idOf(o) != null) {
            return new ExternalRef(foreign.getURI().authority(), foreign.idOf(o));
        }
        if (o.eResource() != null && !(o.eResource() instanceof StrataResource)) {
            return EcoreUtil.getURI(o);
        }
        return o;
    }

    // ------------------------------------------------------------------ commit

    /** What a commit would do, with the entries behind it. */
    private record Plan(ChangeSet changes, List<Entry> created, List<Entry> changed, List<Entry> deleted,
            List<String> dangling) {
    }

    @Override
    public ChangeSet pendingChanges() {
        checkOpen();
        return plan("", UUID.randomUUID()).changes();
    }

    private Plan plan(String message, UUID commitId) {
        List<Entry> created = new ArrayList<>();
        List<Entry> changed = new ArrayList<>();
        Set<Entry> deleted = new LinkedHashSet<>();
        for (Entry e : touched) {
            switch (baseState(e)) {
                case NEW -> created.add(e);
                case DIRTY -> changed.add(e);
                case DELETED -> {
                    deleted.add(e);
                    deleted.addAll(persistentContents(e));
                }
                default -> { }
            }
        }
        List<String> dangling = new ArrayList<>();
        List<ExternalRef> toVerify = new ArrayList<>();
        List<Record> createdRecords = new ArrayList<>();
        for (Entry e : created) {
            createdRecords.add(new Record(e.id, TypeRef.of(e.object.eClass()), 0, containerId(e.object),
                    withXmiId(e, values(e, Features.persistent(e.object.eClass()), false, dangling, toVerify))));
        }
        List<ChangeSet.Change> changes = new ArrayList<>();
        for (Entry e : changed) {
            List<EStructuralFeature> features = e.originals == null ? List.of() : List.copyOf(e.originals.keySet());
            changes.add(new ChangeSet.Change(e.id, TypeRef.of(e.object.eClass()), e.version, containerId(e.object),
                    e.persistedContainer, values(e, features, false, dangling, toVerify), values(e, features, true, null, null)));
        }
        List<ChangeSet.Deletion> deletions = new ArrayList<>();
        for (Entry e : deleted) {
            deletions.add(new ChangeSet.Deletion(new Record(e.id, TypeRef.of(e.object.eClass()), e.version,
                    e.persistedContainer, withXmiId(e, values(e, Features.persistent(e.object.eClass()), true, null, null)))));
        }
        checkTargetsExist(dangling, toVerify);
        ChangeSet cs = new ChangeSet(commitId, id, message, createdRecords, changes, deletions);
        return new Plan(cs, created, changed, new ArrayList<>(deleted), dangling);
    }

    private static Map<String, Object> withXmiId(Entry e, Map<String, Object> values) {
        if (e.xmiId != null) {
            values.put(Record.XMI_ID, e.xmiId);
        }
        return values;
    }

    /** Persistent objects contained (at any depth) in a deleted one. */
    private List<Entry> persistentContents(Entry e) {
        List<Entry> result = new ArrayList<>();
        for (TreeIterator<EObject> it = e.object.eAllContents(); it.hasNext();) {
            Entry child = entryOf(it.next());
            if (child != null && !child.isNew && !child.discarded) {
                result.add(child);
            }
        }
        return result;
    }

    private Map<String, Object> values(Entry e, List<EStructuralFeature> features, boolean persistent,
            List<String> dangling, List<ExternalRef> toVerify) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (EStructuralFeature f : features) {
            if (persistent && e.originals != null && e.originals.containsKey(f)) {
                values.put(f.getName(), originalValue(e, f, e.originals.get(f)));
            } else {
                values.put(f.getName(), EmfRecords.value(e.object, f,
                        (r, target) -> refValue(e, r, target, dangling, toVerify)));
            }
        }
        return values;
    }

    /** The record form of a feature's stored value, kept when it first changed. */
    private Object originalValue(Entry owner, EStructuralFeature f, Object v) {
        if (v == UNSET) {
            return null; // only single values are recorded as UNSET
        }
        if (v == null && !f.isMany() && f.isUnsettable()) {
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
            if (!r.isContainment() || entryOf((EObject) o) != null) {
                list.add(refValue(owner, r, (EObject) o, null, null));
            }
        }
        return list;
    }

    private Object refValue(Entry owner, EReference r, EObject target, List<String> dangling,
            List<ExternalRef> toVerify) {
        String store = repository.store().name();
        if (target.eIsProxy()) {
            URI uri = ((InternalEObject) target).eProxyURI();
            ExternalRef ref = Materializer.parseProxy(uri);
            if (ref == null) {
                return outside(owner, r, target, uri, dangling);
            }
            if (dangling != null && byId.get(ref.id()) == null) {
                toVerify.add(ref);
            }
            return ref.store().equals(store) ? ref.id() : ref;
        }
        Entry e = entryOf(target);
        if (e != null) {
            if (dangling != null && !r.isContainment()) {
                ObjectState s = baseState(e);
                if (s == ObjectState.DELETED || s == ObjectState.DISCARDED) {
                    dangling.add(where(owner, r) + " refers to " + Features.describe(target) + " (" + e.id
                            + "), which is " + s.name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            return e.id;
        }
        if (target.eResource() instanceof StrataResource foreign && foreign != resource) {
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

    /** A reference to an object outside Strata, kept as its URI as EMF's href keeps it. */
    private Object outside(Entry owner, EReference r, EObject target, URI uri, List<String> dangling) {
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
            Optional<ModelStore> target = repository.findStore(storeName);
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

    @Override
    public CommitResult commit() {
        return commit("");
    }

    @Override
    public CommitResult commit(String message) {
        checkOpen();
        UUID commitId = UUID.randomUUID();
        Plan plan = plan(message, commitId);
        if (plan.changes().isEmpty()) {
            return new CommitResult(commitId, -1, Map.of(), false);
        }
        List<String> reasons = new ArrayList<>(plan.dangling());
        PendingCommit pending = pendingCommit(plan);
        List<String> reported = new ArrayList<>();
        if (repository.validation() != Validation.OFF) {
            validate(plan, reasons, reported);
        }
        List<Veto> all = new ArrayList<>(repository.vetoes());
        all.addAll(vetoes);
        for (Veto v : all) {
            try {
                v.check(pending);
            } catch (VetoException e) {
                reasons.addAll(e.reasons());
            }
        }
        if (!reasons.isEmpty()) {
            throw new VetoException(reasons);
        }
        CommitResult result;
        try {
            result = repository.store().commit(plan.changes());
        } catch (ConflictException e) {
            for (ConflictException.Conflict c : e.conflicts()) {
                Entry entry = byId.get(c.id());
                if (entry != null) {
                    entry.conflict = true;
                    touched.add(entry);
                }
            }
            announceNow();
            throw e;
        }
        committed(plan, result);
        repository.commitObserved(CommitEvents.types(plan.changes()));
        return reported.isEmpty() ? result : result.withDiagnostics(reported);
    }

    private PendingCommit pendingCommit(Plan plan) {
        List<EObject> created = plan.created().stream().map(e -> e.object).toList();
        List<EObject> changed = plan.changed().stream().map(e -> e.object).toList();
        List<EObject> deleted = plan.deleted().stream().map(e -> e.object).toList();
        return new PendingCommit() {
            @Override
            public Repository repository() {
                return repository;
            }

            @Override
            public Session session() {
                return SessionImpl.this;
            }

            @Override
            public ChangeSet changes() {
                return plan.changes();
            }

            @Override
            public List<EObject> created() {
                return created;
            }

            @Override
            public List<EObject> changed() {
                return changed;
            }

            @Override
            public List<EObject> deleted() {
                return deleted;
            }
        };
    }

    /** Most findings a commit reports (a large import can have thousands). */
    private static final int MAX_REPORTED = 1000;

    /**
     * EMF validation of each created and changed object (not its contents: those are checked if
     * they changed). Findings at the repository's veto severity refuse the commit, except for
     * imported objects; the others are reported.
     */
    private void validate(Plan plan, List<String> reasons, List<String> reported) {
        Diagnostician diagnostician = new Diagnostician() {
            @Override
            protected boolean doValidateContents(EObject eObject, org.eclipse.emf.common.util.DiagnosticChain diagnostics,
                    Map<Object, Object> context) {
                return false;
            }
        };
        Validation policy = repository.validation();
        int vetoAt = switch (policy) {
            case VETO_ERRORS -> Diagnostic.ERROR;
            case VETO_WARNINGS -> Diagnostic.WARNING;
            default -> Integer.MAX_VALUE;
        };
        int more = 0;
        List<Entry> entries = new ArrayList<>(plan.created());
        entries.addAll(plan.changed());
        for (Entry e : entries) {
            BasicDiagnostic d = new BasicDiagnostic();
            diagnostician.validate(e.object.eClass(), e.object, d, diagnostician.createDefaultContext());
            if (d.getSeverity() < Diagnostic.WARNING) {
                continue;
            }
            for (Diagnostic child : d.getChildren()) {
                if (child.getSeverity() < Diagnostic.WARNING) {
                    continue;
                }
                String text = (child.getSeverity() >= Diagnostic.ERROR ? "invalid " : "warning: ")
                        + Features.describe(e.object) + " (" + e.id + "): " + child.getMessage();
                if (child.getSeverity() >= vetoAt && !e.imported) {
                    reasons.add(text);
                } else if (reported.size() < MAX_REPORTED) {
                    reported.add(text);
                } else {
                    more++;
                }
            }
        }
        if (more > 0) {
            reported.add("... and " + more + " more findings");
        }
    }

    private void committed(Plan plan, CommitResult result) {
        for (Entry e : plan.created()) {
            e.isNew = false;
            e.imported = false;
            e.version = result.newVersions().getOrDefault(e.id, 1L);
            e.persistedContainer = containerId(e.object);
            e.originals = null;
            e.conflict = false;
        }
        for (Entry e : plan.changed()) {
            e.version = result.newVersions().getOrDefault(e.id, e.version + 1);
            e.persistedContainer = containerId(e.object);
            e.originals = null;
            e.conflict = false;
        }
        for (Entry e : plan.deleted()) {
            discard(e);
        }
        // New objects that were detached again before the commit are gone too.
        for (Entry e : new ArrayList<>(touched)) {
            if (baseState(e) == ObjectState.DISCARDED) {
                discard(e);
            } else if (baseState(e) == ObjectState.CLEAN) {
                e.originals = null;
                e.conflict = false;
            }
        }
        touched.clear();
        originalRoots = null;
        generation++;
        liveSavepoints.clear();
        announceNow();
    }

    private void discard(Entry e) {
        e.discarded = true;
        e.object.eAdapters().remove(e);
        byId.remove(e.id);
    }

    // ------------------------------------------------------------------ rollback and savepoints

    @Override
    public void rollback() {
        checkOpen();
        suppress++;
        try {
            for (Entry e : touched) {
                if (!e.isNew && e.originals != null) {
                    e.originals.forEach((f, v) -> restore(e.object, f, v));
                }
            }
            if (originalRoots != null) {
                ECollections.setEList(resource.getContents(), originalRoots);
            }
            for (Entry e : new ArrayList<>(touched)) {
                forget(e);
            }
        } finally {
            suppress--;
        }
        touched.clear();
        originalRoots = null;
        generation++;
        liveSavepoints.clear();
        announceNow();
    }

    /** Drops an entry's pending work once its values are restored: new objects are discarded. */
    private void forget(Entry e) {
        if (e.isNew) {
            discard(e);
        } else {
            e.originals = null;
            e.deleted = false;
            e.conflict = false;
        }
    }

    @SuppressWarnings("unchecked")
    private static void restore(EObject object, EStructuralFeature f, Object value) {
        if (f.isMany()) {
            EList<Object> list = (EList<Object>) object.eGet(f, false);
            ECollections.setEList(list, (List<Object>) value);
        } else if (value == UNSET) {
            object.eUnset(f);
        } else {
            object.eSet(f, value);
        }
    }

    private final class SavepointImpl implements Savepoint {
        final int generationAtCreation = generation;
        boolean valid = true;
        /** Per entry: the values then of the features that differed from the store then. */
        final Map<Entry, Map<EStructuralFeature, Object>> values = new HashMap<>();
        /** Per entry: the stored values of those features (the originals then). */
        final Map<Entry, Map<EStructuralFeature, Object>> originalsThen = new HashMap<>();
        final Map<Entry, Boolean> deletedFlags = new HashMap<>();
        final Set<Entry> touchedThen = new LinkedHashSet<>(touched);
        final List<EObject> rootsThen = originalRoots == null ? null : new ArrayList<>(resource.getContents());

        SavepointImpl() {
            for (Entry e : touched) {
                Map<EStructuralFeature, Object> now = new HashMap<>();
                Map<EStructuralFeature, Object> stored = new HashMap<>();
                if (e.originals != null) {
                    e.originals.forEach((f, v) -> {
                        now.put(f, current(e.object, f));
                        stored.put(f, v);
                    });
                }
                values.put(e, now);
                originalsThen.put(e, stored);
                deletedFlags.put(e, e.deleted);
            }
        }

        @Override
        public Session session() {
            return SessionImpl.this;
        }
    }

    @Override
    public Savepoint savepoint() {
        checkOpen();
        SavepointImpl sp = new SavepointImpl();
        liveSavepoints.add(sp);
        return sp;
    }

    @Override
    public void rollbackTo(Savepoint savepoint) {
        checkOpen();
        if (!(savepoint instanceof SavepointImpl sp) || sp.session() != this) {
            throw new StrataException("The savepoint belongs to another session");
        }
        if (sp.generationAtCreation != generation || !sp.valid) {
            throw new StrataException("The savepoint is no longer valid: the session committed, rolled back, or"
                    + " rolled back to an earlier savepoint since");
        }
        // Savepoints made after this one describe work that is now undone.
        int index = liveSavepoints.indexOf(sp);
        for (SavepointImpl later : liveSavepoints.subList(index + 1, liveSavepoints.size())) {
            later.valid = false;
        }
        liveSavepoints.subList(index + 1, liveSavepoints.size()).clear();
        suppress++;
        try {
            // Features changed since the savepoint may have returned to their stored value (and left
            // the originals): restore over both the entries touched now and those touched then.
            Set<Entry> involved = new LinkedHashSet<>(touched);
            involved.addAll(sp.touchedThen);
            for (Entry e : involved) {
                Map<EStructuralFeature, Object> then = sp.values.getOrDefault(e, Map.of());
                Map<EStructuralFeature, Object> targets = new HashMap<>();
                if (e.originals != null) {
                    e.originals.forEach(targets::put);
                }
                targets.putAll(then);
                targets.forEach((f, v) -> restore(e.object, f, v));
            }
            if (originalRoots != null) {
                ECollections.setEList(resource.getContents(), sp.rootsThen != null ? sp.rootsThen : originalRoots);
            }
            for (Entry e : involved) {
                if (!sp.touchedThen.contains(e)) {
                    forget(e);
                } else {
                    Map<EStructuralFeature, Object> stored = sp.originalsThen.getOrDefault(e, Map.of());
                    if (stored.isEmpty()) {
                        e.originals = null;
                    } else {
                        e.originals = new FeatureValues();
                        stored.forEach(e.originals::put);
                    }
                    e.deleted = sp.deletedFlags.getOrDefault(e, false);
                    if (!e.discarded) {
                        touched.add(e);
                    }
                }
            }
            touched.retainAll(sp.touchedThen);
            if (sp.rootsThen == null) {
                originalRoots = null;
            }
        } finally {
            suppress--;
        }
        announceNow();
    }

    // ------------------------------------------------------------------ EMF change description

    @Override
    public ChangeDescription changeDescription() {
        checkOpen();
        ChangeFactory factory = ChangeFactory.eINSTANCE;
        ChangeDescription cd = factory.createChangeDescription();
        // Entries are collected and added in one go: putting a million keys one by one into the
        // description's EMap costs seconds.
        List<Map.Entry<EObject, EList<FeatureChange>>> objectChanges = new ArrayList<>();
        for (Entry e : touched) {
            ObjectState s = baseState(e);
            if (s == ObjectState.NEW) {
                cd.getObjectsToDetach().add(e.object);
                continue;
            }
            if (s == ObjectState.DELETED && e.object.eContainer() == null && e.object.eResource() == null) {
                cd.getObjectsToAttach().add(e.object);
            }
            if (!e.isNew && e.hasOriginals()) {
                EList<FeatureChange> changes = new org.eclipse.emf.common.util.BasicEList<>();
                e.originals.forEach((f, v) -> changes.add(featureChange(e.object, f, v)));
                @SuppressWarnings("unchecked")
                Map.Entry<EObject, EList<FeatureChange>> entry = (Map.Entry<EObject, EList<FeatureChange>>) factory
                        .create(org.eclipse.emf.ecore.change.ChangePackage.Literals.EOBJECT_TO_CHANGES_MAP_ENTRY);
                entry.setValue(changes);
                ((org.eclipse.emf.common.util.BasicEMap.Entry<EObject, EList<FeatureChange>>) entry).setKey(e.object);
                objectChanges.add(entry);
            }
        }
        cd.getObjectChanges().addAll(objectChanges);
        if (originalRoots != null) {
            ResourceChange rc = factory.createResourceChange(resource,
                    new org.eclipse.emf.common.util.BasicEList<Object>(originalRoots));
            cd.getResourceChanges().add(rc);
        }
        return cd;
    }

    /** EMF applies many-valued feature changes through list changes from the current to the old list. */
    private static FeatureChange featureChange(EObject object, EStructuralFeature f, Object original) {
        ChangeFactory factory = ChangeFactory.eINSTANCE;
        if (original == UNSET) {
            return factory.createFeatureChange(f, null, false);
        }
        if (!f.isMany()) {
            return factory.createFeatureChange(f, original, true);
        }
        FeatureChange fc = factory.createFeatureChange();
        fc.setFeature(f);
        fc.getListChanges().addAll(new ListDifferenceAnalyzer().analyzeLists(
                new org.eclipse.emf.common.util.BasicEList<>(basic(object, f)),
                new org.eclipse.emf.common.util.BasicEList<>((List<?>) original)));
        return fc;
    }

    // ------------------------------------------------------------------ vetoes, events, lifecycle

    @Override
    public void addVeto(Veto veto) {
        vetoes.add(Objects.requireNonNull(veto, "veto"));
    }

    @Override
    public void removeVeto(Veto veto) {
        vetoes.remove(veto);
    }

    /**
     * Timer for edit announcements: one daemon thread, gone again a second after the last one, so
     * a stopped bundle leaves no thread behind.
     */
    private static final java.util.concurrent.ScheduledThreadPoolExecutor ANNOUNCER = announcer();
    /** Edits are announced at most this often per session; the last edit of a burst always is. */
    private static final long EDIT_ANNOUNCE_MS = 25;

    private static java.util.concurrent.ScheduledThreadPoolExecutor announcer() {
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "Strata session announcements");
            t.setDaemon(true);
            return t;
        });
        timer.setKeepAliveTime(1, java.util.concurrent.TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    /**
     * Announces an edit. Pending changes appearing or disappearing are posted at once; any other
     * edit (a second object changed, another value for a changed one) is posted within
     * {@link #EDIT_ANNOUNCE_MS}, one event for a burst of edits, so that views show every change
     * without an event per eSet.
     */
    private void announce() {
        int pending = touched.size();
        if (pending != pendingCount) {
            pendingCount = pending; // what a scheduled announcement will say; written only on change
        }
        boolean dirty = !touched.isEmpty();
        if (dirty != announcedDirty || !dirty) {
            announceNow();
            return;
        }
        if (repository.events() == null || editAnnounced) {
            return;
        }
        editAnnounced = true;
        ANNOUNCER.schedule(() -> {
            editAnnounced = false; // before posting: an edit from now on schedules the next event
            post(pendingCount);
        }, EDIT_ANNOUNCE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Posts a session event now: pending changes appeared or went, a commit, a rollback, a refresh. */
    private void announceNow() {
        announcedDirty = !touched.isEmpty();
        pendingCount = touched.size();
        post(pendingCount);
    }

    private void post(int pending) {
        if (repository.events() == null) {
            return;
        }
        Map<String, Object> props = new HashMap<>();
        props.put(Topics.SESSION, id);
        props.put(Topics.REPOSITORY, repository.name());
        props.put(Topics.PENDING, pending);
        repository.events().postEvent(new Event(Topics.SESSION_CHANGED, props));
    }

    private void checkOpen() {
        if (closed) {
            throw new StrataException("Session " + id + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (!touched.isEmpty()) {
            rollback();
        }
        closed = true;
        for (Entry e : byId.values()) {
            e.object.eAdapters().remove(e);
            // A global cross-referencer (UML2's CacheAdapter) keeps inverse references to every
            // object it saw until the object lets it go: without this, closed sessions stay in memory.
            e.object.eAdapters().removeIf(a -> a instanceof org.eclipse.emf.ecore.util.ECrossReferenceAdapter);
        }
        byId.clear();
        queryCache.clear();
        repository.closed(this);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "session " + id + " on " + repository;
    }
}
