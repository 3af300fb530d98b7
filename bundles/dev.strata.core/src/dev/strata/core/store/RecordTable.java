package dev.strata.core.store;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.eclipse.emf.ecore.EPackage;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.ModelVersionException;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.RecordTrees;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;

/**
 * An in-memory table of records with declared indexes, optimistic versions and idempotent commits.
 * Thread-safe: reads run concurrently, commits one at a time, and a commit becomes visible all at
 * once.
 * <p>
 * The table holds the records and the lock, and applies commits; beside it, guarded by the same
 * lock, {@link TableIndexes} finds records (by type, roots, declared indexes, queries),
 * {@link CommitPreparer} turns change sets and migrations into {@link Prepared} commits,
 * {@link TableLog} remembers recent commits, and {@link IndexBuilding} builds the indexes of
 * records read lazily in the background.
 */
public final class RecordTable {

    /**
     * A validated commit, ready to be made durable and then applied: the full records it writes,
     * the ids it deletes, for model changes the new model versions and migration ids, and when the
     * store accepted it (null when unknown, e.g. replayed from a journal that did not keep it).
     */
    public record Prepared(ChangeSet changes, List<Record> upserts, List<ObjectId> deletions, CommitResult result,
            Map<String, Integer> modelVersions, List<String> migrations, Instant time) {
        public Prepared {
            modelVersions = Map.copyOf(modelVersions);
            migrations = List.copyOf(migrations);
        }

        /** A commit without a time. */
        public Prepared(ChangeSet changes, List<Record> upserts, List<ObjectId> deletions, CommitResult result,
                Map<String, Integer> modelVersions, List<String> migrations) {
            this(changes, upserts, deletions, result, modelVersions, migrations, null);
        }

        /** A commit of data only. */
        public Prepared(ChangeSet changes, List<Record> upserts, List<ObjectId> deletions, CommitResult result) {
            this(changes, upserts, deletions, result, Map.of(), List.of());
        }
    }

    /** Called with a validated commit before it is applied; throwing aborts the commit. */
    @FunctionalInterface
    public interface Writer {
        void write(Prepared prepared);
    }

    private final String storeName;
    private final LayeredRecords records = new LayeredRecords();
    private final TableIndexes indexes = new TableIndexes();
    private final TableLog log;
    private final CommitPreparer preparer;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Explicit locks of the sessions (not the read/write lock above), checked by every commit. */
    private final LockTable locks;
    private final Map<String, Integer> modelVersions = new HashMap<>();
    private final List<String> migrations = new ArrayList<>();
    private long sequence;
    private final ChangeCheck check;
    /** The indexes over records read lazily, built in the background (see loadLazily). */
    private final IndexBuilding building;

    /** A table whose log keeps the newest 10,000 commits. */
    public RecordTable(String storeName) {
        this(storeName, TableLog.DEFAULT_HISTORY);
    }

    /**
     * A table whose log keeps the commits the policy keeps (in memory: a policy that keeps every
     * commit lets the log grow without bound).
     *
     * @since 0.5
     */
    public RecordTable(String storeName, HistoryPolicy history) {
        this.storeName = storeName;
        this.log = new TableLog(java.util.Objects.requireNonNull(history, "history"));
        this.preparer = new CommitPreparer(storeName, records, indexes);
        this.check = new ChangeCheck(storeName, List.of(), ChangeCheck.UnknownPackages.REFUSE, false);
        this.locks = new LockTable(storeName);
        this.building = new IndexBuilding(storeName, records, indexes, lock.writeLock());
    }

    /**
     * The sessions' explicit locks on these records, which every commit is checked against.
     *
     * @since 0.5
     */
    public LockTable locks() {
        return locks;
    }

    /** Adds packages to the model commits are checked against (EMF's package registry is always asked too). */
    public void useModel(Collection<EPackage> packages) {
        check.use(packages);
    }

    // ---------------------------------------------------------------- reads

    // Reads take the read lock so that a commit, applied record by record, is seen whole or not at all.

