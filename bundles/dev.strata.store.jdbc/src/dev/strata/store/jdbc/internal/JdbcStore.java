package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.IndexDef;
import dev.strata.core.LoggedCommit;
import dev.strata.core.MissingIndexException;
import dev.strata.core.ModelVersionException;
import dev.strata.core.ObjectExistsException;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Progress;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.store.ChangeCheck;
import dev.strata.core.TypeRef;
import dev.strata.core.VetoException;
import dev.strata.core.Migration;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.internal.Catalog.ClassTable;
import dev.strata.store.jdbc.internal.Catalog.Feature;

/**
 * A store in a relational database: a table per EClass, side tables for many-valued features, and
 * Strata's bookkeeping tables ({@code strata_*}). Reads go to the database every time (nothing is
 * cached here: sessions keep what they load), so a store can be far larger than the heap. Each
 * commit is one transaction; commits are numbered through one counter row, which also orders them,
 * so that other processes reading the log never skip one.
 */
public final class JdbcStore implements JdbcModelStore {

    private static final System.Logger LOG = System.getLogger(JdbcStore.class.getName());

    /** Bind parameters per statement, well below the drivers' limits (PostgreSQL: 32,767). */
    private static final int MAX_PARAMETERS = 10_000;
    /** Rows per batch: keeps statements and driver buffers bounded (ids per condition: the dialect's). */
    private static final int BATCH = 2000;
    /** Attempts at a commit that hit a deadlock or serialization failure. */
    private static final int ATTEMPTS = 4;
    /** From this many created objects on, PostgreSQL gets them by COPY instead of INSERT. */
    private static final int COPY_THRESHOLD = 1000;

    /** One logged commit with the process that made it. */
    record Logged(long sequence, UUID origin, ChangeSet changes) {
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final String name;
    private final JdbcStoreOptions options;
    private final Dialect dialect;
    private final ChangeCheck check;
    private final Pool pool;
    private final Catalog catalog;
    private final EventAdmin events;
    private final Progress progress;
    /** Tells this process's commits from others' in the log. */
    private final UUID origin = UUID.randomUUID();
    /** Commits and reads share it; schema changes (tables, columns, indexes) take it alone. */
    private final ReentrantReadWriteLock schemaLock = new ReentrantReadWriteLock();
    /** Where the database cannot read a tree as of one moment: keeps tree reads and commits apart. */
    private final ReentrantReadWriteLock treeLock;
    private static final Map<String, ReentrantReadWriteLock> TREE_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();
    private ChangeFeed feed;
    private volatile boolean closed;

    private JdbcStore(String name, JdbcStoreOptions options, EventAdmin events, Progress progress) {
        this.name = name;
        this.options = options;
        this.dialect = Dialect.forUrl(options.url());
        // PostgreSQL refuses NUL and MariaDB's utf8mb4 turns a lone surrogate into '?': refuse both before writing.
        this.check = new ChangeCheck(name, List.of(), ChangeCheck.UnknownPackages.REFUSE, dialect != Dialect.H2);
        this.pool = new Pool(name, dialect, options);
        this.catalog = new Catalog(dialect);
        this.events = events;
        this.progress = progress == null ? Progress.NONE : progress;
        this.treeLock = dialect.readsOneSnapshot() ? null
                : TREE_LOCKS.computeIfAbsent(options.url() + "|" + options.schema(), k -> new ReentrantReadWriteLock());
    }

    public static JdbcStore open(String name, JdbcStoreOptions options, EventAdmin events, Progress progress) {
        JdbcStore store = new JdbcStore(name, options, events, progress);
        try {
            store.init();
        } catch (RuntimeException e) {
            store.pool.close();
            throw e;
        }
        return store;
    }

    private void init() {
        if (!options.schema().isEmpty()) {
            try {
                pool.createSchema(dialect.createSchema(options.schema()));
            } catch (SQLException e) {
                throw failure("creating schema " + options.schema(), e);
            }
        }
        boolean current = read("reading Strata's tables", Catalog::hasCurrentTables);
        write("creating Strata's tables", c -> {
            dialect.lockSchema(c, schemaLockName());
            try {
                if (!current) {
                    catalog.createMetaTables(c);
                }
                catalog.load(c);
                if (Catalog.layout(c) == 1) {
                    copyRecords(c, "SELECT id, class_id FROM strata_object WHERE record IS NULL", s -> { });
                    Catalog.setLayout(c, Catalog.LAYOUT);
                }
            } finally {
                c.commit();
                dialect.unlockSchema(c, schemaLockName());
            }
            return null;
        });
        if (events != null) {
            feed = new ChangeFeed(this, name, dialect, pool, events, options.pollInterval());
            feed.start(lastSequence());
        }
    }

    // ------------------------------------------------------------------ plumbing

    private void checkOpen() {
        if (closed) {
            throw new StoreException("Store '" + name + "' is closed");
        }
    }

    private StoreException failure(String what, SQLException e) {
        String lost = dialect.isConnectionLost(e) ? " (the connection was lost)" : "";
        // A failed batch reports the whole batch; the reason is in the next exception.
        SQLException reason = Dialect.reason(e);
        String message = String.valueOf(reason.getMessage());
        if (message.length() > 400) {
            message = message.substring(0, 400) + "...";
        }
        return new StoreException("Store '" + name + "' (" + dialect.product() + " at " + options + "): " + what
                + " failed" + lost + ": " + message, e);
    }

    /** Runs reads on a pooled connection in auto-commit mode; a lost connection is retried once. */
    private <T> T read(String what, Work<T> work) {
        checkOpen();
        schemaLock.readLock().lock();
        try {
            for (int attempt = 1; ; attempt++) {
                Connection c = pool.take();
                boolean broken = false;
                try {
                    return work.run(c);
                } catch (SQLException e) {
                    broken = dialect.isConnectionLost(e);
                    if (broken && attempt == 1) {
                        continue;
                    }
                    throw failure(what, e);
                } catch (StoreException e) {
                    broken = e.getCause() instanceof SQLException sql && dialect.isConnectionLost(sql);
                    throw e;
                } finally {
                    pool.give(c, broken);
                }
            }
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            schemaLock.readLock().unlock();
        }
    }

    /** Runs work in one transaction; the caller holds whatever lock it needs. */
    private <T> T write(String what, Work<T> work) {
        return write(what, work, false);
    }

    /**
     * Runs a change of the tables in one transaction, holding the database's lock on this store's
     * schema so that two processes never change it at once; the mapping is reread first, as
     * another process may have changed it.
     */
    private <T> T writeSchema(String what, Work<T> work) {
        schemaLock.writeLock().lock();
        try {
            return write(what, c -> {
                catalog.load(c);
                return work.run(c);
            }, true);
        } catch (RuntimeException e) {
            reloadCatalog();
            throw e;
        } finally {
            schemaLock.writeLock().unlock();
        }
    }

    private <T> T write(String what, Work<T> work, boolean lockSchema) {
        checkOpen();
        Connection c;
        try {
            c = pool.take();
        } catch (SQLException e) {
            throw failure(what, e);
        }
        boolean broken = false;
        boolean locked = false;
        try {
            c.setAutoCommit(false);
            if (lockSchema) {
                dialect.lockSchema(c, schemaLockName());
                locked = true;
            }
            T result = work.run(c);
            c.commit();
            dialect.afterCommit(c);
            return result;
        } catch (SQLException e) {
            broken = dialect.isConnectionLost(e);
            rollbackQuietly(c);
            throw failure(what, e);
        } catch (RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            if (locked && !broken) {
                try {
                    dialect.unlockSchema(c, schemaLockName());
                } catch (SQLException e) {
                    broken = true; // a connection that cannot let go of the lock is not reused
                }
            }
            pool.give(c, broken);
        }
    }

    /** Names the schema lock: one per database schema, whichever store name a process uses. */
    private String schemaLockName() {
        return "strata:" + (options.schema().isEmpty() ? "default" : options.schema());
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The transaction is gone with the connection.
        }
    }

    private String q(String identifier) {
        return dialect.quote(identifier);
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            result.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return result;
    }

    // ------------------------------------------------------------------ identity

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public JdbcStoreOptions options() {
        return options;
    }

    @Override
    public String database() {
        return dialect.product();
    }

