package dev.strata.store.route.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

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
import dev.strata.core.TwoPhaseStore;
import dev.strata.core.TypeRef;
import dev.strata.core.store.ChangeCheck;
import dev.strata.core.store.QueryEvaluation;
import dev.strata.core.store.UniqueClaims;
import dev.strata.store.route.RouteModelStore;

/**
 * Spreads containment trees over several stores (shards) and makes them look like one store:
 * reads go to the shard that holds an object (found by asking all shards at once), queries and
 * counts to every shard with the answers merged, and a commit is split into one part per shard.
 * Parts on more than one shard are committed in two phases where every shard can prepare
 * ({@link TwoPhaseStore}; {@link CrossShardCommits}), with the decision forced to the {@link CoordinatorLog} between the
 * phases, so that after a crash every part is applied or none; on other shards they are applied
 * one after another and undone if a later one is refused.
 * <p>
 * Commits through one route store are made one at a time (the shards' parts in parallel).
 */
public final class RouteStore implements RouteModelStore {

    /** Locations remembered; beyond this the memory is dropped and rebuilt by reading. */
    private static final int MAX_LOCATIONS = 500_000;

    private final String name;
    private final List<ModelStore> shards;
    private final Placement placement;
    private final CoordinatorLog coordinator;
    private final EventAdmin events;
    private final CrossShardCommits crossShard;
    private final Parts.Shards splitting = new Parts.Shards() {
        @Override
        public Map<ObjectId, Integer> shardsOf(Collection<ObjectId> ids) {
            return locate(ids).shardOf;
        }

        @Override
        public Map<ObjectId, Record> subtree(int shard, ObjectId id) {
            return shards.get(shard).loadTree(id);
        }
    };
    private final ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();
    private final ReentrantLock commitLock = new ReentrantLock();
    /** The commit under way, whose parts' events from the shards are not news. */
    private final Set<UUID> committing = ConcurrentHashMap.newKeySet();
    /** The whole change set is checked here: a part alone can look consistent where the whole is not. */
    private final ChangeCheck check;
    /** Which shard holds an object, as far as known. */
    private final Map<ObjectId, Integer> locations = new ConcurrentHashMap<>();
    /** The order roots were added in, across shards. */
    private final Map<ObjectId, Long> rootRank = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong nextRank = new java.util.concurrent.atomic.AtomicLong();

