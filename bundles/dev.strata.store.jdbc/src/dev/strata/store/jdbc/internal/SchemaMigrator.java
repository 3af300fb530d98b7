package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.emf.ecore.EPackage;

import dev.strata.core.ChangeSet;
import dev.strata.core.IndexDef;
import dev.strata.core.Migration;
import dev.strata.core.ModelVersionException;
import dev.strata.core.ObjectId;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.VetoException;
import dev.strata.store.jdbc.internal.Catalog.ClassTable;
import dev.strata.store.jdbc.internal.Catalog.Feature;

/**
 * The store's schema: Strata's bookkeeping tables, created and brought up to the current layout
 * on opening; tables and indexes for the model (the catalog maps each class); model versions and
 * migrations. Every change of tables holds the schema locks (see {@link Transactions#writeSchema}).
 */
final class SchemaMigrator {

    /**
     * Layout 2 keeps a copy of each record in strata_object. A version that reads only layout 1
     * would write without the copies, so it must not open such a database.
     */
    static final int LAYOUT = 2;
    /** The strata_meta row that says strata_root lists every root (databases from before it are filled once). */
    private static final int ROOTS_LISTED = 2;
    /** The strata_meta row that says strata_object.container is filled (databases from before it are filled once). */
    private static final int CONTAINERS_LISTED = 3;
    /** The strata_meta row that says strata_commit has the author column (older rows hold NULL there). */
    private static final int AUTHORS_LOGGED = 4;
    /**
     * The strata_meta row that says strata_commit has the change_set column (each commit's change set
     * with its values before and after; NULL in rows from before it was kept).
     */
    private static final int VALUES_LOGGED = 5;
    /** The strata_meta row whose seq is the last commit the history policy deleted from strata_commit. */
    static final int HISTORY_PRUNED = 6;
    /**
     * The strata_meta row that says strata_feature has the unsettable column (NULL in rows from
     * before it, filled when a repository next tells the store its model).
     */
    private static final int UNSETTABLE_KEPT = 7;

    private final StoreContext s;
    private final Dialect dialect;
    private final Transactions tx;
    private final TableReader tables;
    private final CommitLog log;

    SchemaMigrator(StoreContext s, Transactions tx, TableReader tables, CommitLog log) {
        this.s = s;
        this.dialect = s.dialect;
        this.tx = tx;
        this.tables = tables;
        this.log = log;
    }

    // ------------------------------------------------------------------ Strata's own tables

    /** Creates the schema and Strata's tables where missing, brings them to the current layout, reads the catalog. */
    void open() {
        if (!s.options.schema().isEmpty()) {
            try {
                s.pool.createSchema(Ddl.createSchema(dialect, s.options.schema()));
            } catch (SQLException e) {
                throw s.failure("creating schema " + s.options.schema(), e);
            }
        }
        boolean current = tx.read("reading Strata's tables", SchemaMigrator::hasCurrentTables);
        tx.write("creating Strata's tables", c -> {
            dialect.lockSchema(c, tx.schemaLockName());
            try {
                if (!current) {
                    createMetaTables(c);
                }
                s.catalog.load(c);
                if (layout(c) == 1) {
                    copyRecords(c, "SELECT id, class_id FROM strata_object WHERE record IS NULL");
                    setLayout(c, LAYOUT);
                }
            } finally {
                c.commit();
                dialect.unlockSchema(c, tx.schemaLockName());
            }
            return null;
        });
    }

