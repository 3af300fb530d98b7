package dev.strata.core.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.change.ChangeDescription;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.ECrossReferenceAdapter;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ExternalRef;
import dev.strata.core.LockMode;
import dev.strata.core.MergeConflict;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Query;
import dev.strata.core.Repository;
import dev.strata.core.Resolution;
import dev.strata.core.Savepoint;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.core.Veto;

/**
 * The unit of work, as its users and its resource see it. The work is done by pieces sharing one
 * {@link SessionState}: {@link IdentityMap} (loading, queries), {@link ChangeTracker} (EMF
 * notifications, per-object state), {@link ChangeSetPlanner} and {@link CommitPipeline} (commit),
 * {@link Savepoints} (rollback), {@link Refresher}, {@link ConflictResolver}, {@link ChangeDescriptions} and {@link SessionQueries}.
 */
final class SessionImpl implements Session, StrataResource.Lookup {

    private final RepositoryImpl repository;
    private final ResourceSet resourceSet = new ResourceSetImpl();
    private final StrataResource resource;
    private final SessionState state;
    private final ChangeTracker tracker;
    private final IdentityMap identity;
    private final ChangeSetPlanner planner;
    private final CommitPipeline commits;
    private final Savepoints savepoints;
    private final Refresher refresher;
    private final ChangeDescriptions changeDescriptions;
    private final ConflictResolver conflicts;
    private final Merger merger;
    private final Reverter reverter;
    private final SessionQueries queries;

    SessionImpl(RepositoryImpl repository) {
        this(repository, null);
    }

    /**
     * @param emfUri null for a session of Strata's API; else the URI of a resource handed to a
     *               plain EMF resource set (which takes it in), loaded, saved and unloaded by EMF
     */
    SessionImpl(RepositoryImpl repository, URI emfUri) {
        this(repository, emfUri, null);
    }

    /** @param past null for a live session; else what a read-only session shows, for messages */
    SessionImpl(RepositoryImpl repository, URI emfUri, String past) {
        this.repository = repository;
        String store = repository.store().name();
        this.resource = emfUri == null ? new StrataResource(Materializer.storeUri(store), this)
                : new StrataResource(emfUri, this, true);
        if (emfUri == null) {
            resourceSet.getResources().add(resource);
        }
        resourceSet.getResourceFactoryRegistry().getProtocolToFactoryMap().put(Materializer.SCHEME,
                (Resource.Factory) uri -> ForeignResource.create(repository, uri.authority()));
        this.state = new SessionState(repository, this, resource);
        state.past = past;
        this.tracker = new ChangeTracker(state);
        resource.eAdapters().add(tracker.rootsListener());
        this.identity = new IdentityMap(state, tracker);
        // A plain EMF tool's resource reads every root's tree on load and walks it: eager.
        identity.lazy().enabled = emfUri == null;
        this.planner = new ChangeSetPlanner(state, tracker);
        this.savepoints = new Savepoints(state, tracker);
        this.refresher = new Refresher(state, tracker, identity.materializer());
        identity.useRefresher(refresher);
        refresher.relinkWith(identity::relink);
        this.changeDescriptions = new ChangeDescriptions(state, tracker);
        this.conflicts = new ConflictResolver(state, tracker, refresher);
        this.merger = new Merger(state, tracker, planner, refresher, conflicts, identity.materializer());
        this.commits = new CommitPipeline(state, tracker, planner, merger);
        this.reverter = new Reverter(state, tracker, identity, identity.materializer(), planner);
        this.queries = new SessionQueries(state, tracker, identity, planner);
    }

    // ------------------------------------------------------------------ identity and loading

    @Override
    public String id() {
        return state.id;
    }

    @Override
    public String author() {
        return state.author;
    }

    @Override
    public void setAuthor(String author) {
        if (author == null || author.isBlank()) {
            throw new IllegalArgumentException("Session " + state.id + ": an author must be a non-blank user name, got "
                    + (author == null ? "null" : "'" + author + "'"));
        }
        state.author = author.strip();
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
        state.checkOpen();
        return Optional.ofNullable(identity.find(objectId));
    }

    @Override
    public EObject get(ObjectId objectId) {
        return find(objectId).orElseThrow(() -> new StrataException("No object " + objectId + " in store '"
                + repository.store().name() + "' (repository '" + repository.name() + "')"));
    }

    /** Proxies resolve here (StrataResource.Lookup). */
    @Override
    public EObject resolve(ObjectId objectId) {
        return state.closed ? null : identity.find(objectId);
    }

    /**
     * Fragments that are imported xmi:ids resolve here, among the objects read so far (an EMF
     * tool's resource reads every root's tree on load). Never a store call: EMF's validation asks
     * the resource for every ID attribute's value.
     */
    @Override
    public EObject resolveXmiId(String xmiId) {
        return state.closed ? null : identity.findByXmiId(xmiId);
    }

    @Override
    public ObjectId idOf(EObject object) {
        ObjectId known = knownId(object);
        if (known != null) {
            return known;
        }
        throw new StrataException(Features.describe(object) + " is not managed by session " + state.id);
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
        return !state.closed && isDirty();
    }

