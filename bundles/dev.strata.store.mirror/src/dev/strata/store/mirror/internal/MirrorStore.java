package dev.strata.store.mirror.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.LockInfo;
import dev.strata.core.LockMode;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.store.ForwardingStore;
import dev.strata.store.mirror.MirrorModelStore;
import dev.strata.store.mirror.ReadFrom;
import dev.strata.store.mirror.ReplicaStatus;

/**
 * Writes and everything about the commit history go to the primary; reads go to the store
 * {@link #delegate()} picks. Each replica has a {@link Replica} copying the primary's log to it on a
 * thread of its own.
 */
public final class MirrorStore extends ForwardingStore implements MirrorModelStore {

    private final String name;
    /** Reads of the primary for a full copy before giving up, when commits made elsewhere keep coming between. */
    private static final int SNAPSHOT_ATTEMPTS = 5;

    private final ModelStore primary;
    private final List<Replica> replicas;
    private final ReadFrom readFrom;
    private final EventAdmin events;

    /**
     * Commits through the mirror hold it shared, migrations alone; a refill reads the primary
     * holding it shared (no migration in between), alone at its last attempt (see {@link #snapshot}).
     */
    final ReentrantReadWriteLock writes = new ReentrantReadWriteLock();
    /** The primary's newest sequence this mirror knows of: commits it passed on and commits announced. */
    private final AtomicLong head = new AtomicLong();
    /**
     * Commits passed on whose sequence is not in {@link #head} yet: the primary may already show
     * them, a replica current to the head not. Reads go to the primary meanwhile, or a session
     * that read a newer state from the primary could read an older one from a replica next.
     */
    private final AtomicInteger committing = new AtomicInteger();
    /** Advances whenever replicas must be told of the model, indexes or model versions again. */
    private final AtomicLong setup = new AtomicLong();
    private volatile List<EPackage> packages = List.of();
    private volatile Collection<IndexDef> modelIndexes = List.of();
    /** Migrations applied to the primary through this mirror, each after the commit it followed. */
    private final List<Pending> migrations = new CopyOnWriteArrayList<>();
    private final Object progress = new Object();

    /** A migration applied to the primary after its logged commit {@code after}. */
    record Pending(long after, Migration migration) {
    }

    /** What a refill reads of the primary, all as of the logged commit {@code sequence}. */
    record Snapshot(long sequence, UUID marker, List<ObjectId> roots, Map<ObjectId, Record> records,
            Map<String, Integer> versions, int migrations) {
    }