    /**
     * True if the database already has every bookkeeping table and column of this version: layout
     * {@link #LAYOUT} and both fill-once markers written (they are written after the tables). Then
     * opening needs no DDL, which on PostgreSQL takes a lock on strata_object per ALTER even when
     * nothing changes. A version that adds a table or column here must raise the layout or add a
     * marker. Asked in auto-commit mode: on a new database the query fails, and that is the answer.
     */
    private static boolean hasCurrentTables(Connection c) {
        try (Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT id, layout FROM strata_meta WHERE id IN (1, "
                        + ROOTS_LISTED + ", " + CONTAINERS_LISTED + ", " + AUTHORS_LOGGED + ", " + VALUES_LOGGED + ", "
                        + HISTORY_PRUNED + ", " + UNSETTABLE_KEPT + ")")) {
            int found = 0;
            while (r.next()) {
                if (r.getInt(1) != 1 || r.getInt(2) == LAYOUT) {
                    found++;
                }
            }
            return found == 7;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Creates Strata's bookkeeping tables if missing. */
    private void createMetaTables(Connection c) throws SQLException {
        String uuid = SqlTypes.ID;
        String text = SqlTypes.column(dialect, ValueKind.STRING, false);
        String date = SqlTypes.column(dialect, ValueKind.DATE, false);
        String bytes = SqlTypes.column(dialect, ValueKind.BYTES, false);
        String[] ddl = {
            "CREATE TABLE IF NOT EXISTS strata_meta (id INTEGER PRIMARY KEY, layout INTEGER NOT NULL, seq BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS strata_package (ns_uri VARCHAR(500) PRIMARY KEY, model_version INTEGER)",
            "CREATE TABLE IF NOT EXISTS strata_migration (id VARCHAR(500) PRIMARY KEY, seq BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS strata_class (class_id INTEGER PRIMARY KEY, ns_uri VARCHAR(500) NOT NULL,"
                    + " class_name VARCHAR(255) NOT NULL, table_name VARCHAR(64) NOT NULL)",
            "CREATE TABLE IF NOT EXISTS strata_feature (class_id INTEGER NOT NULL, feature VARCHAR(255) NOT NULL,"
                    + " value_kind VARCHAR(20) NOT NULL, is_many BOOLEAN NOT NULL, storage VARCHAR(64) NOT NULL,"
                    + " ordinal INTEGER NOT NULL, PRIMARY KEY (class_id, feature))",
            "CREATE TABLE IF NOT EXISTS strata_index (class_id INTEGER NOT NULL, feature VARCHAR(255) NOT NULL,"
                    + " index_kind VARCHAR(20) NOT NULL, index_name VARCHAR(64) NOT NULL, PRIMARY KEY (class_id, feature, index_kind))",
            "CREATE TABLE IF NOT EXISTS strata_object (id " + uuid + " PRIMARY KEY, class_id INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS strata_set_empty (owner " + uuid + " NOT NULL, feature VARCHAR(255) NOT NULL,"
                    + " PRIMARY KEY (owner, feature))",
            "CREATE TABLE IF NOT EXISTS strata_xmi_id (id " + uuid + " PRIMARY KEY, xmi_id " + text + " NOT NULL)",
            "CREATE TABLE IF NOT EXISTS strata_root (id " + uuid + " PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS strata_commit (seq BIGINT PRIMARY KEY, commit_id " + uuid + " NOT NULL UNIQUE,"
                    + " origin " + uuid + " NOT NULL, committed_at " + date + " NOT NULL,"
                    + " session_id VARCHAR(200) NOT NULL, message " + text + " NOT NULL, created INTEGER NOT NULL,"
                    + " changed INTEGER NOT NULL, deleted INTEGER NOT NULL, summary " + bytes + ")" };
        try (Statement st = c.createStatement()) {
            for (String sql : ddl) {
                st.execute(sql + Ddl.tableOptions(dialect));
            }
            // When each object was created (commit sequence and position): the order of the roots.
            st.execute("ALTER TABLE strata_object ADD COLUMN IF NOT EXISTS created BIGINT");
            // Each object's container, also kept here: a tree's objects are found by one recursive query.
            st.execute("ALTER TABLE strata_object ADD COLUMN IF NOT EXISTS container " + uuid);
            st.execute("CREATE INDEX IF NOT EXISTS strata_object_container ON strata_object (container)");
            // Each object's whole record (RecordCopies): a tree is read by one query.
            st.execute("ALTER TABLE strata_object ADD COLUMN IF NOT EXISTS record " + bytes);
            // Explicit locks of the sessions of every process (JdbcLocks).
            st.execute("CREATE TABLE IF NOT EXISTS strata_lock (object_id " + uuid + " NOT NULL, owner VARCHAR(200) NOT NULL,"
                    + " holder VARCHAR(200) NOT NULL, mode VARCHAR(5) NOT NULL, expires_at " + date + " NOT NULL,"
                    + " PRIMARY KEY (object_id, owner))" + Ddl.tableOptions(dialect));
            // Who made each commit; NULL in the rows of commits made before it was kept.
            st.execute("ALTER TABLE strata_commit ADD COLUMN IF NOT EXISTS author VARCHAR(200)");
            // Each commit's change set with the values before and after it (CommitLog); NULL in the
            // rows of commits made before it was kept, which read as their summary.
            st.execute("ALTER TABLE strata_commit ADD COLUMN IF NOT EXISTS change_set " + bytes);
            // Whether each feature is unsettable: commits and reads tell "set to null" and "set,
            // empty" from "not set" by it, also those a store makes before it is told the model.
            st.execute("ALTER TABLE strata_feature ADD COLUMN IF NOT EXISTS unsettable BOOLEAN");
            try (ResultSet r = st.executeQuery("SELECT layout FROM strata_meta WHERE id = 1")) {
                if (r.next()) {
                    int layout = r.getInt(1);
                    if (layout != 1 && layout != LAYOUT) {
                        throw new StoreException("The database holds Strata tables of layout " + layout
                                + "; this Strata version reads layouts 1 and " + LAYOUT);
                    }
                } else {
                    // New and empty: nothing to copy, and the layout keeps older versions out.
                    st.execute("INSERT INTO strata_meta (id, layout, seq) VALUES (1, " + LAYOUT + ", 0)");
                }
            }
            fillOnce(st, ROOTS_LISTED, () -> listRoots(c));
            fillOnce(st, CONTAINERS_LISTED, () -> listContainers(c));
            fillOnce(st, AUTHORS_LOGGED, () -> { }); // the column is added above; old rows have no author
            fillOnce(st, VALUES_LOGGED, () -> { }); // likewise: old rows keep only their summary
            fillOnce(st, HISTORY_PRUNED, () -> { }); // seq 0: nothing deleted yet
            fillOnce(st, UNSETTABLE_KEPT, () -> { }); // NULL until the model is next used
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    /** Fills in bookkeeping that databases from before it lack, once: a strata_meta row marks it done. */
    private static void fillOnce(Statement st, int marker, SqlAction fill) throws SQLException {
        try (ResultSet r = st.executeQuery("SELECT layout FROM strata_meta WHERE id = " + marker)) {
            if (r.next()) {
                return;
            }
        }
        fill.run();
        st.execute("INSERT INTO strata_meta (id, layout, seq) VALUES (" + marker + ", 1, 0)");
    }

    /** The layout of this database: 1 until its records are copied (done once on opening). */
    private static int layout(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT layout FROM strata_meta WHERE id = 1")) {
            return r.next() ? r.getInt(1) : LAYOUT;
        }
    }

    private static void setLayout(Connection c, int layout) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("UPDATE strata_meta SET layout = " + layout + " WHERE id = 1");
        }
    }

    /** Copies each object's container from its class table into strata_object. */
    private void listContainers(Connection c) throws SQLException {
        Map<Integer, String> tableNames = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT class_id, table_name FROM strata_class")) {
            while (r.next()) {
                tableNames.put(r.getInt(1), r.getString(2));
            }
        }
        try (Statement st = c.createStatement()) {
            for (Map.Entry<Integer, String> t : tableNames.entrySet()) {
                String table = dialect.quote(t.getValue());
                st.execute("UPDATE strata_object SET container = (SELECT x." + dialect.quote("container") + " FROM "
                        + table + " x WHERE x." + dialect.quote("id") + " = strata_object.id) WHERE class_id = "
                        + t.getKey());
            }
        }
    }