    public RouteStore(String name, List<ModelStore> shards, List<String> placementRules, Path coordinatorDirectory,
            EventAdmin events) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("Route store '" + name + "' needs at least one shard");
        }
        Set<String> names = new HashSet<>();
        for (ModelStore s : shards) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("Route store '" + name + "': shard '" + s.name() + "' is listed twice");
            }
        }
        this.name = name;
        this.shards = List.copyOf(shards);
        this.placement = Placement.of(name, shards.stream().map(ModelStore::name).toList(), placementRules);
        this.check = new ChangeCheck(name, List.of(), ChangeCheck.UnknownPackages.REFUSE, false);
        this.coordinator = new CoordinatorLog(coordinatorDirectory);
        this.events = events;
        this.crossShard = new CrossShardCommits(name, this.shards, coordinator, fanOut, commitLock);
        for (CoordinatorLog.Entry e : coordinator.all()) {
            e.roots().forEach(r -> rootRank.putIfAbsent(r, nextRank.getAndIncrement()));
        }
        crossShard.recoverOrRetry();
    }

    // ------------------------------------------------------------------ identity

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ModelStore> shards() {
        return shards;
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> all = EnumSet.allOf(Capability.class);
        for (ModelStore s : shards) {
            all.retainAll(s.capabilities());
        }
        all.remove(Capability.NOTIFIES); // commits made directly on a shard are not announced here
        if (!shards.stream().allMatch(CrossShardCommits::prepares)) {
            // parts on shards that cannot prepare are applied one after another: not atomic across a crash
            if (shards.size() > 1) {
                all.remove(Capability.ATOMIC);
            }
        }
        return all;
    }

    @Override
    public String epoch() {
        return coordinator.epoch();
    }

    @Override
    public Map<String, Long> figures() {
        Map<String, Long> f = new LinkedHashMap<>();
        f.put("shards", (long) shards.size());
        f.put("commits", coordinator.lastSequence());
        f.put("acrossShards", crossShard.acrossShards());
        f.put("inDoubt", (long) coordinator.unfinished().size());
        f.put("recovered", crossShard.recovered());
        return f;
    }

    @Override
    public String toString() {
        return "route store '" + name + "' over " + shards.stream().map(ModelStore::name).toList() + ", trees placed "
                + placement.describe();
    }

    // ------------------------------------------------------------------ fan-out

    /** Runs one call per shard at once; the answers in shard order. A failure names the shard. */
    private <T> List<T> onEveryShard(String what, java.util.function.Function<ModelStore, T> call) {
        return onShards(what, allShards(), call);
    }

    private List<Integer> allShards() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            all.add(i);
        }
        return all;
    }

    private <T> List<T> onShards(String what, Collection<Integer> which, java.util.function.Function<ModelStore, T> call) {
        if (which.size() == 1) {
            int i = which.iterator().next();
            return java.util.Collections.singletonList(call.apply(shards.get(i))); // the answer may be null
        }
        List<Future<T>> futures = new ArrayList<>();
        for (int i : which) {
            ModelStore shard = shards.get(i);
            Callable<T> task = () -> call.apply(shard);
            futures.add(fanOut.submit(task));
        }
        List<T> answers = new ArrayList<>();
        RuntimeException failure = null;
        int k = 0;
        List<Integer> order = List.copyOf(which);
        for (Future<T> f : futures) {
            try {
                answers.add(f.get());
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new StoreException("Route store '" + name + "': " + what + " on shard '"
                                + shards.get(order.get(k)).name() + "' failed: " + e.getCause(), e.getCause());
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
                answers.add(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Route store '" + name + "': interrupted during " + what, e);
            }
            k++;
        }
        if (failure != null) {
            throw failure;
        }
        return answers;
    }

    // ------------------------------------------------------------------ model and indexes

    @Override
    public void useModel(List<EPackage> packages, Collection<IndexDef> indexes) {
        check.use(packages);
        onEveryShard("declaring the model", s -> {
            s.useModel(packages, indexes);
            return null;
        });
    }

    @Override
    public void declareIndexes(Collection<IndexDef> indexes) {
        onEveryShard("declaring indexes", s -> {
            s.declareIndexes(indexes);
            return null;
        });
    }

    @Override
    public Collection<IndexDef> indexes() {
        // An index serves queries only if every shard keeps it.
        Set<IndexDef> common = new java.util.LinkedHashSet<>(shards.getFirst().indexes());
        for (ModelStore s : shards.subList(1, shards.size())) {
            common.retainAll(s.indexes());
        }
        return common;
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        onEveryShard("rebuilding " + index, s -> {
            s.rebuildIndex(index);
            return null;
        });
    }

    @Override
    public Map<String, Integer> modelVersions() {
        return shards.getFirst().modelVersions();
    }

    @Override
    public List<String> appliedMigrations() {
        return shards.getFirst().appliedMigrations();
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        onEveryShard("recording the model version", s -> {
            s.initModelVersion(nsUri, version);
            return null;
        });
    }

    /**
     * Migrates shard after shard, each atomically. A shard that fails stops the migration; the shards
     * migrated already stay so, and running the migration again finishes the others (shards already
     * migrated by it are skipped, unless all are: then the first refuses, as any store would).
     */
    @Override
    public void migrate(Migration migration) {
        commitLock.lock();
        try {
            List<ModelStore> todo = shards.stream().filter(s -> !s.appliedMigrations().contains(migration.id())).toList();
            for (ModelStore s : todo.isEmpty() ? List.of(shards.getFirst()) : todo) {
                try {
                    s.migrate(migration);
                } catch (RuntimeException e) {
                    if (todo.isEmpty() || s == todo.getFirst()) {
                        throw e;
                    }
                    throw new StoreException("Route store '" + name + "': migration " + migration.id() + " failed on shard '"
                            + s.name() + "'; shards before it are migrated, run it again to finish: " + e.getMessage(), e);
                }
            }
        } finally {
            commitLock.unlock();
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<Record> load(ObjectId id) {
        return Optional.ofNullable(loadAll(List.of(id)).get(id));
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        return locate(ids).records;
    }

    /** Records found, and the shard of each. */
    private record Found(Map<ObjectId, Record> records, Map<ObjectId, Integer> shardOf) {
    }

    /**
     * Reads records where they are known to be, and asks every shard for the rest; learns where each
     * one is.
     */
    private Found locate(Collection<ObjectId> ids) {
        Map<ObjectId, Record> records = new LinkedHashMap<>();
        Map<ObjectId, Integer> shardOf = new HashMap<>();
        if (ids.isEmpty()) {
            return new Found(records, shardOf);
        }
        Map<Integer, List<ObjectId>> known = new HashMap<>();
        List<ObjectId> unknown = new ArrayList<>();
        for (ObjectId id : new java.util.LinkedHashSet<>(ids)) {
            Integer at = locations.get(id);
            if (at == null) {
                unknown.add(id);
            } else {
                known.computeIfAbsent(at, k -> new ArrayList<>()).add(id);
            }
        }
        for (Map.Entry<Integer, List<ObjectId>> e : known.entrySet()) {
            Map<ObjectId, Record> got = shards.get(e.getKey()).loadAll(e.getValue());
            for (ObjectId id : e.getValue()) {
                Record r = got.get(id);
                if (r == null) {
                    locations.remove(id); // gone, or moved by another process: ask everywhere
                    unknown.add(id);
                } else {
                    records.put(id, r);
                    shardOf.put(id, e.getKey());
                }
            }
        }
        if (!unknown.isEmpty()) {
            List<Map<ObjectId, Record>> answers = onEveryShard("reading", s -> s.loadAll(unknown));
            for (int i = 0; i < answers.size(); i++) {
                for (Map.Entry<ObjectId, Record> e : answers.get(i).entrySet()) {
                    records.put(e.getKey(), e.getValue());
                    shardOf.put(e.getKey(), i);
                    remember(e.getKey(), i);
                }
            }
        }
        // in the order asked
        Map<ObjectId, Record> ordered = new LinkedHashMap<>();
        for (ObjectId id : ids) {
            Record r = records.get(id);
            if (r != null) {
                ordered.put(id, r);
            }
        }
        return new Found(ordered, shardOf);
    }

    private void remember(ObjectId id, int shard) {
        if (locations.size() >= MAX_LOCATIONS) {
            locations.clear();
        }
        locations.put(id, shard);
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return loadTrees(List.of(rootId));
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        Found roots = locate(rootIds);
        Map<Integer, List<ObjectId>> byShard = new java.util.TreeMap<>();
        for (ObjectId id : rootIds) {
            Integer at = roots.shardOf.get(id);
            if (at != null) {
                byShard.computeIfAbsent(at, k -> new ArrayList<>()).add(id);
            }
        }
        Map<ObjectId, Record> all = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<ObjectId>> e : byShard.entrySet()) {
            Map<ObjectId, Record> tree = shards.get(e.getKey()).loadTrees(e.getValue());
            tree.keySet().forEach(id -> remember(id, e.getKey()));
            all.putAll(tree);
        }
        return all;
    }

    @Override
    public List<Record> roots() {
        List<List<Record>> answers = onEveryShard("listing roots", ModelStore::roots);
        List<Record> all = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            for (Record r : answers.get(i)) {
                remember(r.id(), i);
                all.add(r);
            }
        }
        return inRootOrder(all, Record::id);
    }

    @Override
    public List<ObjectId> rootIds() {
        List<List<ObjectId>> answers = onEveryShard("listing roots", ModelStore::rootIds);
        List<ObjectId> all = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            for (ObjectId id : answers.get(i)) {
                remember(id, i);
                all.add(id);
            }
        }
        return inRootOrder(all, id -> id);
    }

    /** Roots in the order they became roots through this store; others (written directly to a shard) last. */
    private <T> List<T> inRootOrder(List<T> all, java.util.function.Function<T, ObjectId> id) {
        List<T> sorted = new ArrayList<>(all);
        sorted.sort(java.util.Comparator.comparingLong(t -> rootRank.getOrDefault(id.apply(t), Long.MAX_VALUE)));
        return sorted;
    }

    @Override
    public List<Record> query(Query query) {
        query.check(indexes());
        List<List<Record>> answers = onEveryShard("querying " + query, s -> s.query(query));
        List<Record> all = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            for (Record r : answers.get(i)) {
                remember(r.id(), i);
                all.add(r);
            }
        }
        if (query.orderBy().isPresent()) {
            all.sort(QueryEvaluation.order(query, Record::value));
        }
        return query.limit() > 0 && all.size() > query.limit() ? List.copyOf(all.subList(0, query.limit())) : all;
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        Map<Object, Long> sum = new LinkedHashMap<>();
        for (Map<Object, Long> counts : onEveryShard("counting " + type + "." + feature, s -> s.countBy(type, feature))) {
            counts.forEach((value, n) -> sum.merge(value, n, Long::sum));
        }
        return sum;
    }

    // ------------------------------------------------------------------ log

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        return logged(coordinator.after(afterSequence, max));
    }

    @Override
    public List<LoggedCommit> recentLog(int max) {
        long last = coordinator.lastSequence();
        return logged(coordinator.after(Math.max(0, last - max), max));
    }

    /**
     * The commits as one change set each, put together from the parts the shards logged. An object
     * moved between shards was deleted on one and created on the other; it is shown as the change it
     * was.
     */
    private List<LoggedCommit> logged(List<CoordinatorLog.Entry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Map<Integer, long[]> span = new HashMap<>();
        for (CoordinatorLog.Entry e : entries) {
            e.parts().forEach((shard, seq) -> span.merge(shard, new long[] { seq, seq },
                    (a, b) -> new long[] { Math.min(a[0], b[0]), Math.max(a[1], b[1]) }));
        }
        Map<Integer, Map<Long, LoggedCommit>> partsByShard = new HashMap<>();
        for (Map.Entry<Integer, long[]> s : span.entrySet()) {
            long from = s.getValue()[0];
            long to = s.getValue()[1];
            Map<Long, LoggedCommit> bySeq = new HashMap<>();
            for (LoggedCommit c : shards.get(s.getKey()).log(from - 1, (int) Math.min(Integer.MAX_VALUE, to - from + 1))) {
                bySeq.put(c.sequence(), c);
            }
            partsByShard.put(s.getKey(), bySeq);
        }
        List<LoggedCommit> result = new ArrayList<>();
        for (CoordinatorLog.Entry e : entries) {
            List<ChangeSet> parts = new ArrayList<>();
            java.time.Instant time = java.time.Instant.ofEpochMilli(e.millis());
            for (Map.Entry<Integer, Long> p : e.parts().entrySet()) {
                LoggedCommit part = partsByShard.get(p.getKey()).get(p.getValue());
                if (part == null) {
                    continue; // beyond the shard's history policy
                }
                parts.add(part.changes());
            }
            if (parts.isEmpty() && !e.parts().isEmpty()) {
                continue;
            }
            result.add(new LoggedCommit(e.sequence(), Parts.join(e.commitId(), parts), time));
        }
        return result;
    }

    @Override
    public long logFloor() {
        return 0;
    }

    @Override
    public long historyFloor() {
        long floor = 0;
        for (ModelStore s : shards) {
            if (s.historyFloor() > 0 || s.logFloor() > 0) {
                // the shard's history is cut: commits numbered here up to the one whose part was cut lose values
                long cut = Math.max(s.historyFloor(), s.logFloor());
                int index = shards.indexOf(s);
                for (CoordinatorLog.Entry e : coordinator.all()) {
                    Long seq = e.parts().get(index);
                    if (seq != null && seq <= cut) {
                        floor = Math.max(floor, e.sequence());
                    }
                }
            }
        }
        return floor;
    }

    // ------------------------------------------------------------------ locks

    @Override
    public void lock(String owner, String holder, Collection<ObjectId> ids, LockMode mode, java.time.Duration lease) {
        Found found = locate(ids);
        Map<Integer, List<ObjectId>> byShard = new java.util.TreeMap<>();
        for (ObjectId id : ids) {
            byShard.computeIfAbsent(found.shardOf.getOrDefault(id, 0), k -> new ArrayList<>()).add(id);
        }
        List<Integer> taken = new ArrayList<>();
        try {
            for (Map.Entry<Integer, List<ObjectId>> e : byShard.entrySet()) {
                shards.get(e.getKey()).lock(owner, holder, e.getValue(), mode, lease);
                taken.add(e.getKey());
            }
        } catch (RuntimeException e) {
            for (int i : taken) {
                try {
                    shards.get(i).unlock(owner, byShard.get(i));
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
    }

    @Override
    public void unlock(String owner, Collection<ObjectId> ids) {
        onEveryShard("unlocking", s -> {
            s.unlock(owner, ids);
            return null;
        });
    }

    @Override
    public List<LockInfo> locks() {
        List<LockInfo> all = new ArrayList<>();
        onEveryShard("listing locks", ModelStore::locks).forEach(all::addAll);
        return all;
    }

    // ------------------------------------------------------------------ commits

    @Override
    public CommitResult commit(ChangeSet given) {
        commitLock.lock();
        try {
            CoordinatorLog.Entry earlier = coordinator.byCommit(given.commitId());
            if (earlier != null) {
                return new CommitResult(given.commitId(), earlier.sequence(), Map.of(), true);
            }
            committing.add(given.commitId());
            ChangeSet changes = check.check(given, ids -> locate(ids).records);
            if (shards.size() > 1) {
                checkUniqueAcrossShards(changes);
            }
            Parts parts = Parts.split(changes, splitting, placement, shards.stream().map(ModelStore::name).toList());
            CommitResult result;
            if (parts.shards().size() <= 1) {
                result = commitOnOne(changes, parts);
            } else if (parts.shards().stream().allMatch(i -> CrossShardCommits.prepares(shards.get(i)))) {
                result = crossShard.inTwoPhases(changes, parts);
            } else {
                result = crossShard.oneAfterAnother(changes, parts);
            }
            parts.placed().forEach(this::remember);
            parts.deletedIds().forEach(locations::remove);
            parts.newRoots().forEach(r -> rootRank.putIfAbsent(r, nextRank.getAndIncrement()));
            if (events != null && !result.duplicate()) {
                events.postEvent(CommitEvents.of(name, changes, result));
            }
            return result;
        } finally {
            committing.remove(given.commitId());
            commitLock.unlock();
        }
    }

    private CommitResult commitOnOne(ChangeSet changes, Parts parts) {
        int shard = parts.shards().isEmpty() ? 0 : parts.shards().getFirst();
        CommitResult r = shards.get(shard).commit(parts.part(shard, changes));
        if (r.duplicate()) {
            // applied before, but its line was lost with a crash: number it now
            CoordinatorLog.Entry e = coordinator.decide(changes.commitId(), null, Map.of(shard, r.sequence()), List.of());
            return new CommitResult(changes.commitId(), e.sequence(), r.newVersions(), true);
        }
        CoordinatorLog.Entry e = coordinator.decide(changes.commitId(), null, Map.of(shard, r.sequence()),
                parts.newRoots());
        return new CommitResult(changes.commitId(), e.sequence(), r.newVersions(), false);
    }

    /**
     * A shard keeps a unique index for its own objects only; values claimed by a commit are looked
     * for on every shard. Commits through this store are made one at a time, so none slips between
     * the look and the commit; a writer going to a shard directly can.
     */
    private void checkUniqueAcrossShards(ChangeSet changes) {
        UniqueClaims.check(changes, indexes(), this::query);
    }

    /**
     * Hears a shard's commit events. Its parts of this store's own commits are announced as this
     * store's commit already; a commit made on the shard directly (another process, another stack)
     * is in no log of this store, so listeners are told to read again.
     */
    void shardCommitted(Event event) {
        Object id = event.getProperty(Topics.COMMIT_ID);
        UUID commitId;
        try {
            commitId = id == null ? null : UUID.fromString(id.toString());
        } catch (IllegalArgumentException e) {
            commitId = null;
        }
        if (commitId != null && (committing.contains(commitId) || coordinator.byCommit(commitId) != null)) {
            return;
        }
        if (events != null) {
            events.postEvent(CommitEvents.resync(name, coordinator.lastSequence(), "commit " + id + " was made on shard '"
                    + event.getProperty(Topics.STORE) + "' directly, not through route store '" + name + "'"));
        }
    }

    /**
     * Settles what a crash left undecided: a decided commit's parts still prepared are committed,
     * parts of undecided commits are dropped. Runs when the store opens; safe to run again.
     */
    @Override
    public int recover() {
        return crossShard.recover();
    }

    @Override
    public void close() {
        crossShard.close();
        fanOut.shutdown();
        coordinator.close();
    }
}
