package dev.strata.core.store;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.IndexDef;
import dev.strata.core.MissingIndexException;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.RecordTrees;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.VetoException;

/**
 * An in-memory table of records with declared indexes, optimistic versions and idempotent commits.
 * Thread-safe: reads run concurrently, commits one at a time, and a commit becomes visible all at
 * once.
 */
public final class RecordTable {

    /** How many recent commit ids are remembered to recognise a retried commit. */
    private static final int REMEMBERED_COMMITS = 100_000;
    /** How many recent commits the log keeps. */
    private static final int LOGGED_COMMITS = 10_000;

    /**
     * A validated commit, ready to be made durable and then applied: the full records it writes,
     * the ids it deletes, and for model changes the new model versions and migration ids.
     */
    public record Prepared(ChangeSet changes, List<Record> upserts, List<ObjectId> deletions, CommitResult result,
            Map<String, Integer> modelVersions, List<String> migrations) {
        public Prepared {
            modelVersions = Map.copyOf(modelVersions);
            migrations = List.copyOf(migrations);
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
    private final Map<ObjectId, Record> records = new ConcurrentHashMap<>();
    private final Map<TypeRef, Set<ObjectId>> byType = new HashMap<>();
    /** In the order they became roots: a resource's roots have an order (UML's model comes first). */
    private final Set<ObjectId> roots = new LinkedHashSet<>();
    private final Map<IndexDef, Index> indexes = new LinkedHashMap<>();
    private final LinkedHashMap<UUID, CommitResult> applied = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, CommitResult> eldest) {
            return size() > REMEMBERED_COMMITS;
        }
    };
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Integer> modelVersions = new HashMap<>();
    private final java.util.ArrayDeque<dev.strata.core.LoggedCommit> log = new java.util.ArrayDeque<>();
    private final List<String> migrations = new ArrayList<>();
    private long sequence;
    /** The log holds every logged commit after this sequence (older ones were dropped or never loaded). */
    private long logFloor;
    private final ChangeCheck check;

    public RecordTable(String storeName) {
        this.storeName = storeName;
        this.check = new ChangeCheck(storeName, List.of(), ChangeCheck.UnknownPackages.REFUSE, false);
    }

