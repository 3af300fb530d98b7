package dev.strata.store.readonly.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.emf.ecore.EPackage;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.LockMode;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.store.ForwardingStore;

/**
 * The contract kit's store for the read-only view: writes go to the wrapped store, and every read
 * is asked of the wrapped store and of the read-only view over it, which must answer the same (or
 * fail the same way). Reads and writes exclude each other so that both answers see the same commits.
 */
final class ReadComparingStore extends ForwardingStore {

    private final ModelStore wrapped;
    private final ModelStore view;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private int compared;

    ReadComparingStore(ModelStore wrapped, ModelStore view) {
        this.wrapped = wrapped;
        this.view = view;
    }

    @Override
    protected ModelStore delegate() {
        return wrapped;
    }

    /** How many reads were answered by both. */
    synchronized int compared() {
        return compared;
    }

    private <T> T read(String what, Function<ModelStore, T> call) {
        return read(what, call, answer -> answer);
    }

    /** Asks both; {@code key} maps an answer to what must be equal (values that do not compare by equals). */
    private <T> T read(String what, Function<ModelStore, T> call, Function<T, Object> key) {
        lock.readLock().lock();
        try {
            T expected;
            try {
                expected = call.apply(wrapped);
            } catch (RuntimeException e) {
                RuntimeException fromView = null;
                try {
                    call.apply(view);
                } catch (RuntimeException v) {
                    fromView = v;
                }
                assertEquals(e.getClass(), fromView == null ? null : fromView.getClass(), what + ": the view must fail as "
                        + wrapped.name() + " did (" + e.getMessage() + ")");
                assertEquals(e.getMessage(), fromView.getMessage(), what);
                throw e;
            }
            assertEquals(key.apply(expected), key.apply(call.apply(view)), what + " through the read-only view");
            synchronized (this) {
                compared++;
            }
            return expected;
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> call) {
        lock.writeLock().lock();
        try {
            return call.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A logged commit as what identifies it and what it touched (its values may hold arrays). */
    private static Object commitKey(LoggedCommit c) {
        ChangeSet cs = c.changes();
        return List.of(c.sequence(), String.valueOf(c.time()), cs.commitId(), cs.author(), cs.message(),
                cs.created().stream().map(Record::id).toList(), cs.changed().stream().map(ChangeSet.Change::id).toList(),
                cs.deleted().stream().map(d -> d.last().id()).toList());
    }

    private static Object logKey(List<LoggedCommit> log) {
        return log.stream().map(ReadComparingStore::commitKey).toList();
    }

    // ------------------------------------------------------------------ reads, compared

    @Override
    public Optional<Record> load(ObjectId id) {
        return read("load " + id, s -> s.load(id));
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        return read("loadAll of " + ids.size(), s -> s.loadAll(ids));
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return read("loadTree " + rootId, s -> s.loadTree(rootId));
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        return read("loadTrees of " + rootIds.size(), s -> s.loadTrees(rootIds));
    }

    @Override
    public Collection<IndexDef> indexes() {
        return read("indexes", ModelStore::indexes, java.util.HashSet::new);
    }

    @Override
    public List<Record> query(Query query) {
        return read("query " + query, s -> s.query(query));
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        return read("countBy " + type + "." + feature, s -> s.countBy(type, feature));
    }

    @Override
    public Map<String, Integer> modelVersions() {
        return read("modelVersions", ModelStore::modelVersions);
    }

    @Override
    public List<String> appliedMigrations() {
        return read("appliedMigrations", ModelStore::appliedMigrations);
    }

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        return read("log after " + afterSequence, s -> s.log(afterSequence, max), ReadComparingStore::logKey);
    }

    @Override
    public List<LoggedCommit> recentLog(int max) {
        return read("recentLog " + max, s -> s.recentLog(max), ReadComparingStore::logKey);
    }

    @Override
    public String epoch() {
        return read("epoch", ModelStore::epoch);
    }

    @Override
    public long logFloor() {
        return read("logFloor", ModelStore::logFloor);
    }

    @Override
    public long historyFloor() {
        return read("historyFloor", ModelStore::historyFloor);
    }

    @Override
    public List<Record> roots() {
        return read("roots", ModelStore::roots);
    }

    @Override
    public List<ObjectId> rootIds() {
        return read("rootIds", ModelStore::rootIds);
    }

    // ------------------------------------------------------------------ writes, to the wrapped store only

    @Override
    public CommitResult commit(ChangeSet changes) {
        return write(() -> wrapped.commit(changes));
    }

    @Override
    public void useModel(List<EPackage> packages, Collection<IndexDef> indexes) {
        write(() -> {
            wrapped.useModel(packages, indexes);
            return null;
        });
    }

    @Override
    public void declareIndexes(Collection<IndexDef> indexes) {
        write(() -> {
            wrapped.declareIndexes(indexes);
            return null;
        });
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        write(() -> {
            wrapped.initModelVersion(nsUri, version);
            return null;
        });
    }

    @Override
    public void migrate(Migration migration) {
        write(() -> {
            wrapped.migrate(migration);
            return null;
        });
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        write(() -> {
            wrapped.rebuildIndex(index);
            return null;
        });
    }

    @Override
    public void lock(String owner, String holder, Collection<ObjectId> ids, LockMode mode, Duration lease) {
        write(() -> {
            wrapped.lock(owner, holder, ids, mode, lease);
            return null;
        });
    }

    @Override
    public void unlock(String owner, Collection<ObjectId> ids) {
        write(() -> {
            wrapped.unlock(owner, ids);
            return null;
        });
    }
}
