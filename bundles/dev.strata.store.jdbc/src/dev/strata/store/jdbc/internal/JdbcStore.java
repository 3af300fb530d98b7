package dev.strata.store.jdbc.internal;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.ObjectId;
import dev.strata.core.Progress;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;

/**
 * A store in a relational database: a table per EClass, side tables for many-valued features, and
 * Strata's bookkeeping tables ({@code strata_*}). Reads go to the database every time (nothing is
 * cached here: sessions keep what they load), so a store can be far larger than the heap. Each
 * commit is one transaction; commits are numbered through one counter row, which also orders them,
 * so that other processes reading the log never skip one.
 * <p>
 * The work is done by {@link Transactions}, {@link RecordReader}, {@link CommitWriter},
 * {@link CommitLog} and {@link SchemaMigrator}, which share a {@link StoreContext}.
 */
public final class JdbcStore implements JdbcModelStore {

    private final StoreContext s;
    private final RecordReader reader;
    private final CommitLog log;
    private final SchemaMigrator schema;
    private final CommitWriter writer;
    private ChangeFeed feed;
    /** Prunes strata_commit as the history policy says, after commits. */
    private final HistoryPruner pruner;

    private JdbcStore(String name, JdbcStoreOptions options, EventAdmin events, Progress progress) {
        this.s = new StoreContext(name, options, progress);
        Transactions tx = new Transactions(s);
        TableReader tables = new TableReader(s);
        this.reader = new RecordReader(s, tx, tables);
        this.log = new CommitLog(s, tx);
        this.schema = new SchemaMigrator(s, tx, tables, log);
        this.writer = new CommitWriter(s, tx, reader, tables, log, events);
        this.pruner = new HistoryPruner(s, log);
    }

    public static JdbcStore open(String name, JdbcStoreOptions options, EventAdmin events, Progress progress) {
        JdbcStore store = new JdbcStore(name, options, events, progress);
        try {
            store.schema.open();
            store.pruner.pruneNow();
            if (events != null) {
                store.feed = new ChangeFeed(store.s, store.log, events);
                store.feed.start(store.log.lastSequence());
            }
        } catch (RuntimeException e) {
            store.s.pool.close();
            throw e;
        }
        return store;
    }

    // ------------------------------------------------------------------ identity

    @Override
    public String name() {
        return s.name;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public JdbcStoreOptions options() {
        return s.options;
    }

    @Override
    public String database() {
        return s.dialect.product();
    }

    @Override
    public String tableOf(TypeRef type) {
        return schema.tableOf(type);
    }

    @Override
    public void close() {
        if (!s.close()) {
            return;
        }
        if (feed != null) {
            feed.stop();
        }
        writer.releasePrepared();
        s.pool.close();
    }

    @Override
    public String toString() {
        return "JDBC store '" + s.name + "' (" + s.dialect.product() + ")";
    }

    // ------------------------------------------------------------------ model and indexes

    @Override
    public void useModel(List<EPackage> packages, Collection<IndexDef> indexes) {
        schema.useModel(packages, indexes);
    }

    @Override
    public void declareIndexes(Collection<IndexDef> defs) {
        schema.declareIndexes(defs);
    }

    @Override
    public Collection<IndexDef> indexes() {
        return s.indexes();
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        schema.rebuildIndex(index);
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<Record> load(ObjectId id) {
        return Optional.ofNullable(loadAll(List.of(id)).get(id));
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        return reader.loadAll(ids);
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return loadTrees(List.of(rootId));
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        return reader.loadTrees(rootIds);
    }

    @Override
    public List<Record> roots() {
        return reader.roots();
    }

    @Override
    public List<ObjectId> rootIds() {
        return reader.rootIds();
    }

    @Override
    public List<Record> query(Query query) {
        return reader.query(query);
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        return reader.countBy(type, feature);
    }

    // ------------------------------------------------------------------ model versions and the log

    @Override
    public Map<String, Integer> modelVersions() {
        return schema.modelVersions();
    }

    @Override
    public List<String> appliedMigrations() {
        return schema.appliedMigrations();
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        schema.initModelVersion(nsUri, version);
    }

    @Override
    public void migrate(Migration migration) {
        schema.migrate(migration);
    }

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        return log.log(afterSequence, max);
    }

    @Override
    public List<LoggedCommit> recentLog(int max) {
        return log.recent(max);
    }

    @Override
    public String epoch() {
        return log.epoch();
    }

    /** The last commit the history policy deleted from strata_commit (0: none). */
    @Override
    public long logFloor() {
        return log.prunedFloor();
    }

    /** Rows from before values were kept read as their summaries: the history reaches back to the last of them. */
    @Override
    public long historyFloor() {
        return log.historyFloor();
    }

    // ------------------------------------------------------------------ commits

    @Override
    public CommitResult commit(ChangeSet given) {
        CommitResult result = writer.commit(given);
        if (!result.duplicate()) {
            pruner.afterCommit(result.sequence());
        }
        return result;
    }

    // ------------------------------------------------------------------ two-phase commit

    @Override
    public boolean preparesCommits() {
        return s.dialect.preparesCommits();
    }

    @Override
    public CommitResult prepare(ChangeSet changes, String txId) {
        return writer.prepare(changes, txId);
    }

    @Override
    public void commitPrepared(String txId) {
        long seq = writer.commitPrepared(txId);
        if (seq > 0) {
            pruner.afterCommit(seq);
        }
    }

    @Override
    public void rollbackPrepared(String txId) {
        writer.rollbackPrepared(txId);
    }

    @Override
    public List<String> preparedIds(String prefix) {
        return writer.preparedIds(prefix);
    }

    // ------------------------------------------------------------------ explicit locks

    @Override
    public void lock(String owner, String holder, java.util.Collection<ObjectId> ids, dev.strata.core.LockMode mode,
            java.time.Duration lease) {
        writer.locks.lock(owner, holder, ids, mode, lease);
    }

    @Override
    public void unlock(String owner, java.util.Collection<ObjectId> ids) {
        writer.locks.unlock(owner, ids);
    }

    @Override
    public List<dev.strata.core.LockInfo> locks() {
        return writer.locks.locks();
    }
}