    /** Adds packages to the model commits are checked against (EMF's package registry is always asked too). */
    public void useModel(Collection<org.eclipse.emf.ecore.EPackage> packages) {
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
            for (ObjectId id : roots) {
                all.add(records.get(id));
            }
            for (Record r : records.values()) {
                if (!r.isRoot()) {
                    all.add(r);
                }
            }
            return all;
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
            return roots.stream().map(records::get).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    public Collection<IndexDef> indexes() {
        lock.readLock().lock();
        try {
            return List.copyOf(indexes.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Recent commits after a sequence, oldest first, at most max. */
    public List<dev.strata.core.LoggedCommit> log(long afterSequence, int max) {
        lock.readLock().lock();
        try {
            return log.stream().filter(c -> c.sequence() > afterSequence).limit(Math.max(0, max)).toList();
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
            return logFloor;
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

    // ---------------------------------------------------------------- model versions and migrations

    /** Records a package's model version (no data changes); a no-op if the same version is recorded. */
    public void initModelVersion(String nsUri, int version, Writer writer) {
        lock.writeLock().lock();
        try {
            Integer current = modelVersions.get(nsUri);
            if (current != null && current == version) {
                return;
            }
            if (current != null) {
                throw new dev.strata.core.ModelVersionException(nsUri, current, "Store '" + storeName
                        + "' already holds " + nsUri + " at model version " + current + "; changing it to " + version
                        + " needs a migration");
            }
            Prepared p = new Prepared(marker("model " + nsUri + " v" + version), List.of(), List.of(),
                    new CommitResult(UUID.randomUUID(), sequence + 1, Map.of(), false), Map.of(nsUri, version), List.of());
            writer.write(p);
            apply(p);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Transforms every record of the migration's package, atomically with its new model version. */
    public void migrate(dev.strata.core.Migration migration, Writer writer) {
        lock.writeLock().lock();
        try {
            Integer current = modelVersions.get(migration.nsUri());
            if (current == null || current != migration.fromVersion()) {
                throw new dev.strata.core.ModelVersionException(migration.nsUri(), current, "Cannot apply "
                        + migration.id() + " to store '" + storeName + "': it holds " + migration.nsUri()
                        + (current == null ? " at no model version" : " at model version " + current));
            }
            List<Record> upserts = new ArrayList<>();
            Map<ObjectId, Long> versions = new HashMap<>();
            for (Map.Entry<TypeRef, Set<ObjectId>> e : byType.entrySet()) {
                if (!migration.affects(e.getKey())) {
                    continue;
                }
                for (ObjectId id : e.getValue()) {
                    Record old = records.get(id);
                    Record migrated = migration.apply(old);
                    Record next = new Record(id, migrated.type(), old.version() + 1, migrated.container(),
                            migrated.values());
                    upserts.add(next);
                    versions.put(id, next.version());
                }
            }
            Prepared p = new Prepared(marker(migration.id()), upserts, List.of(),
                    new CommitResult(UUID.randomUUID(), sequence + 1, versions, false),
                    Map.of(migration.nsUri(), migration.toVersion()), List.of(migration.id()));
            checkUnique(upserts, List.of());
            checkIndexable(migration.id(), upserts);
            writer.write(p);
            apply(p);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Refuses migrated values an index cannot hold (a text where an ordered index keeps numbers)
     * before anything is written: applying them would fail after the write, leaving a durable
     * migration the indexes never saw. The trial holds what the index will hold afterwards.
     */
    private void checkIndexable(String migrationId, List<Record> upserts) {
        Set<ObjectId> migrated = new HashSet<>();
        upserts.forEach(r -> migrated.add(r.id()));
        for (Map.Entry<IndexDef, Index> e : indexes.entrySet()) {
            IndexDef def = e.getKey();
            TreeMap<Object, Boolean> trial = def.servesOrder() ? new TreeMap<>(Index.NULLS_LAST) : null;
            if (trial != null) {
                Object kept = e.getValue().keyOutside(migrated);
                if (kept != null) {
                    trial.put(kept, Boolean.TRUE);
                }
            }
            for (Record r : upserts) {
                if (!r.type().equals(def.type())) {
                    continue;
                }
                Object key = null;
                try {
                    key = Index.key(r.value(def.feature()));
                    if (trial != null && key != null) {
                        trial.put(key, Boolean.TRUE);
                    }
                } catch (IllegalArgumentException | ClassCastException ex) {
                    throw new dev.strata.core.InvalidChangeException(def.feature(), "Cannot apply " + migrationId
                            + ": " + r.id() + "." + def.feature() + " would hold "
                            + (key == null ? "a value" : key.getClass().getSimpleName() + " '" + key + "'")
                            + " that the index " + def + " cannot hold beside its other values");
                }
            }
        }
    }

    private static ChangeSet marker(String message) {
        return new ChangeSet(UUID.randomUUID(), "", message, List.of(), List.of(), List.of());
    }

    // ---------------------------------------------------------------- indexes and queries

    /** Declares indexes, building new ones over the records present. */
    public void declareIndexes(Collection<IndexDef> defs) {
        lock.writeLock().lock();
        try {
            // All or none: a refused declaration leaves the indexes as they were.
            Map<IndexDef, Index> built = new LinkedHashMap<>();
            for (IndexDef def : defs) {
                if (indexes.containsKey(def) || built.containsKey(def)) {
                    continue;
                }
                Index index = new Index(def);
                for (ObjectId id : byType.getOrDefault(def.type(), Set.of())) {
                    Record r = records.get(id);
                    Object key = Index.key(r.value(def.feature()));
                    if (def.kind() == IndexDef.Kind.UNIQUE && key != null && !index.ids(key).isEmpty()) {
                        throw new VetoException("Cannot declare " + def + ": value '" + key + "' is used by "
                                + index.ids(key).iterator().next() + " and " + id);
                    }
                    index.add(key, id);
                }
                built.put(def, index);
            }
            indexes.putAll(built);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops and rebuilds one declared index from the records. */
    public void rebuildIndex(IndexDef def) {
        lock.writeLock().lock();
        try {
            Index old = indexes.remove(def);
            if (old == null) {
                throw new MissingIndexException("Store '" + storeName + "' has no " + def + " to rebuild; declare it"
                        + " first (" + def.howToDeclare() + ")");
            }
            try {
                declareIndexes(List.of(def)); // the lock is re-entrant: no commit slips in between
            } catch (RuntimeException e) {
                indexes.put(def, old);
                throw e;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public List<Record> query(Query q) {
        lock.readLock().lock();
        try {
            return run(q);
        } catch (ClassCastException e) {
            // An ordered index compares the query's value with the stored ones: they must be of one type.
            throw new IllegalArgumentException("Query " + q + " on store '" + storeName + "': a value is not of the"
                    + " type its feature holds");
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<Record> run(Query q) {
        Collection<IndexDef> declared = indexes.keySet();
        q.check(declared);
        Collection<ObjectId> candidates = null;
        List<Query.Condition> rest = new ArrayList<>(q.conditions());
        for (Query.Condition c : q.conditions()) {
            if (c.op() == Query.Op.EQ) {
                candidates = indexes.get(q.find(declared, c.feature(), false).orElseThrow()).ids(Index.key(c.value()));
                rest.remove(c);
                break;
            }
        }
        if (candidates == null) {
            for (Query.Condition c : q.conditions()) {
                candidates = indexes.get(q.find(declared, c.feature(), true).orElseThrow()).range(c.value(), c.upper());
                rest.remove(c);
                break;
            }
        }
        if (candidates == null) {
            candidates = byType.getOrDefault(q.type(), Set.of());
        }
        List<Record> result = new ArrayList<>();
        for (ObjectId id : candidates) {
            Record r = records.get(id);
            if (r != null && r.type().equals(q.type()) && rest.stream().allMatch(c -> matches(r, c))) {
                result.add(r);
            }
        }
        if (q.orderBy().isPresent()) {
            String f = q.orderBy().get();
            boolean desc = q.descending();
            // Objects without a value come last in either direction.
            result.sort((a, b) -> {
                Object x = Index.key(a.value(f));
                Object y = Index.key(b.value(f));
                if (x == null || y == null) {
                    return x == y ? 0 : x == null ? 1 : -1;
                }
                int c = Index.NULLS_LAST.compare(x, y);
                return desc ? -c : c;
            });
        }
        if (q.limit() >= 0 && result.size() > q.limit()) {
            return new ArrayList<>(result.subList(0, q.limit()));
        }
        return result;
    }

    private static boolean matches(Record r, Query.Condition c) {
        Object v = Index.key(r.value(c.feature()));
        return switch (c.op()) {
            case EQ -> java.util.Objects.equals(v, Index.key(c.value()));
            case RANGE -> v != null && (c.value() == null || Index.NULLS_LAST.compare(v, Index.key(c.value())) >= 0)
                    && (c.upper() == null || Index.NULLS_LAST.compare(v, Index.key(c.upper())) < 0);
        };
    }

    public Map<Object, Long> countBy(TypeRef type, String feature) {
        lock.readLock().lock();
        try {
            Index index = indexes.entrySet().stream()
                    .filter(e -> e.getKey().type().equals(type) && e.getKey().feature().equals(feature))
                    .map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new MissingIndexException("Counting " + type.name() + " by " + feature
                            + " needs an index: declare an "
                            + new IndexDef(type, feature, IndexDef.Kind.EQUALITY) + " ("
                            + new IndexDef(type, feature, IndexDef.Kind.EQUALITY).howToDeclare() + ")"));
            return index.counts();
        } finally {
            lock.readLock().unlock();
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
        lock.writeLock().lock();
        try {
            CommitResult earlier = applied.get(changes.commitId());
            if (earlier != null) {
                return new CommitResult(earlier.commitId(), earlier.sequence(), earlier.newVersions(), true);
            }
            ChangeSet checked;
            try {
                checked = check.check(changes, this::getAll);
            } catch (dev.strata.core.InvalidChangeException e) {
                // Written against versions that are gone (e.g. before a migration): the conflict says more.
                throwConflicts(changes);
                throw e;
            }
            Prepared prepared = prepare(checked);
            writer.write(prepared);
            apply(prepared);
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
        lock.writeLock().lock();
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
        lock.writeLock().lock();
        try {
            List<Record> upserts = new ArrayList<>();
            for (Record r : changes.created()) {
                upserts.add(r.with(1, Map.of()));
            }
            for (ChangeSet.Change c : changes.changed()) {
                Record current = records.get(c.id());
                if (current == null) {
                    throw new StoreException("Commit " + changes.commitId() + " changes " + c.id()
                            + ", which store '" + storeName + "' does not have");
                }
                upserts.add(current.with(c.expectedVersion() + 1, c.container(), c.newValues()));
            }
            List<ObjectId> deletions = changes.deleted().stream().map(ChangeSet.Deletion::id).toList();
            apply(new Prepared(changes, upserts, deletions,
                    new CommitResult(changes.commitId(), commitSequence, Map.of(), false)));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The ids and sequences of recent commits, oldest first: what recognises a retried commit. */
    public List<CommitResult> recentCommits() {
        lock.readLock().lock();
        try {
            return applied.values().stream()
                    .map(r -> new CommitResult(r.commitId(), r.sequence(), Map.of(), false)).toList();
        } finally {
            lock.readLock().unlock();
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
        lock.writeLock().lock();
        try {
            for (CommitResult r : recent) {
                this.applied.put(r.commitId(), r);
            }
            apply(new Prepared(new ChangeSet(UUID.randomUUID(), "", "snapshot", List.of(), List.of(), List.of()),
                    snapshot, List.of(), new CommitResult(UUID.randomUUID(), snapshotSequence, Map.of(), false),
                    versions, applied));
            // The commits up to the snapshot are not in the log: a follower behind it cannot resume.
            logFloor = Math.max(logFloor, snapshotSequence);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Changes and deletions made against versions the store no longer has. */
    private void throwConflicts(ChangeSet changes) {
        List<ConflictException.Conflict> conflicts = new ArrayList<>();
        Map<ObjectId, Long> expected = new java.util.LinkedHashMap<>();
        changes.changed().forEach(c -> expected.put(c.id(), c.expectedVersion()));
        changes.deleted().forEach(d -> expected.put(d.id(), d.expectedVersion()));
        for (Map.Entry<ObjectId, Long> e : expected.entrySet()) {
            Record current = records.get(e.getKey());
            long actual = current == null ? -1 : current.version();
            if (actual != e.getValue()) {
                conflicts.add(new ConflictException.Conflict(e.getKey(), e.getValue(), actual));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConflictException(storeName, conflicts);
        }
    }

    private Prepared prepare(ChangeSet changes) {
        for (int i = 0; i < changes.created().size(); i++) {
            ObjectId id = changes.created().get(i).id();
            if (records.containsKey(id)) {
                throw new dev.strata.core.ObjectExistsException("created[" + i + "].id", storeName, id);
            }
        }
        throwConflicts(changes);
        List<Record> upserts = new ArrayList<>();
        Map<ObjectId, Long> versions = new HashMap<>();
        for (Record r : changes.created()) {
            upserts.add(r.with(1, Map.of()));
            versions.put(r.id(), 1L);
        }
        for (ChangeSet.Change c : changes.changed()) {
            Record next = records.get(c.id()).with(c.expectedVersion() + 1, c.container(), c.newValues());
            upserts.add(next);
            versions.put(c.id(), next.version());
        }
        List<ObjectId> deletions = changes.deleted().stream().map(ChangeSet.Deletion::id).toList();
        checkUnique(upserts, deletions);
        return new Prepared(changes, upserts, deletions, new CommitResult(changes.commitId(), sequence + 1, versions, false));
    }

    private void checkUnique(List<Record> upserts, List<ObjectId> deletions) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<IndexDef, Index> e : indexes.entrySet()) {
            IndexDef def = e.getKey();
            if (def.kind() != IndexDef.Kind.UNIQUE) {
                continue;
            }
            Set<ObjectId> leaving = new HashSet<>(deletions);
            Map<Object, ObjectId> claimed = new HashMap<>();
            for (Record r : upserts) {
                if (r.type().equals(def.type())) {
                    leaving.add(r.id());
                }
            }
            for (Record r : upserts) {
                if (!r.type().equals(def.type())) {
                    continue;
                }
                Object key = Index.key(r.value(def.feature()));
                if (key == null) {
                    continue;
                }
                ObjectId other = claimed.putIfAbsent(key, r.id());
                if (other == null) {
                    other = e.getValue().ids(key).stream().filter(id -> !leaving.contains(id)).findFirst().orElse(null);
                }
                if (other != null && !other.equals(r.id())) {
                    problems.add("unique " + def + ": value '" + key + "' of " + r.id() + " is already used by " + other);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new VetoException(problems);
        }
    }

    private void apply(Prepared p) {
        for (ObjectId id : p.deletions()) {
            Record old = records.remove(id);
            if (old != null) {
                unindex(old);
            }
        }
        // All replaced values leave the indexes before any new one enters: a migration may change
        // a feature's type everywhere, and an ordered index cannot hold old and new side by side.
        for (Record r : p.upserts()) {
            Record old = records.put(r.id(), r);
            if (old != null) {
                unindex(old);
            }
        }
        for (Record r : p.upserts()) {
            if (records.get(r.id()) == r) { // the last record of an id is the one kept
                index(r);
            }
        }
        sequence = Math.max(sequence, p.result().sequence());
        applied.put(p.changes().commitId(), p.result());
        modelVersions.putAll(p.modelVersions());
        migrations.addAll(p.migrations());
        if (!p.changes().isEmpty()) {
            log.addLast(new dev.strata.core.LoggedCommit(p.result().sequence(), p.changes()));
            if (log.size() > LOGGED_COMMITS) {
                logFloor = log.removeFirst().sequence();
            }
        }
    }

    private void index(Record r) {
        byType.computeIfAbsent(r.type(), t -> new HashSet<>()).add(r.id());
        if (r.isRoot()) {
            roots.add(r.id());
        }
        for (Map.Entry<IndexDef, Index> e : indexes.entrySet()) {
            if (e.getKey().type().equals(r.type())) {
                e.getValue().add(Index.key(r.value(e.getKey().feature())), r.id());
            }
        }
    }

    private void unindex(Record r) {
        Set<ObjectId> ids = byType.get(r.type());
        if (ids != null) {
            ids.remove(r.id());
        }
        roots.remove(r.id());
        for (Map.Entry<IndexDef, Index> e : indexes.entrySet()) {
            if (e.getKey().type().equals(r.type())) {
                e.getValue().remove(Index.key(r.value(e.getKey().feature())), r.id());
            }
        }
    }

    /** One index: value to ids, ordered when the index serves ranges. Nulls are kept under NULL. */
    private static final class Index {

        private static final Object NULL = new Object() {
            @Override
            public String toString() {
                return "null";
            }
        };

        @SuppressWarnings({ "unchecked", "rawtypes" })
        static final Comparator<Object> NULLS_LAST = (a, b) -> {
            if (a == b) {
                return 0;
            }
            if (a == null || a == NULL) {
                return 1;
            }
            if (b == null || b == NULL) {
                return -1;
            }
            return ((Comparable) a).compareTo(b);
        };

        private final Map<Object, Set<ObjectId>> map;

        Index(IndexDef def) {
            this.map = def.servesOrder() ? new TreeMap<>(NULLS_LAST) : new HashMap<>();
        }

        /** Normalises a value so that equal values are equal keys (BigDecimal 2.0 = 2.00). */
        static Object key(Object value) {
            if (value == Nil.VALUE) {
                return null; // set to null: found as null, like an unset value
            }
            if (value instanceof BigDecimal d) {
                return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            }
            if (value instanceof byte[] || value instanceof List<?>) {
                throw new IllegalArgumentException("Binary and many-valued features cannot be indexed or queried");
            }
            return value;
        }

        void add(Object key, ObjectId id) {
            map.computeIfAbsent(key == null ? NULL : key, k -> new LinkedHashSet<>()).add(id);
        }

        void remove(Object key, ObjectId id) {
            Object k = key == null ? NULL : key;
            Set<ObjectId> ids = map.get(k);
            if (ids != null) {
                ids.remove(id);
                if (ids.isEmpty()) {
                    map.remove(k);
                }
            }
        }

        Set<ObjectId> ids(Object key) {
            return map.getOrDefault(key == null ? NULL : key, Set.of());
        }

        /** A non-null key of an object not among the given ones, or null. */
        Object keyOutside(Set<ObjectId> ids) {
            for (Map.Entry<Object, Set<ObjectId>> e : map.entrySet()) {
                if (e.getKey() != NULL && !ids.containsAll(e.getValue())) {
                    return e.getKey();
                }
            }
            return null;
        }

        Collection<ObjectId> range(Object lower, Object upper) {
            NavigableMap<Object, Set<ObjectId>> tree = (NavigableMap<Object, Set<ObjectId>>) map;
            NavigableMap<Object, Set<ObjectId>> sub;
            if (lower != null && upper != null) {
                sub = tree.subMap(key(lower), true, key(upper), false);
            } else if (lower != null) {
                sub = tree.tailMap(key(lower), true);
            } else if (upper != null) {
                sub = tree.headMap(key(upper), false);
            } else {
                sub = tree;
            }
            List<ObjectId> ids = new ArrayList<>();
            sub.forEach((k, v) -> {
                if (k != NULL) {
                    ids.addAll(v);
                }
            });
            return ids;
        }

        Map<Object, Long> counts() {
            Map<Object, Long> counts = new LinkedHashMap<>();
            map.forEach((k, v) -> counts.put(k == NULL ? null : k, (long) v.size()));
            return counts;
        }
    }
}