    @Override
    public void closeFromResource() {
        close();
    }

    @Override
    public ObjectId knownId(EObject object) {
        Entry e = tracker.entryOf(object);
        if (e != null) {
            return e.id;
        }
        ExternalRef ref = object.eIsProxy() ? Materializer.parseProxy(((InternalEObject) object).eProxyURI()) : null;
        return ref == null ? null : ref.id();
    }

    @Override
    public Optional<EObject> findByKey(EClass eClass, Object key) {
        state.checkOpen();
        return identity.findByKey(eClass, key);
    }

    @Override
    public List<EObject> query(Query query) {
        state.checkOpen();
        return queries.query(query);
    }

    void invalidateQueries(Set<String> types) {
        identity.invalidateQueries(types);
    }

    void invalidateAllQueries() {
        identity.invalidateAllQueries();
    }

    @Override
    public Map<Object, Long> countBy(EClass eClass, EAttribute attribute) {
        state.checkOpen();
        return queries.countBy(eClass, attribute);
    }

    @Override
    public List<EObject> roots() {
        state.checkOpen();
        return identity.roots();
    }

    @Override
    public List<EObject> refresh(Collection<ObjectId> ids) {
        state.checkOpen();
        return refresher.refresh(ids);
    }

    @Override
    public void resolve(EObject object, Resolution resolution) {
        state.checkOpen();
        state.checkWritable("resolving conflicts");
        ObjectId id = knownId(object);
        conflicts.resolve(object, resolution);
        if (id != null) {
            merger.forget(id);
        }
    }

    @Override
    public void lock(Collection<? extends EObject> objects, LockMode mode) {
        state.checkOpen();
        state.checkWritable("locking objects");
        List<ObjectId> ids = stored(objects);
        if (!ids.isEmpty()) {
            repository.store().lock(state.id, state.author, ids, java.util.Objects.requireNonNull(mode, "mode"),
                    state.lockLease);
            state.holdsLocks = true;
            state.events.announceNow(); // views showing who holds what look again
        }
    }