    @Override
    public String tableOf(TypeRef type) {
        schemaLock.readLock().lock();
        try {
            return catalog.require(type).table;
        } finally {
            schemaLock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (feed != null) {
            feed.stop();
        }
        pool.close();
    }

    @Override
    public String toString() {
        return "JDBC store '" + name + "' (" + dialect.product() + ")";
    }

    // ------------------------------------------------------------------ model and indexes

    @Override
    public void useModel(List<EPackage> packages, Collection<IndexDef> indexes) {
        check.use(packages);
        schemaLock.writeLock().lock();
        try {
            if (catalog.covers(packages)) {
                return; // nothing to create: no schema transaction, no second read of the catalog
            }
        } finally {
            schemaLock.writeLock().unlock();
        }
        writeSchema("creating tables for " + packages.stream().map(EPackage::getNsURI).toList(), c -> {
            catalog.extend(c, packages, indexes, progress);
            return null;
        });
    }

    /** After a failed schema change the database is the truth (H2 and MariaDB commit DDL at once). */
    private void reloadCatalog() {
        try {
            write("reading the catalog", c -> {
                catalog.load(c);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Store '" + name + "': could not reread its catalog", e);
        }
    }

    @Override
    public void declareIndexes(Collection<IndexDef> defs) {
        for (IndexDef def : defs) {
            if (indexes().contains(def)) {
                continue;
            }
            try {
                writeSchema("creating " + def, c -> {
                    if (!catalog.indexes().containsKey(def)) { // another process may have made it
                        catalog.createIndex(c, def);
                    }
                    return null;
                });
            } catch (StoreException e) {
                if (e.getCause() instanceof SQLException sql && dialect.isUniqueViolation(sql)) {
                    throw new VetoException("existing data of store '" + name + "' violates the " + def
                            + "; make the values unique first");
                }
                throw e;
            }
        }
    }

    @Override
    public Collection<IndexDef> indexes() {
        schemaLock.readLock().lock();
        try {
            return List.copyOf(catalog.indexes().keySet());
        } finally {
            schemaLock.readLock().unlock();
        }
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        writeSchema("rebuilding " + index, c -> {
            catalog.rebuildIndex(c, index);
            return null;
        });
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<Record> load(ObjectId id) {
        return Optional.ofNullable(loadAll(List.of(id)).get(id));
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return read("loading " + ids.size() + " object(s)", c -> loadAll(c, ids));
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return loadTrees(List.of(rootId));
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        if (rootIds.isEmpty()) {
            return Map.of();
        }
        // read() takes the schema lock; the tree lock comes second, in the same order as commits.
        return read("loading the tree(s) under " + (rootIds.size() == 1 ? rootIds.iterator().next()
                : rootIds.size() + " roots"), c -> {
            if (treeLock == null) {
                return loadTreeInOneTransaction(c, rootIds);
            }
            treeLock.readLock().lock();
            try {
                return loadTreeInOneTransaction(c, rootIds);
            } finally {
                treeLock.readLock().unlock();
            }
        });
    }

    private Map<ObjectId, Record> loadTreeInOneTransaction(Connection c, Collection<ObjectId> rootIds) throws SQLException {
        {
            // One snapshot for the whole tree: a concurrent commit is seen whole or not at all.
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return treeMembers(c, List.copyOf(new java.util.LinkedHashSet<>(rootIds)));
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * The records of the trees under the roots: one recursive query over strata_object's container
     * column gives every member with its record copy, instead of a round of queries per level. A
     * session opening its model asks for every root; then one scan of strata_object reads far fewer
     * pages than the recursion (UML's metamodel: ≈ 400 against ≈ 30,000, 20-40 ms less per load).
     */
    private Map<ObjectId, Record> treeMembers(Connection c, List<ObjectId> rootIds) throws SQLException {
        if (rootIds.size() > 1 && coversEveryRoot(c, rootIds)) {
            Map<ObjectId, ObjectId> containers = new HashMap<>();
            Map<ObjectId, Record> all = fromCopies(c, List.of(),
                    n -> "SELECT id, class_id, record, container FROM strata_object", containers);
            return underRoots(rootIds, all, containers);
        }
        return fromCopies(c, rootIds, n -> "WITH RECURSIVE tree (id, class_id, record) AS ("
                + "SELECT id, class_id, record FROM strata_object WHERE " + dialect.inIds("id", n)
                + " UNION ALL SELECT o.id, o.class_id, o.record FROM strata_object o JOIN tree t ON o.container = t.id)"
                + " SELECT id, class_id, record FROM tree", null);
    }

    private boolean coversEveryRoot(Connection c, List<ObjectId> ids) throws SQLException {
        Set<ObjectId> asked = new HashSet<>(ids);
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM strata_root")) {
            while (r.next()) {
                if (!asked.contains(new ObjectId(dialect.readUuid(r, 1)))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The records whose chain of containers (the column the recursion follows) reaches one of the
     * roots (a row without a container that is no root belongs to no tree), roots first as the
     * recursion gives them.
     */
    private static Map<ObjectId, Record> underRoots(List<ObjectId> rootIds, Map<ObjectId, Record> all,
            Map<ObjectId, ObjectId> containers) {
        Map<ObjectId, Boolean> reaches = new HashMap<>();
        Map<ObjectId, Record> found = new LinkedHashMap<>();
        for (ObjectId id : rootIds) {
            reaches.put(id, true);
            Record r = all.get(id);
            if (r != null) {
                found.put(id, r);
            }
        }
        List<ObjectId> chain = new ArrayList<>();
        for (Record r : all.values()) {
            ObjectId at = r.id();
            Boolean known;
            while ((known = reaches.get(at)) == null) {
                chain.add(at);
                at = containers.get(at);
                if (at == null || chain.size() > all.size()) { // no container, or a damaged cycle
                    known = false;
                    break;
                }
            }
            for (ObjectId link : chain) {
                reaches.put(link, known);
            }
            chain.clear();
            if (known) {
                found.putIfAbsent(r.id(), r);
            }
        }
        return found;
    }

    /**
     * Records from the rows (id, class_id, record[, container]) a query gives for chunks of the ids
     * (once with no parameter if there are no ids), in the order of the rows: from their copies, or
     * from the class tables where a copy is missing. If containers is given, the fourth column goes there.
     */
    private Map<ObjectId, Record> fromCopies(Connection c, List<ObjectId> ids, java.util.function.IntFunction<String> sql,
            Map<ObjectId, ObjectId> containers) throws SQLException {
        Map<ObjectId, Record> found = new LinkedHashMap<>();
        Map<Integer, List<ObjectId>> missing = new LinkedHashMap<>();
        RecordCopies.Readers readers = new RecordCopies.Readers();
        for (List<ObjectId> chunk : ids.isEmpty() ? List.of(ids) : chunks(ids, dialect.idsPerStatement())) {
            try (PreparedStatement s = c.prepareStatement(sql.apply(chunk.size()))) {
                dialect.readsCopies(s);
                if (!chunk.isEmpty()) {
                    dialect.bindIds(s, 1, chunk);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ObjectId id = new ObjectId(dialect.readUuid(r, 1));
                        Record copy = readers.decode(catalog.byId(r.getInt(2)), id, r.getBytes(3));
                        if (copy == null) {
                            missing.computeIfAbsent(r.getInt(2), k -> new ArrayList<>()).add(id);
                        }
                        found.put(id, copy); // a placeholder keeps the row's place
                        UUID container = containers == null ? null : dialect.readUuid(r, 4);
                        if (container != null) {
                            containers.put(id, new ObjectId(container));
                        }
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            found.putAll(loadByClass(c, missing));
            found.values().removeIf(java.util.Objects::isNull); // deleted meanwhile (no snapshot)
        }
        return found;
    }

    private Map<ObjectId, Record> loadAll(Connection c, Collection<ObjectId> ids) throws SQLException {
        List<ObjectId> list = List.copyOf(new java.util.LinkedHashSet<>(ids));
        Map<ObjectId, Record> found = fromCopies(c, list,
                n -> "SELECT id, class_id, record FROM strata_object WHERE " + dialect.inIds("id", n), null);
        Map<ObjectId, Record> result = new LinkedHashMap<>();
        for (ObjectId id : list) {
            Record r = found.get(id);
            if (r != null) {
                result.put(id, r);
            }
        }
        return result;
    }

    /**
     * Writes the record copies of the objects a query (id, class_id) lists, read from their class
     * tables: once for a database from before the copies, and for the classes a migration changed.
     */
    private void copyRecords(Connection c, String sql, Binder binder) throws SQLException {
        Map<Integer, List<ObjectId>> byClass = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    addByClass(r, byClass);
                }
            }
        }
        int total = byClass.values().stream().mapToInt(List::size).sum();
        int done = 0;
        for (Map.Entry<Integer, List<ObjectId>> e : byClass.entrySet()) {
            for (List<ObjectId> chunk : chunks(e.getValue(), BATCH)) {
                writeCopies(c, loadByClass(c, Map.of(e.getKey(), chunk)).values());
                done += chunk.size();
                progress.worked("Copying the records of store '" + name + "'", done, total);
            }
        }
    }

    /** Sets the record copies of existing objects. */
    private void writeCopies(Connection c, Collection<Record> records) throws SQLException {
        for (List<Record> batch : chunks(new ArrayList<>(records), BATCH)) {
            try (PreparedStatement s = c.prepareStatement("UPDATE strata_object SET record = ? WHERE id = ?")) {
                for (Record r : batch) {
                    s.setBytes(1, RecordCopies.encode(r));
                    dialect.bindUuid(s, 2, r.id().value());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    /**
     * Brings the copies of changed objects up to date, in the commit's transaction (the class
     * table rows are already locked by the version-checked updates): the copy read, the change
     * applied, the copy written. A copy that is missing or older stays missing.
     */
    private void updateCopies(Connection c, List<ChangeSet.Change> changes) throws SQLException {
        Map<ObjectId, ChangeSet.Change> byId = new LinkedHashMap<>();
        changes.forEach(ch -> byId.put(ch.id(), ch));
        List<Record> next = new ArrayList<>();
        for (List<ObjectId> chunk : chunks(new ArrayList<>(byId.keySet()), dialect.idsPerStatement())) {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, class_id, record FROM strata_object WHERE " + dialect.inIds("id", chunk.size()))) {
                dialect.bindIds(s, 1, chunk);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ObjectId id = new ObjectId(dialect.readUuid(r, 1));
                        ClassTable t = catalog.byId(r.getInt(2));
                        Record old = RecordCopies.decode(t, id, r.getBytes(3));
                        ChangeSet.Change ch = byId.get(id);
                        if (old != null && old.version() == ch.expectedVersion()) {
                            Record changed = old.with(ch.expectedVersion() + 1, ch.container(), ch.newValues());
                            next.add(new Record(id, t.type, changed.version(), changed.container(),
                                    RecordCopies.shape(t, changed.values())));
                        } else if (old != null) {
                            clearCopy(c, id); // not expected after the version check; never keep a stale copy
                        }
                    }
                }
            }
        }
        writeCopies(c, next);
    }

    private void clearCopy(Connection c, ObjectId id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE strata_object SET record = NULL WHERE id = ?")) {
            dialect.bindUuid(s, 1, id.value());
            s.executeUpdate();
        }
    }

    /** Files the id of a row (id, class_id, …) under its class; returns the id. */
    private ObjectId addByClass(ResultSet r, Map<Integer, List<ObjectId>> byClass) throws SQLException {
        ObjectId id = new ObjectId(dialect.readUuid(r, 1));
        byClass.computeIfAbsent(r.getInt(2), k -> new ArrayList<>()).add(id);
        return id;
    }

    /** The records of these objects of these classes: a query per class, and one per kind of side table. */
    private Map<ObjectId, Record> loadByClass(Connection c, Map<Integer, List<ObjectId>> byClass) throws SQLException {
        List<Rows> all = new ArrayList<>();
        for (Map.Entry<Integer, List<ObjectId>> e : byClass.entrySet()) {
            ClassTable t = catalog.byId(e.getKey());
            for (List<ObjectId> chunk : chunks(e.getValue(), dialect.idsPerStatement())) {
                all.add(selectSingles(c, t, dialect.inIds(q("id"), chunk.size()), s -> dialect.bindIds(s, 1, chunk)));
            }
        }
        Map<ObjectId, Record> found = new LinkedHashMap<>();
        for (Record r : finish(c, all)) {
            found.put(r.id(), r);
        }
        return found;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    /** Records of one class matching a condition, in the order SQL gives them, with their many-valued features. */
    private List<Record> select(Connection c, ClassTable t, String where, Binder binder) throws SQLException {
        return finish(c, List.of(selectSingles(c, t, where, binder)));
    }

    /** The rows of one class table: ids, versions, containers and single values, lists still to fill. */
    private record Rows(ClassTable table, List<ObjectId> ids, List<Long> versions, List<ObjectId> containers,
            List<Map<String, Object>> values) {
    }

    private Rows selectSingles(Connection c, ClassTable t, String where, Binder binder) throws SQLException {
        List<Feature> singles = t.singles();
        StringBuilder sql = new StringBuilder("SELECT ").append(q("id")).append(", ").append(q("version")).append(", ")
                .append(q("container"));
        for (Feature f : singles) {
            sql.append(", ").append(q(f.storage()));
        }
        // The XMI id an imported object keeps (a primary key lookup; most objects have none).
        sql.append(", (SELECT x.xmi_id FROM strata_xmi_id x WHERE x.id = ").append(q(t.table)).append('.')
                .append(q("id")).append(')');
        sql.append(" FROM ").append(q(t.table)).append(" WHERE ").append(where);
        Rows rows = new Rows(t, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            binder.bind(s);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.ids().add(new ObjectId(dialect.readUuid(r, 1)));
                    rows.versions().add(r.getLong(2));
                    UUID container = dialect.readUuid(r, 3);
                    rows.containers().add(container == null ? null : new ObjectId(container));
                    Map<String, Object> v = new LinkedHashMap<>();
                    int col = 4;
                    for (Feature f : singles) {
                        v.put(f.name(), dialect.read(r, col++, f.kind()));
                    }
                    String xmiId = r.getString(col);
                    if (xmiId != null) {
                        v.put(Record.XMI_ID, xmiId);
                    }
                    for (Feature f : t.manys()) {
                        v.put(f.name(), new ArrayList<>());
                    }
                    rows.values().add(v);
                }
            }
        }
        return rows;
    }

    /** Fills the lists of the rows (of one or several classes) and makes their records. */
    private List<Record> finish(Connection c, List<Rows> all) throws SQLException {
        fillManys(c, all);
        applySetEmpty(c, all);
        List<Record> records = new ArrayList<>();
        for (Rows rows : all) {
            ClassTable t = rows.table();
            for (int i = 0; i < rows.ids().size(); i++) {
                records.add(new Record(rows.ids().get(i), t.type, rows.versions().get(i), rows.containers().get(i),
                        rows.values().get(i)));
            }
        }
        return records;
    }

    /** A side table to read for some owners: one branch of a UNION ALL. */
    private record Branch(Feature feature, List<ObjectId> owners) {
    }

    /**
     * Reads the side tables of the rows' many-valued features with one query per kind of element
     * (a UNION ALL over the side tables of every class involved): a UML class has dozens of
     * many-valued features, and a query per feature, class and level made loading a metamodel slow.
     */
    @SuppressWarnings("unchecked")
    private void fillManys(Connection c, List<Rows> all) throws SQLException {
        Map<ObjectId, Map<String, Object>> valuesById = new HashMap<>();
        Map<ValueKind, List<Branch>> byKind = new LinkedHashMap<>();
        for (Rows rows : all) {
            if (rows.ids().isEmpty()) {
                continue;
            }
            for (int i = 0; i < rows.ids().size(); i++) {
                valuesById.put(rows.ids().get(i), rows.values().get(i));
            }
            for (Feature f : rows.table().manys()) {
                for (List<ObjectId> chunk : chunks(rows.ids(), dialect.idsPerStatement())) {
                    byKind.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(new Branch(f, chunk));
                }
            }
        }
        for (List<Branch> branches : byKind.values()) {
            // Statements of a bounded number of parameters (an IN list binds each id, an array one).
            List<List<Branch>> statements = new ArrayList<>();
            List<Branch> current = new ArrayList<>();
            int parameters = 0;
            for (Branch b : branches) {
                int cost = dialect.bindsIdArrays() ? 1 : b.owners().size();
                if (!current.isEmpty() && parameters + cost > MAX_PARAMETERS) {
                    statements.add(current);
                    current = new ArrayList<>();
                    parameters = 0;
                }
                current.add(b);
                parameters += cost;
            }
            statements.add(current);
            for (List<Branch> statement : statements) {
                StringBuilder union = new StringBuilder();
                for (int j = 0; j < statement.size(); j++) {
                    union.append(j == 0 ? "" : " UNION ALL ").append("SELECT ").append(j).append(" AS f, owner, pos, ")
                            .append(q("element")).append(" FROM ").append(q(statement.get(j).feature().storage()))
                            .append(" WHERE ").append(dialect.inIds("owner", statement.get(j).owners().size()));
                }
                union.append(" ORDER BY 1, 2, 3");
                try (PreparedStatement s = c.prepareStatement(union.toString())) {
                    int p = 1;
                    for (Branch b : statement) {
                        p = dialect.bindIds(s, p, b.owners());
                    }
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            Feature f = statement.get(r.getInt(1)).feature();
                            Map<String, Object> values = valuesById.get(new ObjectId(dialect.readUuid(r, 2)));
                            ((List<Object>) values.get(f.name())).add(dialect.read(r, 4, f.kind()));
                        }
                    }
                }
            }
        }
    }

    @Override
    public List<Record> roots() {
        return read("listing root objects", c -> {
            // strata_root lists the roots; their records are read as any objects are.
            List<ObjectId> ids = rootIds(c);
            Map<ObjectId, Record> records = loadAll(c, ids);
            return ids.stream().map(records::get).filter(java.util.Objects::nonNull).toList();
        });
    }

    @Override
    public List<ObjectId> rootIds() {
        return read("listing root objects", this::rootIds);
    }

    /** The roots in the order they were created, as a resource's roots have an order. */
    private List<ObjectId> rootIds(Connection c) throws SQLException {
        Map<ObjectId, Long> created = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT o.id, o.created FROM strata_root x JOIN strata_object o ON o.id = x.id")) {
            while (r.next()) {
                long order = r.getLong(2);
                created.put(new ObjectId(dialect.readUuid(r, 1)), r.wasNull() ? Long.MAX_VALUE : order); // rows from before the column existed
            }
        }
        List<ObjectId> ids = new ArrayList<>(created.keySet());
        ids.sort(Comparator.comparing((ObjectId id) -> created.get(id)).thenComparing(id -> id));
        return ids;
    }

    @Override
    public List<Record> query(Query query) {
        query.check(indexes());
        return read("querying " + query, c -> {
            Optional<ClassTable> table = catalog.find(query.type());
            if (table.isEmpty()) {
                return List.of();
            }
            ClassTable t = table.get();
            StringBuilder where = new StringBuilder("1 = 1");
            List<Object[]> params = new ArrayList<>();
            for (Query.Condition cond : query.conditions()) {
                Feature f = t.feature(cond.feature());
                String col = q(f.storage());
                if (cond.op() == Query.Op.EQ) {
                    if (cond.value() == null) {
                        where.append(" AND ").append(col).append(" IS NULL");
                    } else {
                        where.append(" AND ").append(col).append(" = ?");
                        params.add(new Object[] { f, cond.value() });
                    }
                } else {
                    where.append(" AND ").append(col).append(" IS NOT NULL");
                    if (cond.value() != null) {
                        where.append(" AND ").append(col).append(" >= ?");
                        params.add(new Object[] { f, cond.value() });
                    }
                    if (cond.upper() != null) {
                        where.append(" AND ").append(col).append(" < ?");
                        params.add(new Object[] { f, cond.upper() });
                    }
                }
            }
            if (query.orderBy().isPresent()) {
                where.append(" ORDER BY ").append(dialect.orderBy(q(t.feature(query.orderBy().get()).storage()),
                        query.descending()));
            }
            if (query.limit() >= 0) {
                where.append(" LIMIT ").append(query.limit());
            }
            return select(c, t, where.toString(), s -> {
                for (int i = 0; i < params.size(); i++) {
                    try {
                        bind(s, i + 1, t, (Feature) params.get(i)[0], params.get(i)[1]);
                    } catch (StoreException e) {
                        // A query value of another type than its feature's: the caller's mistake, not the store's.
                        throw new IllegalArgumentException("Query " + query + ": " + e.getMessage(), e);
                    }
                }
            });
        });
    }

    /** Binds a value, saying which feature expected what when the value has the wrong type. */
    private void bind(PreparedStatement s, int index, ClassTable t, Feature f, Object value) throws SQLException {
        try {
            dialect.bind(s, index, f.kind(), value == Nil.VALUE ? null : value); // set to null: strata_set_empty says so
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new StoreException(t.type.name() + "." + f.name() + " holds " + f.kind().javaType.getSimpleName()
                    + " values, not " + value.getClass().getSimpleName() + " '" + value + "'");
        }
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        boolean indexed = indexes().stream().anyMatch(i -> i.type().equals(type) && i.feature().equals(feature));
        if (!indexed) {
            IndexDef wanted = new IndexDef(type, feature, IndexDef.Kind.EQUALITY);
            throw new MissingIndexException("Counting " + type.name() + " by " + feature + " needs an index: declare an "
                    + wanted + " (" + wanted.howToDeclare() + ")");
        }
        return read("counting " + type.name() + " by " + feature, c -> {
            ClassTable t = catalog.require(type);
            Feature f = t.feature(feature);
            Map<Object, Long> counts = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT " + q(f.storage()) + ", COUNT(*) FROM " + q(t.table)
                            + " GROUP BY " + q(f.storage()))) {
                while (r.next()) {
                    counts.put(dialect.read(r, 1, f.kind()), r.getLong(2));
                }
            }
            return counts;
        });
    }

    // ------------------------------------------------------------------ model versions and the log

    @Override
    public Map<String, Integer> modelVersions() {
        return read("reading model versions", c -> {
            Map<String, Integer> versions = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT ns_uri, model_version FROM strata_package WHERE model_version IS NOT NULL")) {
                while (r.next()) {
                    versions.put(r.getString(1), r.getInt(2));
                }
            }
            return versions;
        });
    }

    @Override
    public List<String> appliedMigrations() {
        return read("reading applied migrations", c -> {
            List<String> ids = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT id FROM strata_migration ORDER BY seq")) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        });
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        schemaLock.readLock().lock();
        try {
            write("recording model version of " + nsUri, c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT model_version FROM strata_package WHERE ns_uri = ?")) {
                    s.setString(1, nsUri);
                    try (ResultSet r = s.executeQuery()) {
                        Integer current = r.next() ? (Integer) r.getObject(1, Integer.class) : null;
                        if (current != null && current == version) {
                            return null;
                        }
                        if (current != null) {
                            throw new ModelVersionException(nsUri, current, "Store '" + name + "' already holds "
                                    + nsUri + " at model version " + current + "; changing it to " + version
                                    + " needs a migration");
                        }
                    }
                }
                setModelVersion(c, nsUri, version);
                return null;
            });
        } finally {
            schemaLock.readLock().unlock();
        }
    }

    private static void setModelVersion(Connection c, String nsUri, int version) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE strata_package SET model_version = ? WHERE ns_uri = ?")) {
            u.setInt(1, version);
            u.setString(2, nsUri);
            if (u.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement i = c.prepareStatement("INSERT INTO strata_package (ns_uri, model_version) VALUES (?, ?)")) {
            i.setString(1, nsUri);
            i.setInt(2, version);
            i.executeUpdate();
        }
    }

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        return commitsAfter(afterSequence, max).stream().map(l -> new LoggedCommit(l.sequence(), l.changes())).toList();
    }