    public Optional<Record> get(ObjectId id) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(records.get(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    public Map<ObjectId, Record> getAll(Collection<ObjectId> ids) {
        lock.readLock().lock();
        try {
            Map<ObjectId, Record> result = new LinkedHashMap<>();
            for (ObjectId id : ids) {
                Record r = records.get(id);
                if (r != null) {
                    result.put(id, r);
                }
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A record and everything it contains, read under one lock: a concurrent commit is seen whole or not at all. */
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return loadTrees(List.of(rootId));
    }

    /**
     * The records under several roots, read under one lock, in the order {@link RecordTrees#collect}
     * gives (each tree level by level). The records are at hand: one lookup per id a record holds,
     * not a map of candidates per level.
     */
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        lock.readLock().lock();
        try {
            Map<ObjectId, Record> result = new LinkedHashMap<>();
            ArrayDeque<Record> queue = new ArrayDeque<>();
            for (ObjectId rootId : rootIds) {
                Record root = records.get(rootId);
                if (root == null || result.putIfAbsent(rootId, root) != null) {
                    continue;
                }
                queue.add(root);
                for (Record r; (r = queue.poll()) != null;) {
                    for (ObjectId id : RecordTrees.childIds(r)) {
                        Record child = records.get(id);
                        if (child != null && r.id().equals(child.container()) && result.putIfAbsent(id, child) == null) {
                            queue.add(child);
                        }
                    }
                }
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        return records.size();
    }

    /** All records, in no particular order (a copy). */
    public List<Record> all() {
        lock.readLock().lock();
        try {
            // Roots first, in their order, so that a snapshot gives them back in that order.
            List<Record> all = new ArrayList<>(records.size());
            for (ObjectId id : indexes.roots()) {
                all.add(records.get(id));
            }
            for (Record r : records.all()) {
                if (!r.isRoot()) {
                    all.add(r);
                }
            }
            return all;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * All records as {@link #all()} gives them, read now; records a {@link RecordSource} holds are
     * decoded when the supplier is called, outside the table's lock, so that a caller holding its own
     * write lock (a compaction) holds it only while the table's own records are copied.
     *
     * @since 0.7
     */
    public java.util.function.Supplier<List<Record>> allLater() {
        lock.readLock().lock();
        try {
            if (records.base() == null) {
                List<Record> all = all();
                return () -> all;
            }
            return records.frozen(List.copyOf(indexes.roots()));
        } finally {
            lock.readLock().unlock();
        }
    }

    public long sequence() {
        lock.readLock().lock();
        try {
            return sequence;
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<Record> roots() {
        lock.readLock().lock();
        try {
            return indexes.roots().stream().map(records::get).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    public Collection<IndexDef> indexes() {
        lock.readLock().lock();
        try {
            return building.withQueued(indexes.declared());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Recent commits after a sequence, oldest first, at most max. */
    public List<LoggedCommit> log(long afterSequence, int max) {
        lock.readLock().lock();
        try {
            return log.after(afterSequence, max);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The newest logged commits, at most max, oldest first.
     *
     * @since 0.4
     */
    public List<LoggedCommit> recentLog(int max) {
        lock.readLock().lock();
        try {
            return log.newest(max);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The sequence after which {@link #log} holds every logged commit: the oldest dropped commit's,
     * or the snapshot's this table was loaded from; 0 while nothing was dropped.
     *
     * @since 0.2
     */
    public long logFloor() {
        lock.readLock().lock();
        try {
            return log.floor();
        } finally {
            lock.readLock().unlock();
        }
    }

    public Map<String, Integer> modelVersions() {
        lock.readLock().lock();
        try {
            return Map.copyOf(modelVersions);
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<String> appliedMigrations() {
        lock.readLock().lock();
        try {
            return List.copyOf(migrations);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The ids and sequences of recent commits, oldest first: what recognises a retried commit. */
    public List<CommitResult> recentCommits() {
        lock.readLock().lock();
        try {
            return log.recent();
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<Record> query(Query q) {
        awaitIndexes();
        buildDeclared();
        lock.readLock().lock();
        try {
            return indexes.query(q, records);
        } catch (ClassCastException e) {
            // An ordered index compares the query's value with the stored ones: they must be of one type.
            throw new IllegalArgumentException("Query " + q + " on store '" + storeName + "': a value is not of the"
                    + " type its feature holds");
        } finally {
            lock.readLock().unlock();
        }
    }

    public Map<Object, Long> countBy(TypeRef type, String feature) {
        awaitIndexes();
        buildDeclared();
        lock.readLock().lock();
        try {
            return indexes.countBy(type, feature);
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- model versions, migrations, indexes

    /** Records a package's model version (no data changes); a no-op if the same version is recorded. */
    public void initModelVersion(String nsUri, int version, Writer writer) {
        lock.readLock().lock();
        try {
            Integer current = modelVersions.get(nsUri);
            if (current != null && current == version) {
                return; // what every repository start asks: no need to wait for the indexes
            }
        } finally {
            lock.readLock().unlock();
        }
        lockWrites(true);
        try {
            Integer current = modelVersions.get(nsUri);
            if (current != null && current == version) {
                return;
            }
            if (current != null) {
                throw new ModelVersionException(nsUri, current, "Store '" + storeName
                        + "' already holds " + nsUri + " at model version " + current + "; changing it to " + version
                        + " needs a migration");
            }
            writeAndApply(preparer.modelVersion(nsUri, version, sequence + 1), writer);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Transforms every record of the migration's package, atomically with its new model version. */
    public void migrate(Migration migration, Writer writer) {
        lockWrites(true);
        try {
            indexes.buildAll(records); // the migration checks the values the indexes will hold
            writeAndApply(preparer.migration(migration, modelVersions.get(migration.nsUri()), sequence + 1), writer);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Builds the declared indexes a query or a count may use that are not built yet (declaring
     * builds only unique ones: a store read object by object never holds the others).
     */
    private void buildDeclared() {
        if (!indexes.unbuilt()) {
            return;
        }
        lock.writeLock().lock();
        try {
            indexes.buildAll(records);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Declares indexes; each is built over the records when a query, a count or a commit first
     * needs it (so a repository opening a large store does not wait for the ids by type either).
     */
    public void declareIndexes(Collection<IndexDef> defs) {
        if (building.queue(defs)) {
            return; // taken in by the next query or commit, once the ids by type are built
        }
        lockWrites(true);
        try {
            indexes.declare(defs, records);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops and rebuilds one declared index from the records. */
    public void rebuildIndex(IndexDef def) {
        lockWrites(true);
        try {
            indexes.rebuild(def, records, storeName);
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- commits

    /** Validates and applies a change set with nothing to write first. */
    public CommitResult commit(ChangeSet changes) {
        return commit(changes, p -> { });
    }

    /**
     * Validates the change set (versions, ids, unique indexes), hands it to the writer (which makes
     * it durable), then applies it. If validation or the writer fails, nothing is applied.
     */
    public CommitResult commit(ChangeSet changes, Writer writer) {
        lockWrites(true);
        try {
            indexes.buildUnique(records); // the commit's unique checks need them
            CommitResult earlier = log.earlier(changes.commitId());
            if (earlier != null) {
                return new CommitResult(earlier.commitId(), earlier.sequence(), earlier.newVersions(), true);
            }
            locks.check(changes);
            ChangeSet checked;
            try {
                checked = check.check(changes, this::getAll);
            } catch (InvalidChangeException e) {
                // Written against versions that are gone (e.g. before a migration): the conflict says more.
                preparer.throwConflicts(changes);
                throw e;
            }
            Prepared prepared = preparer.commit(checked, sequence + 1);
            writeAndApply(prepared, writer);
            return prepared.result();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Applies a commit read back from durable storage (e.g. a journal on open), without re-validating
     * versions: it was validated when first committed.
     */
    public void replay(Prepared prepared) {
        lockWrites(false);
        try {
            apply(prepared);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Applies a commit read back from a journal: the change set as it was accepted, with the
     * sequence it got. Versions are not checked again; changes are applied to the records as they
     * are now, exactly as when the commit was first accepted.
     *
     * @throws StoreException if the log does not fit the data (a changed object that does not exist)
     */
    public void replayCommit(ChangeSet changes, long commitSequence) {
        replayCommit(changes, commitSequence, null);
    }

    /**
     * Applies a commit read back from a journal, as {@link #replayCommit(ChangeSet, long)}, with
     * the time the store first accepted it (null when the journal did not keep it).
     *
     * @since 0.4
     */
    public void replayCommit(ChangeSet changes, long commitSequence, Instant time) {
        lockWrites(false);
        try {
            apply(preparer.replay(changes, commitSequence, time));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Loads records read from a snapshot, with the store state that goes with them. */
    public void load(List<Record> snapshot, long snapshotSequence, Map<String, Integer> versions, List<String> applied) {
        load(snapshot, snapshotSequence, versions, applied, List.of());
    }

    /**
     * Loads records read from a snapshot, with the store state that goes with them, including the
     * recent commits (so that a commit retried after a restart is still recognised).
     */
    public void load(List<Record> snapshot, long snapshotSequence, Map<String, Integer> versions, List<String> applied,
            List<CommitResult> recent) {
        lockWrites(false);
        try {
            recent.forEach(log::remember);
            apply(CommitPreparer.snapshot(snapshot, snapshotSequence, versions, applied));
            // The commits up to the snapshot are not in the log: a follower behind it cannot resume.
            log.raiseFloor(snapshotSequence);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Takes the records of a snapshot from a source that reads each when asked, with the store
     * state that goes with them: the table holds only what is written after. The roots are known at
     * once; the ids by type and the declared indexes are built by {@link #buildIndexes()} (or the
     * first read or write that needs them), and such reads and writes wait until they are. Commits
     * replayed before that apply to the records only.
     *
     * @since 0.7
     */
    public void loadLazily(RecordSource source, long snapshotSequence, Map<String, Integer> versions,
            List<String> applied, List<CommitResult> recent) {
        lockWrites(false);
        try {
            recent.forEach(log::remember);
            records.readFrom(source);
            indexes.clear();
            source.rootIds().forEach(indexes.roots()::add);
            sequence = Math.max(sequence, snapshotSequence);
            modelVersions.putAll(versions);
            migrations.addAll(applied);
            log.raiseFloor(snapshotSequence);
            building.reset();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Starts building, in the background, the ids by type and the declared indexes over records
     * read lazily; does nothing if they are built or being built.
     *
     * @since 0.7
     */
    public void buildIndexes() {
        building.start();
    }

    /**
     * True once the ids by type and the declared indexes cover every record (at once for a table
     * that holds its records).
     *
     * @since 0.7
     */
    public boolean indexesBuilt() {
        return building.built();
    }

    private void awaitIndexes() {
        building.await();
    }

    /**
     * Takes the write lock once no index build reads the records without it: after the indexes are
     * built ({@code built}), or else with no build running (commits replayed over a lazily read
     * snapshot before its build). A build that started or a snapshot loaded again between the wait
     * and the lock is waited for once more.
     */
    private void lockWrites(boolean built) {
        while (true) {
            if (built) {
                building.await();
            } else {
                building.awaitStarted();
            }
            lock.writeLock().lock();
            if (built ? building.built() : !building.running()) {
                return;
            }
            lock.writeLock().unlock();
        }
    }

    private void writeAndApply(Prepared prepared, Writer writer) {
        writer.write(prepared);
        apply(prepared);
    }

    private void unindex(Record old, boolean full) {
        if (full) {
            indexes.remove(old);
        } else {
            indexes.roots().remove(old.id());
        }
    }

    private void apply(Prepared p) {
        // Before the indexes are built (commits replayed over a lazily read snapshot) only the roots are kept.
        boolean full = building.built();
        for (ObjectId id : p.deletions()) {
            Record old = records.remove(id);
            if (old != null) {
                unindex(old, full);
            }
        }
        // All replaced values leave the indexes before any new one enters: a migration may change
        // a feature's type everywhere, and an ordered index cannot hold old and new side by side.
        boolean replaced = false;
        records.expect(p.upserts().size());
        for (Record r : p.upserts()) {
            Record old = records.put(r.id(), r);
            if (old != null) {
                unindex(old, full);
                replaced = true;
            }
        }
        for (Record r : p.upserts()) {
            // The last record of an id is the one kept; with nothing replaced, no id came twice.
            if (!replaced || records.get(r.id()) == r) {
                if (full) {
                    indexes.add(r);
                } else if (r.isRoot()) {
                    indexes.roots().add(r.id());
                }
            }
        }
        sequence = Math.max(sequence, p.result().sequence());
        modelVersions.putAll(p.modelVersions());
        migrations.addAll(p.migrations());
        log.applied(p);
    }
}