    @Override
    public void lock(Collection<? extends EObject> objects, LockMode mode, java.time.Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                lock(objects, mode);
                return;
            } catch (dev.strata.core.LockedException e) {
                if (System.nanoTime() - end >= 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(Math.max(1, Math.min(LOCK_POLL_MS, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.strata.core.StrataException("Interrupted waiting for locks in session " + state.id, e);
            }
        }
    }

    /** How often a waiting lock asks the store again. */
    private static final long LOCK_POLL_MS = 100;

    @Override
    public void unlock(Collection<? extends EObject> objects) {
        state.checkOpen();
        List<ObjectId> ids = stored(objects);
        if (!ids.isEmpty() && state.holdsLocks) {
            repository.store().unlock(state.id, ids);
            state.events.announceNow();
        }
    }

    /** The ids of the objects the store has (NEW ones need no lock). */
    private List<ObjectId> stored(Collection<? extends EObject> objects) {
        List<ObjectId> ids = new java.util.ArrayList<>();
        for (EObject o : objects) {
            Entry e = managed(o);
            if (!e.isNew) {
                ids.add(e.id);
            }
        }
        return ids;
    }

    @Override
    public java.time.Duration lockLease() {
        return state.lockLease;
    }

    @Override
    public void setLockLease(java.time.Duration lease) {
        dev.strata.core.store.LockTable.checkLease(lease);
        state.lockLease = lease;
    }

    @Override
    public boolean autoLock() {
        return state.autoLock;
    }

    @Override
    public void setAutoLock(boolean on) {
        state.checkOpen();
        if (on) {
            state.checkWritable("locking objects");
        }
        state.autoLock = on;
    }

    @Override
    public boolean lazyLoading() {
        return identity.lazy().enabled;
    }

    @Override
    public void setLazyLoading(boolean on) {
        state.checkOpen();
        identity.lazy().enabled = on;
    }

    @Override
    public void prefetch(EObject object, int depth) {
        state.checkOpen();
        if (depth < 0) {
            throw new IllegalArgumentException("Prefetch depth must be 0 or more, got " + depth);
        }
        managed(object);
        identity.prefetch(object, depth);
    }

    /** The session's locks end with its unit of work (commit, rollback, close). */
    private void releaseLocks() {
        if (state.holdsLocks) {
            state.holdsLocks = false;
            state.byId.values().forEach(e -> e.locked = false);
            try {
                repository.store().unlock(state.id, List.of());
            } catch (RuntimeException e) {
                // The leases end by themselves; the unit of work is done either way.
                System.getLogger(SessionImpl.class.getName()).log(System.Logger.Level.WARNING,
                        "Session " + state.id + " could not release its locks; their leases will end", e);
            }
        }
    }

    @Override
    public List<MergeConflict> revert(long sequence) {
        return revert(sequence, sequence);
    }

    @Override
    public List<MergeConflict> revert(long first, long last) {
        state.checkOpen();
        state.checkWritable(first == last ? "reverting a commit" : "reverting commits");
        return reverter.revert(first, last);
    }

    @Override
    public List<MergeConflict> conflicts() {
        return merger.open();
    }

    @Override
    public void resolve(MergeConflict conflict, Resolution resolution) {
        state.checkOpen();
        merger.resolve(conflict, resolution);
    }

    @Override
    public void resolve(MergeConflict conflict, Object value) {
        state.checkOpen();
        merger.resolve(conflict, value);
    }

    // ------------------------------------------------------------------ editing and state

    @Override
    public <T extends EObject> T add(T root) {
        state.checkOpen();
        state.checkWritable("adding objects");
        return tracker.add(root);
    }

    @Override
    public void importRoots(Collection<? extends EObject> roots) {
        state.checkOpen();
        state.checkWritable("importing objects");
        tracker.importRoots(roots);
    }

    @Override
    public String xmiId(EObject object) {
        Entry e = tracker.entryOf(object);
        if (e != null && e.xmiId != null) {
            return e.xmiId.isEmpty() ? null : e.xmiId;
        }
        return idOf(object).toString();
    }

    @Override
    public void delete(EObject object) {
        state.checkOpen();
        state.checkWritable("deleting objects");
        tracker.delete(object);
    }

    @Override
    public ObjectState state(EObject object) {
        return tracker.state(object);
    }

    @Override
    public long versionOf(EObject object) {
        return managed(object).version;
    }

    @Override
    public Object persistentValue(EObject object, EStructuralFeature feature) {
        Entry e = managed(object);
        if (!e.hasOriginal(feature) && feature.isMany() && object.eGet(feature) instanceof PagedList<?> paged
                && paged.paged()) {
            return paged.value(); // not read whole to be copied
        }
        // UNSET marks an unset unsettable feature: callers see the default.
        Object v = e.hasOriginal(feature) ? e.original(feature)
                : FeatureValues.current(object, feature);
        return v == FeatureValues.UNSET ? feature.getDefaultValue() : v;
    }

    @Override
    public int unchangedPrefix(EObject object, EStructuralFeature feature) {
        if (!feature.isMany()) {
            throw new IllegalArgumentException(feature.getName() + " is not many-valued");
        }
        Entry e = managed(object);
        Object value = object.eGet(feature, false);
        if (!e.hasOriginal(feature)) {
            return ((List<?>) value).size();
        }
        Object stored = e.original(feature);
        if (stored instanceof PagedValue a && value instanceof PagedList<?> live && live.paged()) {
            return a.sharedPrefix(live.value());
        }
        List<?> now = FeatureValues.basic(object, feature);
        List<?> before = (List<?>) stored;
        int same = 0;
        while (same < before.size() && same < now.size() && Objects.equals(before.get(same), now.get(same))) {
            same++;
        }
        return same;
    }

    private Entry managed(EObject object) {
        Entry e = tracker.entryOf(object);
        if (e == null) {
            throw new StrataException(Features.describe(object) + " is not managed by this session");
        }
        return e;
    }

    @Override
    public Map<ObjectState, List<EObject>> pending() {
        return tracker.pending();
    }

    @Override
    public boolean isDirty() {
        return tracker.isDirty();
    }

    // ------------------------------------------------------------------ commit, rollback, savepoints

    @Override
    public ChangeSet pendingChanges() {
        state.checkOpen();
        return planner.plan("", UUID.randomUUID()).changes();
    }

    @Override
    public CommitResult commit() {
        return commit("");
    }

    @Override
    public CommitResult commit(String message) {
        state.checkOpen();
        state.checkWritable("committing");
        CommitResult result = commits.commit(message);
        releaseLocks();
        return result;
    }

    @Override
    public void rollback() {
        state.checkOpen();
        savepoints.rollback();
        merger.clear();
        releaseLocks();
    }

    @Override
    public Savepoint savepoint() {
        state.checkOpen();
        return savepoints.savepoint();
    }

    @Override
    public void rollbackTo(Savepoint savepoint) {
        state.checkOpen();
        savepoints.rollbackTo(savepoint);
    }

    @Override
    public ChangeDescription changeDescription() {
        state.checkOpen();
        return changeDescriptions.changeDescription();
    }

    @Override
    public void addVeto(Veto veto) {
        commits.addVeto(veto);
    }

    @Override
    public void removeVeto(Veto veto) {
        commits.removeVeto(veto);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void close() {
        if (state.closed) {
            return;
        }
        if (!state.touched.isEmpty()) {
            rollback();
        }
        releaseLocks();
        state.closed = true;
        state.closing = true;
        try {
            for (Entry e : state.byId.values()) {
                e.detach();
                // A global cross-referencer (UML2's CacheAdapter) keeps inverse references to every
                // object it saw until the object lets it go: without this, closed sessions stay in memory.
                e.object.eAdapters().removeIf(a -> a instanceof ECrossReferenceAdapter);
            }
        } finally {
            state.closing = false;
        }
        state.byId.clear();
        identity.invalidateAllQueries();
        repository.closed(this);
    }

    @Override
    public boolean isClosed() {
        return state.closed;
    }

    @Override
    public String toString() {
        return "session " + state.id + " on " + repository;
    }
}