    /** Logged commits after a sequence number, oldest first, with the process that made each. */
    List<Logged> commitsAfter(long afterSequence, int max) {
        return read("reading the commit log", c -> {
            List<Logged> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT seq, commit_id, origin, session_id, message, summary"
                    + " FROM strata_commit WHERE seq > ? ORDER BY seq LIMIT " + Math.max(0, max))) {
                s.setLong(1, afterSequence);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long seq = r.getLong(1);
                        result.add(new Logged(seq, dialect.readUuid(r, 3), Summary.decode(dialect.readUuid(r, 2),
                                r.getString(4), r.getString(5), r.getBytes(6), seq)));
                    }
                }
            }
            return result;
        });
    }

    /**
     * The id of the database's first logged commit: it names the history without a column of its
     * own, and a database created again gets another one. Empty until the first commit.
     */
    @Override
    public String epoch() {
        return read("reading the store's first commit", c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT commit_id FROM strata_commit ORDER BY seq LIMIT 1")) {
                return r.next() ? "jdbc-" + dialect.readUuid(r, 1) : "";
            }
        });
    }

    /** The number of the last commit. */
    long lastSequence() {
        return read("reading the commit counter", c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT seq FROM strata_meta WHERE id = 1")) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    UUID origin() {
        return origin;
    }

    // ------------------------------------------------------------------ migrations

    @Override
    public void migrate(Migration migration) {
        writeSchema("applying migration " + migration.id(), c -> {
            Integer current = null;
            try (PreparedStatement s = c.prepareStatement("SELECT model_version FROM strata_package WHERE ns_uri = ?")) {
                s.setString(1, migration.nsUri());
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        current = (Integer) r.getObject(1, Integer.class);
                    }
                }
            }
            if (current == null || current != migration.fromVersion()) {
                throw new ModelVersionException(migration.nsUri(), current, "Cannot apply " + migration.id()
                        + " to store '" + name + "': it holds " + migration.nsUri()
                        + (current == null ? " at no model version" : " at model version " + current));
            }
            List<ClassTable> affected = catalog.tables().stream().filter(t -> migration.affects(t.type)).toList();
            String affectedIds = String.join(", ", affected.stream().map(t -> Integer.toString(t.id)).toList());
            if (!affected.isEmpty()) {
                // Cleared first: where DDL commits as it goes (H2, MariaDB), a migration failing half-way
                // leaves no copy older than the tables; the copies are written anew at the end.
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE strata_object SET record = NULL WHERE class_id IN (" + affectedIds + ")");
                }
            }
            int step = 0;
            for (Migration.Step s : migration.steps()) {
                progress.worked("Migrating " + migration.id(), step++, migration.steps().size() + 1);
                applyStep(c, migration.nsUri(), s);
            }
            try (Statement s = c.createStatement()) {
                for (ClassTable t : affected) {
                    s.executeUpdate("UPDATE " + q(t.table) + " SET " + q("version") + " = " + q("version") + " + 1");
                }
            }
            if (!affected.isEmpty()) {
                copyRecords(c, "SELECT id, class_id FROM strata_object WHERE class_id IN (" + affectedIds + ")", s -> { });
            }
            setModelVersion(c, migration.nsUri(), migration.toVersion());
            long seq = nextSequence(c);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO strata_migration (id, seq) VALUES (?, ?)")) {
                s.setString(1, migration.id());
                s.setLong(2, seq);
                s.executeUpdate();
            }
            logCommit(c, new ChangeSet(UUID.randomUUID(), "", migration.id(), List.of(), List.of(), List.of()), seq);
            progress.worked("Migrating " + migration.id(), migration.steps().size() + 1, migration.steps().size() + 1);
            return null;
        });
    }

    private void applyStep(Connection c, String nsUri, Migration.Step step) throws SQLException {
        switch (step) {
            case Migration.AddFeature a -> {
                ClassTable t = catalog.require(new TypeRef(nsUri, a.className()));
                Object value = a.defaultValue();
                if (value instanceof List<?> list) {
                    Feature f = catalog.addFeature(c, t, a.feature(),
                            list.isEmpty() ? ValueKind.STRING : ValueKind.ofValue(list.get(0)), true, false);
                    for (int pos = 0; pos < list.size(); pos++) {
                        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + q(f.storage())
                                + " (owner, pos, " + q("element") + ") SELECT " + q("id") + ", ?, ? FROM " + q(t.table))) {
                            s.setInt(1, pos);
                            dialect.bind(s, 2, f.kind(), list.get(pos));
                            s.executeUpdate();
                        }
                    }
                } else {
                    Feature f = catalog.addFeature(c, t, a.feature(), ValueKind.ofValue(value), false, false);
                    if (value != null) {
                        try (PreparedStatement s = c.prepareStatement(
                                "UPDATE " + q(t.table) + " SET " + q(f.storage()) + " = ?")) {
                            dialect.bind(s, 1, f.kind(), value);
                            s.executeUpdate();
                        }
                    }
                }
            }
            case Migration.RenameFeature r -> catalog.renameFeature(c, catalog.require(new TypeRef(nsUri, r.className())),
                    r.from(), r.to());
            case Migration.RemoveFeature r -> catalog.removeFeature(c, catalog.require(new TypeRef(nsUri, r.className())),
                    r.feature());
            case Migration.RenameClass r -> catalog.renameClass(c, catalog.require(new TypeRef(nsUri, r.from())), r.to());
        }
    }

    // ------------------------------------------------------------------ commits

    @Override
    public CommitResult commit(ChangeSet given) {
        checkOpen();
        ChangeSet changes = check.check(given, this::loadAll);
        CommitResult result;
        schemaLock.readLock().lock();
        if (treeLock != null) {
            treeLock.writeLock().lock();
        }
        try {
            result = commitWithRetries(changes);
        } finally {
            if (treeLock != null) {
                treeLock.writeLock().unlock();
            }
            schemaLock.readLock().unlock();
        }
        if (events != null && !result.duplicate()) {
            events.postEvent(CommitEvents.of(name, changes, result));
        }
        return result;
    }

    /** How far a commit got: decides what a lost connection means. */
    private enum Stage { NOTHING_SENT, WRITING, COMMITTING, DONE }

    private CommitResult commitWithRetries(ChangeSet changes) {
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = pool.take();
            } catch (SQLException e) {
                throw failure("connecting for commit " + changes.commitId(), e);
            }
            Stage[] stage = { Stage.NOTHING_SENT };
            SQLException lost = null;
            try {
                c.setAutoCommit(false);
                return commitOnce(c, changes, stage);
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (dialect.isConnectionLost(e)) {
                    lost = e;
                } else if (dialect.isUniqueViolation(e)) {
                    return explainUniqueViolation(c, changes, e);
                } else if (dialect.isRetryable(e) && attempt < ATTEMPTS) {
                    continue;
                } else {
                    throw failure("commit " + changes.commitId(), e);
                }
            } catch (RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                // A dead connection goes back (and away) before anything else needs one.
                pool.give(c, lost != null);
            }
            if (stage[0] == Stage.NOTHING_SENT && attempt < ATTEMPTS) {
                continue; // a stale pooled connection: nothing was sent, try a fresh one
            }
            return afterLostConnection(changes, lost, stage[0]);
        }
    }

    private CommitResult commitOnce(Connection c, ChangeSet changes, Stage[] stage) throws SQLException {
        Long earlier = loggedSequence(c, changes.commitId());
        if (earlier != null) {
            return Summary.result(changes, earlier, true);
        }
        stage[0] = Stage.WRITING;
        List<ConflictException.Conflict> conflicts = new ArrayList<>();
        update(c, changes.changed(), conflicts);
        delete(c, changes.deleted(), conflicts);
        if (!conflicts.isEmpty()) {
            c.rollback();
            throw new ConflictException(name, withActualVersions(c, conflicts));
        }
        long seq = nextSequence(c);
        insert(c, changes.created(), seq);
        logCommit(c, changes, seq);
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                s.setString(1, ChangeFeed.channel(options));
                s.setString(2, Long.toString(seq));
                s.execute();
            }
        }
        stage[0] = Stage.COMMITTING;
        c.commit();
        stage[0] = Stage.DONE;
        try {
            dialect.afterCommit(c);
        } catch (SQLException e) {
            // The commit is applied; only forcing it to disk failed. Reporting it as failed would
            // make a retry look like a duplicate and hide the commit from listeners.
            LOG.log(System.Logger.Level.WARNING, "Store '" + name + "': commit " + changes.commitId()
                    + " is applied, but " + dialect.product() + " could not force it to disk: " + e.getMessage(), e);
        }
        return Summary.result(changes, seq, false);
    }

    private Long loggedSequence(Connection c, UUID commitId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq FROM strata_commit WHERE commit_id = ?")) {
            dialect.bindUuid(s, 1, commitId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
        }
    }

    /** Takes the commit counter's row lock until the transaction ends: commits get numbers in commit order. */
    private static long nextSequence(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE strata_meta SET seq = seq + 1 WHERE id = 1");
            try (ResultSet r = s.executeQuery("SELECT seq FROM strata_meta WHERE id = 1")) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private void logCommit(Connection c, ChangeSet changes, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO strata_commit (seq, commit_id, origin, committed_at,"
                + " session_id, message, created, changed, deleted, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, seq);
            dialect.bindUuid(s, 2, changes.commitId());
            dialect.bindUuid(s, 3, origin);
            dialect.bindDate(s, 4, new Date());
            String session = changes.session();
            s.setString(5, session.length() > 200 ? session.substring(0, 200) : session);
            s.setString(6, changes.message());
            s.setInt(7, changes.created().size());
            s.setInt(8, changes.changed().size());
            s.setInt(9, changes.deleted().size());
            s.setBytes(10, Summary.encode(changes));
            s.executeUpdate();
        }
    }

    /** Updates only the changed columns, each row only if it still has the expected version. */
    private void update(Connection c, List<ChangeSet.Change> changes, List<ConflictException.Conflict> conflicts)
            throws SQLException {
        // Same table and same changed columns: one batched statement.
        Map<String, List<ChangeSet.Change>> shapes = new LinkedHashMap<>();
        Map<String, List<Feature>> shapeColumns = new HashMap<>();
        List<ChangeSet.Change> sorted = new ArrayList<>(changes);
        sorted.sort((a, b) -> a.id().compareTo(b.id())); // one lock order for all writers: fewer deadlocks
        for (ChangeSet.Change ch : sorted) {
            ClassTable t = catalog.require(ch.type());
            List<Feature> cols = new ArrayList<>();
            for (String feature : ch.newValues().keySet()) {
                Feature f = t.feature(feature);
                if (!f.many()) {
                    cols.add(f);
                }
            }
            String sql = updateSql(t, cols, ch.containerChanged());
            shapes.computeIfAbsent(sql, k -> new ArrayList<>()).add(ch);
            shapeColumns.put(sql, cols);
        }
        for (Map.Entry<String, List<ChangeSet.Change>> e : shapes.entrySet()) {
            List<Feature> cols = shapeColumns.get(e.getKey());
            for (List<ChangeSet.Change> batch : chunks(e.getValue(), BATCH)) {
                try (PreparedStatement s = c.prepareStatement(e.getKey())) {
                    for (ChangeSet.Change ch : batch) {
                        ClassTable t = catalog.require(ch.type());
                        int i = 1;
                        if (ch.containerChanged()) {
                            dialect.bindUuid(s, i++, ch.container() == null ? null : ch.container().value());
                        }
                        for (Feature f : cols) {
                            bind(s, i++, t, f, ch.newValues().get(f.name()));
                        }
                        dialect.bindUuid(s, i++, ch.id().value());
                        s.setLong(i, ch.expectedVersion());
                        s.addBatch();
                    }
                    int[] counts = requireCounts(s.executeBatch());
                    for (int k = 0; k < counts.length; k++) {
                        if (counts[k] == 0) {
                            ChangeSet.Change ch = batch.get(k);
                            conflicts.add(new ConflictException.Conflict(ch.id(), ch.expectedVersion(), -1));
                        }
                    }
                }
            }
        }
        if (!conflicts.isEmpty()) {
            return;
        }
        // Moved objects: their container in strata_object, and strata_root when they become or stop being roots.
        List<ChangeSet.Change> moved = sorted.stream().filter(ChangeSet.Change::containerChanged).toList();
        updateIds(c, "DELETE FROM strata_root WHERE id = ?",
                moved.stream().filter(ch -> ch.oldContainer() == null).map(ChangeSet.Change::id).toList());
        updateIds(c, "INSERT INTO strata_root (id) VALUES (?)",
                moved.stream().filter(ch -> ch.container() == null).map(ChangeSet.Change::id).toList());
        for (List<ChangeSet.Change> batch : chunks(moved, BATCH)) {
            try (PreparedStatement s = c.prepareStatement("UPDATE strata_object SET container = ? WHERE id = ?")) {
                for (ChangeSet.Change ch : batch) {
                    dialect.bindUuid(s, 1, ch.container() == null ? null : ch.container().value());
                    dialect.bindUuid(s, 2, ch.id().value());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        for (ChangeSet.Change ch : sorted) {
            ClassTable t = catalog.require(ch.type());
            if (t.keepsSetEmpty()) {
                markSetEmpty(c, t, ch.id(), ch.newValues(), true);
            }
            for (Map.Entry<String, Object> v : ch.newValues().entrySet()) {
                Feature f = t.feature(v.getKey());
                if (f.many()) {
                    Object old = ch.oldValues().get(v.getKey());
                    rewriteList(c, t, f, ch.id(), old instanceof List<?> l ? l : null, list(t, f, v.getValue()));
                }
            }
        }
        updateCopies(c, sorted);
    }

    /**
     * Writes only the part of a list that changed: adding one task to a project of a million
     * rewrites one row, not a million. Without the old list, the whole list is replaced.
     */
    private void rewriteList(Connection c, ClassTable t, Feature f, ObjectId owner, List<?> old, List<?> now)
            throws SQLException {
        String side = q(f.storage());
        if (old == null) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + side + " WHERE owner = ?")) {
                dialect.bindUuid(s, 1, owner.value());
                s.executeUpdate();
            }
            insertSide(c, t, f, List.of(Map.entry(owner, now)), 0);
            return;
        }
        int prefix = 0;
        int max = Math.min(old.size(), now.size());
        while (prefix < max && dev.strata.core.Values.deepEquals(old.get(prefix), now.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix
                && dev.strata.core.Values.deepEquals(old.get(old.size() - 1 - suffix), now.get(now.size() - 1 - suffix))) {
            suffix++;
        }
        int oldEnd = old.size() - suffix;
        int delta = now.size() - old.size();
        if (oldEnd > prefix) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + side + " WHERE owner = ? AND pos >= ? AND pos < ?")) {
                dialect.bindUuid(s, 1, owner.value());
                s.setInt(2, prefix);
                s.setInt(3, oldEnd);
                s.executeUpdate();
            }
        }
        if (delta != 0 && suffix > 0) {
            // Through negative positions: shifting in place would collide with the primary key.
            try (PreparedStatement s = c.prepareStatement("UPDATE " + side + " SET pos = -(pos + ?) - 1 WHERE owner = ? AND pos >= ?")) {
                s.setInt(1, delta);
                dialect.bindUuid(s, 2, owner.value());
                s.setInt(3, oldEnd);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE " + side + " SET pos = -pos - 1 WHERE owner = ? AND pos < 0")) {
                dialect.bindUuid(s, 1, owner.value());
                s.executeUpdate();
            }
        }
        insertSide(c, t, f, List.of(Map.entry(owner, now.subList(prefix, now.size() - suffix))), prefix);
    }

    /** Version checks need real row counts; a driver answering "no info" would let stale writes through. */
    private int[] requireCounts(int[] counts) {
        for (int n : counts) {
            if (n == java.sql.Statement.SUCCESS_NO_INFO) {
                throw new StoreException("Store '" + name + "': the " + dialect.product() + " driver does not report how"
                        + " many rows a batched update changed, so conflicts cannot be detected; remove options such as"
                        + " useBulkStmts from the JDBC URL");
            }
        }
        return counts;
    }

    private String updateSql(ClassTable t, List<Feature> cols, boolean containerChanged) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(q(t.table)).append(" SET ").append(q("version"))
                .append(" = ").append(q("version")).append(" + 1");
        if (containerChanged) {
            sql.append(", ").append(q("container")).append(" = ?");
        }
        for (Feature f : cols) {
            sql.append(", ").append(q(f.storage())).append(" = ?");
        }
        return sql.append(" WHERE ").append(q("id")).append(" = ? AND ").append(q("version")).append(" = ?").toString();
    }

    private static List<?> list(ClassTable t, Feature f, Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return l;
        }
        throw new StoreException(t.type.name() + "." + f.name() + " is many-valued: expected a list, not " + value);
    }

    private void delete(Connection c, List<ChangeSet.Deletion> deletions, List<ConflictException.Conflict> conflicts)
            throws SQLException {
        Map<ClassTable, List<ChangeSet.Deletion>> byTable = new LinkedHashMap<>();
        List<ChangeSet.Deletion> sorted = new ArrayList<>(deletions);
        sorted.sort((a, b) -> a.id().compareTo(b.id()));
        for (ChangeSet.Deletion d : sorted) {
            byTable.computeIfAbsent(catalog.require(d.last().type()), k -> new ArrayList<>()).add(d);
        }
        for (Map.Entry<ClassTable, List<ChangeSet.Deletion>> e : byTable.entrySet()) {
            ClassTable t = e.getKey();
            for (List<ChangeSet.Deletion> batch : chunks(e.getValue(), BATCH)) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + q(t.table) + " WHERE " + q("id")
                        + " = ? AND " + q("version") + " = ?")) {
                    for (ChangeSet.Deletion d : batch) {
                        dialect.bindUuid(s, 1, d.id().value());
                        s.setLong(2, d.expectedVersion());
                        s.addBatch();
                    }
                    int[] counts = requireCounts(s.executeBatch());
                    for (int k = 0; k < counts.length; k++) {
                        if (counts[k] == 0) {
                            conflicts.add(new ConflictException.Conflict(batch.get(k).id(), batch.get(k).expectedVersion(), -1));
                        }
                    }
                }
                List<String> tables = new ArrayList<>();
                t.manys().forEach(f -> tables.add("DELETE FROM " + q(f.storage()) + " WHERE owner = ?"));
                tables.add("DELETE FROM strata_object WHERE id = ?");
                tables.add("DELETE FROM strata_set_empty WHERE owner = ?");
                tables.add("DELETE FROM strata_xmi_id WHERE id = ?");
                tables.add("DELETE FROM strata_root WHERE id = ?");
                for (String sql : tables) {
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        for (ChangeSet.Deletion d : batch) {
                            dialect.bindUuid(s, 1, d.id().value());
                            s.addBatch();
                        }
                        s.executeBatch();
                    }
                }
            }
        }
    }

    /**
     * An unsettable list with no elements is unset, and an unsettable single value that is NULL is
     * unset, unless strata_set_empty says the feature was set (to empty, to null; EMF keeps these
     * apart): the list is then kept and the single value is {@link Nil#VALUE}, else the value is
     * left out of the record. One query for the rows of every class read together.
     */
    private void applySetEmpty(Connection c, List<Rows> all) throws SQLException {
        List<ObjectId> candidates = new ArrayList<>();
        for (Rows rows : all) {
            ClassTable t = rows.table();
            if (!t.keepsSetEmpty()) {
                continue;
            }
            for (int i = 0; i < rows.ids().size(); i++) {
                if (hasUnsetOrEmpty(t, rows.values().get(i))) {
                    candidates.add(rows.ids().get(i));
                }
            }
        }
        Set<String> setEmpty = new HashSet<>();
        for (List<ObjectId> chunk : chunks(candidates, dialect.idsPerStatement())) {
            try (PreparedStatement s = c.prepareStatement("SELECT owner, feature FROM strata_set_empty WHERE "
                    + dialect.inIds("owner", chunk.size()))) {
                dialect.bindIds(s, 1, chunk);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        setEmpty.add(dialect.readUuid(r, 1) + "/" + r.getString(2));
                    }
                }
            }
        }
        for (Rows rows : all) {
            ClassTable t = rows.table();
            if (!t.keepsSetEmpty()) {
                continue;
            }
            for (int i = 0; i < rows.ids().size(); i++) {
                Map<String, Object> values = rows.values().get(i);
                for (String f : t.unsettableLists) {
                    if (values.get(f) instanceof List<?> l && l.isEmpty()
                            && !setEmpty.contains(rows.ids().get(i).value() + "/" + f)) {
                        values.remove(f);
                    }
                }
                for (String f : t.unsettableSingles) {
                    if (values.containsKey(f) && values.get(f) == null
                            && setEmpty.contains(rows.ids().get(i).value() + "/" + f)) {
                        values.put(f, Nil.VALUE);
                    }
                }
            }
        }
    }

    /** True if an unsettable feature of the row has no value (an empty list, a NULL). */
    private static boolean hasUnsetOrEmpty(ClassTable t, Map<String, Object> values) {
        return t.unsettableLists.stream().anyMatch(f -> values.get(f) instanceof List<?> l && l.isEmpty())
                || t.unsettableSingles.stream().anyMatch(f -> values.containsKey(f) && values.get(f) == null);
    }

    /**
     * Records which unsettable features of an object are set without a value: lists set to empty,
     * single values set to null (after clearing what was recorded).
     */
    private void markSetEmpty(Connection c, ClassTable t, ObjectId owner, Map<String, Object> values, boolean clear)
            throws SQLException {
        for (Map.Entry<String, Object> v : values.entrySet()) {
            if (!t.unsettableLists.contains(v.getKey()) && !t.unsettableSingles.contains(v.getKey())) {
                continue;
            }
            if (clear) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM strata_set_empty WHERE owner = ? AND feature = ?")) {
                    dialect.bindUuid(s, 1, owner.value());
                    s.setString(2, v.getKey());
                    s.executeUpdate();
                }
            }
            if (v.getValue() instanceof List<?> l && l.isEmpty() || v.getValue() == Nil.VALUE) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO strata_set_empty (owner, feature) VALUES (?, ?)")) {
                    dialect.bindUuid(s, 1, owner.value());
                    s.setString(2, v.getKey());
                    s.executeUpdate();
                }
            }
        }
    }

    /** Runs a statement with one id parameter for each of the ids, in batches. */
    private void updateIds(Connection c, String sql, List<ObjectId> ids) throws SQLException {
        for (List<ObjectId> batch : chunks(ids, BATCH)) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (ObjectId id : batch) {
                    dialect.bindUuid(s, 1, id.value());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    private void insertXmiIds(Connection c, List<Record> created) throws SQLException {
        List<Record> withXmiId = created.stream().filter(r -> r.xmiId() != null).toList();
        for (List<Record> batch : chunks(withXmiId, BATCH)) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO strata_xmi_id (id, xmi_id) VALUES (?, ?)")) {
                for (Record r : batch) {
                    dialect.bindUuid(s, 1, r.id().value());
                    s.setString(2, r.xmiId());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    /** The creation order of an object: its commit's sequence, then its place in the commit. */
    private static long createdOrder(long seq, int position) {
        return (seq << 32) | position;
    }

    private void insert(Connection c, List<Record> created, long seq) throws SQLException {
        if (created.isEmpty()) {
            return;
        }
        Map<ObjectId, Integer> position = new HashMap<>(created.size() * 2);
        for (int i = 0; i < created.size(); i++) {
            position.put(created.get(i).id(), i);
        }
        for (Record r : created) {
            ClassTable t = catalog.require(r.type());
            if (t.keepsSetEmpty()) {
                markSetEmpty(c, t, r.id(), r.values(), false);
            }
        }
        Map<ClassTable, List<Record>> byTable = new LinkedHashMap<>();
        for (Record r : created) {
            ClassTable t = catalog.require(r.type());
            for (String feature : r.values().keySet()) {
                if (!feature.equals(Record.XMI_ID)) {
                    t.feature(feature);
                }
            }
            byTable.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
        }
        insertXmiIds(c, created);
        updateIds(c, "INSERT INTO strata_root (id) VALUES (?)",
                created.stream().filter(Record::isRoot).map(Record::id).toList());
        boolean large = created.size() >= COPY_THRESHOLD;
        if (large) {
            progress.worked("Writing " + created.size() + " new objects to store '" + name + "'", 0, created.size());
        }
        if (dialect == Dialect.POSTGRESQL && large) {
            copy(c, byTable, seq, position);
            progress.worked("Writing " + created.size() + " new objects to store '" + name + "'", created.size(), created.size());
            return;
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO strata_object (id, class_id, created, container, record) VALUES (?, ?, ?, ?, ?)")) {
            int n = 0;
            for (Map.Entry<ClassTable, List<Record>> e : byTable.entrySet()) {
                for (Record r : e.getValue()) {
                    dialect.bindUuid(s, 1, r.id().value());
                    s.setInt(2, e.getKey().id);
                    s.setLong(3, createdOrder(seq, position.get(r.id())));
                    dialect.bindUuid(s, 4, r.container() == null ? null : r.container().value());
                    s.setBytes(5, copyOf(e.getKey(), r));
                    s.addBatch();
                    if (++n % BATCH == 0) {
                        s.executeBatch();
                    }
                }
            }
            s.executeBatch();
        }
        int written = 0;
        for (Map.Entry<ClassTable, List<Record>> e : byTable.entrySet()) {
            ClassTable t = e.getKey();
            List<Feature> singles = t.singles();
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(q(t.table)).append(" (").append(q("id"))
                    .append(", ").append(q("version")).append(", ").append(q("container"));
            singles.forEach(f -> sql.append(", ").append(q(f.storage())));
            sql.append(") VALUES (").append(placeholders(3 + singles.size())).append(')');
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                int n = 0;
                for (Record r : e.getValue()) {
                    dialect.bindUuid(s, 1, r.id().value());
                    s.setLong(2, 1);
                    dialect.bindUuid(s, 3, r.container() == null ? null : r.container().value());
                    int i = 4;
                    for (Feature f : singles) {
                        bind(s, i++, t, f, r.value(f.name()));
                    }
                    s.addBatch();
                    if (++n % BATCH == 0) {
                        s.executeBatch();
                        if (large) {
                            progress.worked("Writing " + created.size() + " new objects to store '" + name + "'",
                                    written + n, created.size());
                        }
                    }
                }
                s.executeBatch();
                written += n;
            }
            for (Feature f : t.manys()) {
                List<Map.Entry<ObjectId, List<?>>> lists = new ArrayList<>();
                for (Record r : e.getValue()) {
                    List<?> l = list(t, f, r.value(f.name()));
                    if (!l.isEmpty()) {
                        lists.add(Map.entry(r.id(), l));
                    }
                }
                insertSide(c, t, f, lists, 0);
            }
        }
    }

    /** The copy of a new object's record, as it reads back (version 1). */
    private static byte[] copyOf(ClassTable t, Record r) {
        return RecordCopies.encode(new Record(r.id(), t.type, 1, r.container(), RecordCopies.shape(t, r.values())));
    }

    /** The created objects' rows by COPY, table by table (PostgreSQL). */
    private void copy(Connection c, Map<ClassTable, List<Record>> byTable, long seq, Map<ObjectId, Integer> position)
            throws SQLException {
        try (PgCopy cp = new PgCopy(c, "strata_object", List.of("id", "class_id", "created", "container", "record"))) {
            for (Map.Entry<ClassTable, List<Record>> e : byTable.entrySet()) {
                for (Record r : e.getValue()) {
                    cp.uuid(r.id().value()).number(e.getKey().id).number(createdOrder(seq, position.get(r.id())))
                            .uuid(r.container() == null ? null : r.container().value())
                            .value(ValueKind.BYTES, copyOf(e.getKey(), r)).endRow();
                }
            }
            cp.finish();
        }
        for (Map.Entry<ClassTable, List<Record>> e : byTable.entrySet()) {
            ClassTable t = e.getKey();
            List<Feature> singles = t.singles();
            List<String> columns = new ArrayList<>(List.of(q("id"), q("version"), q("container")));
            singles.forEach(f -> columns.add(q(f.storage())));
            try (PgCopy cp = new PgCopy(c, q(t.table), columns)) {
                for (Record r : e.getValue()) {
                    cp.uuid(r.id().value()).number(1).uuid(r.container() == null ? null : r.container().value());
                    for (Feature f : singles) {
                        copyValue(cp, t, f, r.value(f.name()));
                    }
                    cp.endRow();
                }
                cp.finish();
            }
            for (Feature f : t.manys()) {
                boolean any = e.getValue().stream().anyMatch(r -> !list(t, f, r.value(f.name())).isEmpty());
                if (!any) {
                    continue;
                }
                try (PgCopy cp = new PgCopy(c, q(f.storage()), List.of("owner", "pos", q("element")))) {
                    for (Record r : e.getValue()) {
                        int pos = 0;
                        for (Object v : list(t, f, r.value(f.name()))) {
                            cp.uuid(r.id().value()).number(pos++);
                            copyValue(cp, t, f, v);
                            cp.endRow();
                        }
                    }
                    cp.finish();
                }
            }
        }
    }

    private static void copyValue(PgCopy cp, ClassTable t, Feature f, Object value) {
        try {
            cp.value(f.kind(), value == Nil.VALUE ? null : value);
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new StoreException(t.type.name() + "." + f.name() + " holds " + f.kind().javaType.getSimpleName()
                    + " values, not " + value.getClass().getSimpleName() + " '" + value + "'");
        }
    }

    private void insertSide(Connection c, ClassTable t, Feature f, List<Map.Entry<ObjectId, List<?>>> lists, int firstPos)
            throws SQLException {
        if (lists.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + q(f.storage()) + " (owner, pos, " + q("element")
                + ") VALUES (?, ?, ?)")) {
            int n = 0;
            for (Map.Entry<ObjectId, List<?>> e : lists) {
                int pos = firstPos;
                for (Object v : e.getValue()) {
                    dialect.bindUuid(s, 1, e.getKey().value());
                    s.setInt(2, pos++);
                    bind(s, 3, t, f, v);
                    s.addBatch();
                    if (++n % BATCH == 0) {
                        s.executeBatch();
                    }
                }
            }
            s.executeBatch();
        }
    }

    /** Fills in the versions the conflicting objects have now (-1: gone). */
    private List<ConflictException.Conflict> withActualVersions(Connection c, List<ConflictException.Conflict> conflicts)
            throws SQLException {
        Map<ObjectId, Record> now = loadAll(c, conflicts.stream().map(ConflictException.Conflict::id).toList());
        c.rollback();
        return conflicts.stream().map(k -> new ConflictException.Conflict(k.id(), k.expectedVersion(),
                now.containsKey(k.id()) ? now.get(k.id()).version() : -1)).toList();
    }

    /**
     * The connection broke during the commit. Before COMMIT was sent the database rolls the
     * transaction back with the connection; once it was sent, the log tells whether it was applied.
     */
    private CommitResult afterLostConnection(ChangeSet changes, SQLException cause, Stage stage) {
        String lost = "Store '" + name + "': the connection to " + dialect.product() + " was lost during commit "
                + changes.commitId();
        if (stage != Stage.COMMITTING && stage != Stage.DONE) {
            throw new StoreException(lost + "; nothing was applied: " + cause.getMessage(), cause);
        }
        Long seq;
        try {
            seq = read("checking commit " + changes.commitId() + " after a lost connection",
                    c -> loggedSequence(c, changes.commitId()));
        } catch (StoreException e) {
            throw new StoreException(lost + " while it was being committed, and the database cannot be reached to tell"
                    + " whether it was applied; retry it later (a commit is applied at most once): " + cause.getMessage(), cause);
        }
        if (seq != null) {
            return Summary.result(changes, seq, false);
        }
        throw new StoreException(lost + " while it was being committed; it is not in the log, so it was most likely"
                + " not applied (a retry is safe: versions and ids keep it from being applied twice): " + cause.getMessage(),
                cause);
    }

    /** Works out which unique rule a commit broke, for a message that names objects and values. */
    private CommitResult explainUniqueViolation(Connection c, ChangeSet changes, SQLException cause) {
        try {
            c.setAutoCommit(true);
            Long seq = loggedSequence(c, changes.commitId());
            if (seq != null) {
                return Summary.result(changes, seq, true); // the same commit id arrived twice at once
            }
            List<ObjectId> createdIds = changes.created().stream().map(Record::id).toList();
            Map<ObjectId, Record> existing = loadAll(c, createdIds);
            for (int i = 0; i < createdIds.size(); i++) {
                if (existing.containsKey(createdIds.get(i))) {
                    throw new ObjectExistsException("created[" + i + "].id", name, createdIds.get(i));
                }
            }
            List<String> problems = new ArrayList<>();
            Set<ObjectId> leaving = new HashSet<>();
            changes.deleted().forEach(d -> leaving.add(d.id()));
            for (IndexDef def : catalog.indexes().keySet()) {
                if (def.kind() != IndexDef.Kind.UNIQUE) {
                    continue;
                }
                Map<Object, ObjectId> claimed = new LinkedHashMap<>();
                for (Record r : changes.created()) {
                    if (r.type().equals(def.type()) && r.value(def.feature()) != null) {
                        claim(def, claimed, r.id(), r.value(def.feature()), problems);
                    }
                }
                for (ChangeSet.Change ch : changes.changed()) {
                    if (ch.type().equals(def.type()) && ch.newValues().get(def.feature()) != null) {
                        leaving.add(ch.id());
                        claim(def, claimed, ch.id(), ch.newValues().get(def.feature()), problems);
                    }
                }
                if (claimed.isEmpty()) {
                    continue;
                }
                ClassTable t = catalog.require(def.type());
                Feature f = t.feature(def.feature());
                List<Object> values = List.copyOf(claimed.keySet());
                for (Record other : select(c, t, q(f.storage()) + " IN (" + placeholders(values.size()) + ")", s -> {
                    for (int i = 0; i < values.size(); i++) {
                        bind(s, i + 1, t, f, values.get(i));
                    }
                })) {
                    Object value = other.value(def.feature());
                    ObjectId by = claimed.get(value);
                    if (by != null && !leaving.contains(other.id()) && !other.id().equals(by)) {
                        problems.add("unique " + def + ": value '" + value + "' of " + by + " is already used by " + other.id());
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new VetoException(problems);
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "Store '" + name + "': could not explain a unique violation", e);
        }
        throw new VetoException("a unique index of store '" + name + "' refused the commit: " + cause.getMessage());
    }

    private static void claim(IndexDef def, Map<Object, ObjectId> claimed, ObjectId id, Object value, List<String> problems) {
        ObjectId other = claimed.putIfAbsent(value, id);
        if (other != null) {
            problems.add("unique " + def + ": value '" + value + "' of " + id + " is already used by " + other);
        }
    }
}