    public MirrorStore(String name, ModelStore primary, List<ModelStore> replicas, ReadFrom readFrom,
            Duration retryMax, EventAdmin events) {
        this.name = Objects.requireNonNull(name, "name");
        this.primary = Objects.requireNonNull(primary, "primary");
        this.readFrom = Objects.requireNonNull(readFrom, "readFrom");
        this.events = Objects.requireNonNull(events, "events");
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("Mirror '" + name + "' has no replica; replicas.target must select one or more stores");
        }
        if (retryMax.isNegative() || retryMax.isZero()) {
            throw new IllegalArgumentException("Mirror '" + name + "': retry.max.seconds must be at least 1");
        }
        Set<String> names = new HashSet<>();
        names.add(name);
        for (ModelStore s : concat(primary, replicas)) {
            if (!names.add(s.name())) {
                // Two stores of one name would announce on one topic; the mirror over itself would copy to itself.
                throw new IllegalArgumentException("Mirror '" + name + "': store '" + s.name() + "' is named twice among"
                        + " the mirror, its primary and its replicas; each must be a store of its own");
            }
        }
        List<Replica> list = new ArrayList<>();
        for (ModelStore r : replicas) {
            list.add(new Replica(this, r, retryMax));
        }
        this.replicas = List.copyOf(list);
        this.replicas.forEach(Replica::wake);
    }

    private static List<ModelStore> concat(ModelStore first, List<ModelStore> rest) {
        List<ModelStore> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    // ------------------------------------------------------------------ reads

    /**
     * The store that answers reads: the primary, or with {@link ReadFrom#REPLICA} the first replica
     * that has copied every commit this mirror knows of (so no read of this process sees a value
     * older than a commit it made through the mirror or heard announced).
     */
    @Override
    protected ModelStore delegate() {
        if (readFrom == ReadFrom.REPLICA && committing.get() == 0) {
            long needed = head.get(); // read after committing: a commit done by now is in it
            for (Replica r : replicas) {
                if (r.current(needed)) {
                    return r.store();
                }
            }
        }
        return primary;
    }

    /** A read from the store {@link #delegate()} picks; one a replica fails is answered by the primary. */
    private <T> T read(Function<ModelStore, T> read) {
        ModelStore from = delegate();
        if (from == primary) {
            return read.apply(primary);
        }
        try {
            return read.apply(from);
        } catch (RuntimeException replicaFailed) {
            // The copier finds out what is wrong with the replica; the reader gets its answer meanwhile.
            return read.apply(primary);
        }
    }

    @Override
    public Optional<Record> load(ObjectId id) {
        return read(s -> s.load(id));
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        return read(s -> s.loadAll(ids));
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return read(s -> s.loadTree(rootId));
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        return read(s -> s.loadTrees(rootIds));
    }

    @Override
    public List<Record> query(Query query) {
        return read(s -> s.query(query));
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        return read(s -> s.countBy(type, feature));
    }

    @Override
    public List<Record> roots() {
        return read(ModelStore::roots);
    }

    @Override
    public List<ObjectId> rootIds() {
        return read(ModelStore::rootIds);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelStore primary() {
        return primary;
    }

    @Override
    public Set<Capability> capabilities() {
        return primary.capabilities();
    }

    // ------------------------------------------------------------------ writes, to the primary first

    @Override
    public CommitResult commit(ChangeSet changes) {
        CommitResult result;
        committing.incrementAndGet();
        try {
            writes.readLock().lock();
            try {
                result = primary.commit(changes);
            } finally {
                writes.readLock().unlock();
            }
            heard(result.sequence());
        } finally {
            committing.decrementAndGet(); // after the head has the sequence
        }
        return result;
    }

    @Override
    public void useModel(List<EPackage> list, Collection<IndexDef> indexes) {
        primary.useModel(list, indexes);
        packages = List.copyOf(list);
        modelIndexes = List.copyOf(indexes);
        setUpAgain();
    }

    @Override
    public void declareIndexes(Collection<IndexDef> indexes) {
        primary.declareIndexes(indexes);
        setUpAgain();
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        primary.initModelVersion(nsUri, version);
        setUpAgain();
    }

    /**
     * Applied to the primary at once, and to each replica when it has copied the commits the
     * primary had before it (migrations are not in the log, so the mirror keeps them).
     */
    @Override
    public void migrate(Migration migration) {
        writes.writeLock().lock();
        try {
            List<LoggedCommit> newest = primary.recentLog(1);
            long after = newest.isEmpty() ? primary.logFloor() : newest.get(0).sequence();
            primary.migrate(migration);
            migrations.add(new Pending(after, migration));
        } finally {
            writes.writeLock().unlock();
        }
        replicas.forEach(Replica::wake);
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        primary.rebuildIndex(index);
    }

    private void setUpAgain() {
        setup.incrementAndGet();
        replicas.forEach(Replica::wake);
    }

    // ------------------------------------------------------------------ the primary's state and history

    @Override
    public Collection<IndexDef> indexes() {
        return primary.indexes();
    }

    @Override
    public Map<String, Integer> modelVersions() {
        return primary.modelVersions();
    }

    @Override
    public List<String> appliedMigrations() {
        return primary.appliedMigrations();
    }

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        return primary.log(afterSequence, max);
    }

    @Override
    public List<LoggedCommit> recentLog(int max) {
        return primary.recentLog(max);
    }

    @Override
    public String epoch() {
        return primary.epoch();
    }

    @Override
    public long logFloor() {
        return primary.logFloor();
    }

    @Override
    public long historyFloor() {
        return primary.historyFloor();
    }

    @Override
    public void lock(String owner, String holder, Collection<ObjectId> ids, LockMode mode, Duration lease) {
        primary.lock(owner, holder, ids, mode, lease);
    }

    @Override
    public void unlock(String owner, Collection<ObjectId> ids) {
        primary.unlock(owner, ids);
    }

    @Override
    public List<LockInfo> locks() {
        return primary.locks();
    }

    // ------------------------------------------------------------------ the primary's commits

    /** A commit event of the primary (ours or another's): copied to the replicas and announced as the mirror's. */
    @Override
    public void handleEvent(Event event) {
        if (!Topics.commit(primary.name()).equals(event.getTopic())) {
            return;
        }
        if (event.getProperty(Topics.SEQUENCE) instanceof Long sequence && event.getProperty(Topics.RESYNC) == null) {
            heard(sequence);
        } else {
            replicas.forEach(Replica::wake);
        }
        events.postEvent(CommitEvents.again(event, name));
    }

    private void heard(long sequence) {
        head.accumulateAndGet(sequence, Math::max);
        replicas.forEach(Replica::wake);
    }

    // ------------------------------------------------------------------ for the replicas

    long head() {
        return head.get();
    }

    /** Raises the known head to a sequence read from the primary's log. */
    void saw(long sequence) {
        head.accumulateAndGet(sequence, Math::max);
    }

    long setupGeneration() {
        return setup.get();
    }

    List<EPackage> packages() {
        return packages;
    }

    Collection<IndexDef> modelIndexes() {
        return modelIndexes;
    }

    List<Pending> migrations() {
        return migrations;
    }

    /**
     * The primary's records, model versions and newest logged commit, read while no migration
     * passes through the mirror; read again if a commit came between (the primary's newest logged
     * commit before and after the read differ). Commits through the mirror go on meanwhile, except
     * during the last attempt, which keeps them out so that a busy mirror still gets its copy.
     *
     * @throws StoreException if commits made elsewhere changed the primary under every attempt
     */
    Snapshot snapshot() {
        for (int attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++) {
            java.util.concurrent.locks.Lock lock = attempt < SNAPSHOT_ATTEMPTS - 1 ? writes.readLock() : writes.writeLock();
            lock.lock();
            try {
                List<LoggedCommit> before = primary.recentLog(1);
                List<ObjectId> roots = primary.rootIds();
                Map<ObjectId, Record> records = primary.loadTrees(roots);
                Map<String, Integer> versions = primary.modelVersions();
                List<LoggedCommit> after = primary.recentLog(1);
                if (sameCommit(before, after)) {
                    return before.isEmpty()
                            ? new Snapshot(primary.logFloor(), null, roots, records, versions, migrations.size())
                            : new Snapshot(before.get(0).sequence(), before.get(0).changes().commitId(), roots, records,
                                    versions, migrations.size());
                }
            } finally {
                lock.unlock();
            }
        }
        throw new StoreException("Mirror '" + name + "': the primary '" + primary.name() + "' took commits made"
                + " elsewhere while it was read for a full copy, " + SNAPSHOT_ATTEMPTS + " times in a row");
    }

    private static boolean sameCommit(List<LoggedCommit> a, List<LoggedCommit> b) {
        return a.isEmpty() ? b.isEmpty()
                : !b.isEmpty() && a.get(0).sequence() == b.get(0).sequence()
                        && a.get(0).changes().commitId().equals(b.get(0).changes().commitId());
    }

    /**
     * The primary's model versions as they were before the migrations through the mirror from the
     * {@code applied}th on: what a replica that has had only the first {@code applied} must start at.
     */
    Map<String, Integer> modelVersionsAt(int applied) {
        writes.readLock().lock(); // no migration between reading the versions and the migrations
        try {
            Map<String, Integer> versions = new LinkedHashMap<>(primary.modelVersions());
            for (int i = migrations.size() - 1; i >= applied; i--) {
                Migration m = migrations.get(i).migration();
                versions.put(m.nsUri(), m.fromVersion());
            }
            return versions;
        } finally {
            writes.readLock().unlock();
        }
    }

    void progressed() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    // ------------------------------------------------------------------ progress

    @Override
    public boolean awaitCopied(Duration timeout) throws InterruptedException {
        List<LoggedCommit> newest = primary.recentLog(1);
        long target = Math.max(head.get(), newest.isEmpty() ? 0 : newest.get(0).sequence());
        saw(target);
        replicas.forEach(Replica::wake);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!replicas.stream().allMatch(r -> r.current(target))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    @Override
    public List<ReplicaStatus> replicas() {
        long known = head.get();
        return replicas.stream().map(r -> r.status(known)).toList();
    }

    @Override
    public Map<String, Long> figures() {
        List<ReplicaStatus> all = replicas();
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("replicas", (long) all.size());
        figures.put("behind", all.stream().mapToLong(ReplicaStatus::behind).max().orElse(0));
        figures.put("copied", all.stream().mapToLong(ReplicaStatus::copied).sum());
        figures.put("retries", all.stream().mapToLong(ReplicaStatus::retries).sum());
        figures.put("failing", all.stream().filter(s -> !s.failing().isEmpty()).count());
        figures.put("refills", all.stream().mapToLong(ReplicaStatus::refills).sum());
        return figures;
    }

    @Override
    public void close() {
        replicas.forEach(Replica::close);
    }

    @Override
    public String toString() {
        return "mirror '" + name + "' of " + primary + " to "
                + String.join(", ", replicas.stream().map(r -> r.store().toString()).toList());
    }
}