    /** Fills strata_root from the class tables: the objects without a container. */
    private void listRoots(Connection c) throws SQLException {
        List<String> tableNames = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT table_name FROM strata_class")) {
            while (r.next()) {
                tableNames.add(r.getString(1));
            }
        }
        try (Statement st = c.createStatement()) {
            for (String table : tableNames) {
                st.execute("INSERT INTO strata_root (id) SELECT " + dialect.quote("id") + " FROM " + dialect.quote(table)
                        + " WHERE " + dialect.quote("container") + " IS NULL");
            }
        }
    }

    /**
     * Writes the record copies of the objects a query (id, class_id) lists, read from their class
     * tables: once for a database from before the copies, and for the classes a migration changed.
     */
    private void copyRecords(Connection c, String sql) throws SQLException {
        Map<Integer, List<ObjectId>> byClass = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet r = st.executeQuery()) {
            while (r.next()) {
                tables.addByClass(r, byClass);
            }
        }
        int total = byClass.values().stream().mapToInt(List::size).sum();
        int done = 0;
        for (Map.Entry<Integer, List<ObjectId>> e : byClass.entrySet()) {
            for (List<ObjectId> chunk : StoreContext.chunks(e.getValue(), StoreContext.BATCH)) {
                RecordCopies.write(c, dialect, s.catalog, tables.loadByClass(c, Map.of(e.getKey(), chunk)).values());
                done += chunk.size();
                s.progress.worked("Copying the records of store '" + s.name + "'", done, total);
            }
        }
    }

    // ------------------------------------------------------------------ tables and indexes for the model

    void useModel(List<EPackage> packages, Collection<IndexDef> indexes) {
        s.check.use(packages);
        s.schemaLock.writeLock().lock();
        try {
            if (s.catalog.covers(packages)) {
                return; // nothing to create: no schema transaction, no second read of the catalog
            }
        } finally {
            s.schemaLock.writeLock().unlock();
        }
        tx.writeSchema("creating tables for " + packages.stream().map(EPackage::getNsURI).toList(), c -> {
            s.catalog.extend(c, packages, indexes, s.progress);
            return null;
        });
    }

    String tableOf(TypeRef type) {
        s.schemaLock.readLock().lock();
        try {
            return s.catalog.require(type).table;
        } finally {
            s.schemaLock.readLock().unlock();
        }
    }

    void declareIndexes(Collection<IndexDef> defs) {
        for (IndexDef def : defs) {
            if (s.indexes().contains(def)) {
                continue;
            }
            try {
                tx.writeSchema("creating " + def, c -> {
                    if (!s.catalog.indexes().containsKey(def)) { // another process may have made it
                        s.catalog.createIndex(c, def);
                    }
                    return null;
                });
            } catch (StoreException e) {
                if (e.getCause() instanceof SQLException sql && SqlErrors.isUniqueViolation(dialect, sql)) {
                    throw new VetoException("existing data of store '" + s.name + "' violates the " + def
                            + "; make the values unique first");
                }
                throw e;
            }
        }
    }

    void rebuildIndex(IndexDef index) {
        tx.writeSchema("rebuilding " + index, c -> {
            s.catalog.rebuildIndex(c, index);
            return null;
        });
    }

    // ------------------------------------------------------------------ model versions and migrations

    Map<String, Integer> modelVersions() {
        return tx.read("reading model versions", c -> {
            Map<String, Integer> versions = new LinkedHashMap<>();
            try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(
                    "SELECT ns_uri, model_version FROM strata_package WHERE model_version IS NOT NULL")) {
                while (r.next()) {
                    versions.put(r.getString(1), r.getInt(2));
                }
            }
            return versions;
        });
    }

    List<String> appliedMigrations() {
        return tx.read("reading applied migrations", c -> {
            List<String> ids = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet r = st.executeQuery("SELECT id FROM strata_migration ORDER BY seq")) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        });
    }

    void initModelVersion(String nsUri, int version) {
        tx.writeSharingSchema("recording model version of " + nsUri, c -> {
            Integer current = modelVersion(c, nsUri);
            if (current != null && current == version) {
                return null;
            }
            if (current != null) {
                throw new ModelVersionException(nsUri, current, "Store '" + s.name + "' already holds " + nsUri
                        + " at model version " + current + "; changing it to " + version + " needs a migration");
            }
            setModelVersion(c, nsUri, version);
            return null;
        });
    }

    /** The model version the store holds a package at; null if none. */
    private static Integer modelVersion(Connection c, String nsUri) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT model_version FROM strata_package WHERE ns_uri = ?")) {
            st.setString(1, nsUri);
            try (ResultSet r = st.executeQuery()) {
                return r.next() ? r.getObject(1, Integer.class) : null;
            }
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

    void migrate(Migration migration) {
        tx.writeSchema("applying migration " + migration.id(), c -> {
            Integer current = modelVersion(c, migration.nsUri());
            if (current == null || current != migration.fromVersion()) {
                throw new ModelVersionException(migration.nsUri(), current, "Cannot apply " + migration.id()
                        + " to store '" + s.name + "': it holds " + migration.nsUri()
                        + (current == null ? " at no model version" : " at model version " + current));
            }
            List<ClassTable> affected = s.catalog.tables().stream().filter(t -> migration.affects(t.type)).toList();
            String affectedIds = String.join(", ", affected.stream().map(t -> Integer.toString(t.id)).toList());
            if (!affected.isEmpty()) {
                // Cleared first: where DDL commits as it goes (H2, MariaDB), a migration failing half-way
                // leaves no copy older than the tables; the copies are written anew at the end.
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("UPDATE strata_object SET record = NULL WHERE class_id IN (" + affectedIds + ")");
                }
            }
            int step = 0;
            for (Migration.Step st : migration.steps()) {
                s.progress.worked("Migrating " + migration.id(), step++, migration.steps().size() + 1);
                applyStep(c, migration.nsUri(), st);
            }
            try (Statement st = c.createStatement()) {
                for (ClassTable t : affected) {
                    st.executeUpdate("UPDATE " + s.q(t.table) + " SET " + s.q("version") + " = " + s.q("version") + " + 1");
                }
            }
            if (!affected.isEmpty()) {
                copyRecords(c, "SELECT id, class_id FROM strata_object WHERE class_id IN (" + affectedIds + ")");
            }
            setModelVersion(c, migration.nsUri(), migration.toVersion());
            long seq = CommitLog.nextSequence(c);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO strata_migration (id, seq) VALUES (?, ?)")) {
                st.setString(1, migration.id());
                st.setLong(2, seq);
                st.executeUpdate();
            }
            log.append(c, new ChangeSet(UUID.randomUUID(), "", migration.id(), List.of(), List.of(), List.of()), seq);
            s.progress.worked("Migrating " + migration.id(), migration.steps().size() + 1, migration.steps().size() + 1);
            return null;
        });
    }

    private void applyStep(Connection c, String nsUri, Migration.Step step) throws SQLException {
        Catalog catalog = s.catalog;
        switch (step) {
            case Migration.AddFeature a -> {
                ClassTable t = catalog.require(new TypeRef(nsUri, a.className()));
                Object value = a.defaultValue();
                if (value instanceof List<?> list) {
                    Feature f = catalog.addFeature(c, t, a.feature(),
                            list.isEmpty() ? ValueKind.STRING : ValueKind.ofValue(list.get(0)), true, false);
                    for (int pos = 0; pos < list.size(); pos++) {
                        try (PreparedStatement st = c.prepareStatement("INSERT INTO " + s.q(f.storage())
                                + " (owner, pos, " + s.q("element") + ") SELECT " + s.q("id") + ", ?, ? FROM "
                                + s.q(t.table))) {
                            st.setInt(1, pos);
                            ColumnValues.bind(dialect, st, 2, f.kind(), list.get(pos));
                            st.executeUpdate();
                        }
                    }
                } else {
                    Feature f = catalog.addFeature(c, t, a.feature(), ValueKind.ofValue(value), false, false);
                    if (value != null) {
                        try (PreparedStatement st = c.prepareStatement(
                                "UPDATE " + s.q(t.table) + " SET " + s.q(f.storage()) + " = ?")) {
                            ColumnValues.bind(dialect, st, 1, f.kind(), value);
                            st.executeUpdate();
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
}
