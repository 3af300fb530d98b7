package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.strata.core.ObjectId;
import dev.strata.core.StoreException;

/**
 * What differs between the databases Strata supports: drivers and connection settings, quoting,
 * ids, dates, ordering, locks and transactions. Column types are in {@link SqlTypes}, schema
 * statements in {@link Ddl}, record values in {@link ColumnValues}, what errors mean in
 * {@link SqlErrors}.
 */
enum Dialect {

    H2("H2") {
        @Override
        Driver driver() {
            return new org.h2.Driver();
        }

        @Override
        boolean bindsIdArrays() {
            return true;
        }

        @Override
        void initConnection(Connection c) throws SQLException {
            // H2 gives up on a row lock after one second; commits that queue behind a synced
            // checkpoint need longer.
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCK_TIMEOUT 20000");
            }
        }

        @Override
        void afterCommit(Connection c) throws SQLException {
            // H2 acknowledges COMMIT before its data reaches the disk; only a synced checkpoint forces
            // it, and an acknowledged Strata commit must survive a crash.
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
            c.commit();
        }
    },

    POSTGRESQL("PostgreSQL") {
        @Override
        boolean bindsIdArrays() {
            return true;
        }

        @Override
        String inIds(String column, int n) {
            // A semi-join on the unnested array: index lookups, where "= ANY(array)" compares every
            // row with the whole array.
            return column + " IN (SELECT unnest(?::uuid[]))";
        }

        @Override
        void bindUuidArray(PreparedStatement s, int i, UUID[] ids) throws SQLException {
            s.setArray(i, s.getConnection().createArrayOf("uuid", ids));
        }

        @Override
        void readsCopies(PreparedStatement s) throws SQLException {
            // The driver sends bytea as hex text until a statement has run five times on a
            // connection; the copies of a model are megabytes, so binary from the first run.
            s.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
        }

        @Override
        void initConnection(Connection c) throws SQLException {
            // Without statistics (a freshly imported model) the planner guesses millions of rows for
            // the recursive tree read and spends 100-150 ms compiling it with LLVM (JIT, on by
            // default since PostgreSQL 12) to run a 30 ms query; Strata's statements are all short.
            if (c.getMetaData().getDatabaseMajorVersion() >= 11) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET jit = off");
                }
            }
        }

        @Override
        Driver driver() {
            try {
                return new org.postgresql.Driver();
            } catch (NoClassDefFoundError e) {
                throw missingDriver("org.postgresql.jdbc", e);
            }
        }

        @Override
        Properties connectionProperties() {
            Properties p = new Properties();
            // Multi-row INSERTs from batches: several times fewer round trips for large commits.
            p.setProperty("reWriteBatchedInserts", "true");
            return p;
        }

        @Override
        boolean keepsDecimalScale() {
            return true;
        }

        @Override
        boolean transactionalDdl() {
            return true;
        }
    },

    MARIADB("MariaDB") {
        @Override
        Driver driver() {
            try {
                return new org.mariadb.jdbc.Driver();
            } catch (NoClassDefFoundError e) {
                throw missingDriver("org.mariadb.jdbc", e);
            }
        }

        @Override
        Properties connectionProperties() {
            Properties p = new Properties();
            // Bulk statements answer "no info" for row counts, and version checks need them.
            p.setProperty("useBulkStmts", "false");
            return p;
        }

        @Override
        String quote(String identifier) {
            return "`" + identifier + "`";
        }

        @Override
        String orderBy(String column, boolean descending) {
            return column + " IS NULL, " + column + (descending ? " DESC" : " ASC");
        }

        @Override
        void bindUuid(PreparedStatement s, int i, UUID id) throws SQLException {
            s.setString(i, id == null ? null : id.toString());
        }

        @Override
        UUID readUuid(ResultSet r, int i) throws SQLException {
            String s = r.getString(i);
            return s == null ? null : UUID.fromString(s);
        }

        @Override
        void bindDate(PreparedStatement s, int i, Date d) throws SQLException {
            s.setObject(i, LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC));
        }

        @Override
        Date readDate(ResultSet r, int i) throws SQLException {
            LocalDateTime t = r.getObject(i, LocalDateTime.class);
            return t == null ? null : Date.from(t.toInstant(ZoneOffset.UTC));
        }
    };

    private final String product;

    Dialect(String product) {
        this.product = product;
    }

    static Dialect forUrl(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:mariadb:")) {
            return MARIADB;
        }
        throw new StoreException("Unsupported JDBC URL '" + url
                + "': Strata's JDBC store speaks H2 (jdbc:h2:), PostgreSQL (jdbc:postgresql:) and MariaDB (jdbc:mariadb:)");
    }

    String product() {
        return product;
    }

    abstract Driver driver();

    Properties connectionProperties() {
        return new Properties();
    }

    static StoreException missingDriver(String bundle, Throwable cause) {
        return new StoreException("The JDBC driver bundle " + bundle + " is not installed", cause);
    }

    String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    String orderBy(String column, boolean descending) {
        return column + (descending ? " DESC" : " ASC") + " NULLS LAST";
    }

    boolean keepsDecimalScale() {
        return false;
    }

    /** True if DDL takes part in transactions (a failed migration leaves no half-changed tables). */
    boolean transactionalDdl() {
        return false;
    }

    void afterCommit(Connection c) throws SQLException {
    }

    /** How long taking the database's lock on a schema waits for another process's change of its tables. */
    static final long SCHEMA_LOCK_WAIT_MS = 120_000;

    /**
     * Takes the database's lock named so, waiting up to {@link #SCHEMA_LOCK_WAIT_MS} for another
     * process that holds it. PostgreSQL releases it with the transaction; MariaDB needs
     * {@link #unlockSchema}; H2 has one process.
     */
    void lockSchema(Connection c, String name) throws SQLException {
        if (this == MARIADB) {
            if (!getLock(c, name, SCHEMA_LOCK_WAIT_MS / 1000)) {
                throw schemaLockHeld(name);
            }
            return;
        }
        long deadline = System.nanoTime() + SCHEMA_LOCK_WAIT_MS * 1_000_000;
        for (long pause = 10; !tryLockSchema(c, name); pause = Math.min(500, pause * 2)) {
            if (System.nanoTime() > deadline) {
                throw schemaLockHeld(name);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while waiting for the lock on " + name, "57014", e);
            }
        }
    }

    static SQLException schemaLockHeld(String name) {
        return new SQLException("Another process held the lock on " + name + " (it changes the tables) for "
                + SCHEMA_LOCK_WAIT_MS / 1000 + " s", "55P03");
    }

    /** Takes the database's lock named so if no other process holds it; false if one does. */
    boolean tryLockSchema(Connection c, String name) throws SQLException {
        switch (this) {
            case POSTGRESQL -> {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                    s.setLong(1, name.hashCode() * 31L + 0x5354524154L);
                    try (ResultSet r = s.executeQuery()) {
                        return r.next() && r.getBoolean(1);
                    }
                }
            }
            case MARIADB -> {
                return getLock(c, name, 0);
            }
            default -> {
                return true;
            }
        }
    }

    private static boolean getLock(Connection c, String name, long seconds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT GET_LOCK(?, " + seconds + ")")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getInt(1) == 1;
            }
        }
    }

    void unlockSchema(Connection c, String name) throws SQLException {
        if (this == MARIADB) {
            try (PreparedStatement s = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                s.setString(1, name);
                s.execute();
            }
        }
    }

    // ------------------------------------------------------------------ two-phase commit

    /** Whether a transaction can be left prepared for a commit across stores (not H2 embedded). */
    boolean preparesCommits() {
        return this != H2;
    }

    /** Refuses a transaction id that could not be written into SQL as it is. */
    static void checkTxId(String txId) {
        if (txId == null || txId.isEmpty() || txId.length() > 64 || !txId.matches("[A-Za-z0-9:-]+")) {
            throw new IllegalArgumentException("A prepared transaction's id is 1 to 64 letters, digits, ':' or '-', not '"
                    + txId + "'");
        }
    }

    /**
     * Whether a prepared part must be decided on the connection that prepared it while that is open:
     * MariaDB answers XAER_NOTA to an XA COMMIT from any other connection until the preparing one
     * has gone, and a connection that goes while another decides its part can leave the part
     * prepared in InnoDB yet unknown to XA RECOVER, holding its locks until the server restarts.
     */
    boolean decidesOnPreparingConnection() {
        return this == MARIADB;
    }

    /**
     * True for MariaDB's answer to deciding a part whose preparing connection is still open, or
     * still closing after its process died (XAER_NOTA although XA RECOVER lists it).
     */
    boolean heldByAnotherConnection(SQLException e) {
        return this == MARIADB && (e.getErrorCode() == 1397 || "XAE04".equals(e.getSQLState()));
    }

    /** Starts the transaction a prepared part is written in (MariaDB names it first: XA START). */
    void beginPrepared(Connection c, String txId) throws SQLException {
        if (this == MARIADB) {
            execute(c, "XA START '" + txId + "'");
        }
    }

    /** Ends the transaction of a part as prepared: durable, undecided, holding its locks. */
    void prepare(Connection c, String txId) throws SQLException {
        switch (this) {
            case POSTGRESQL -> execute(c, "PREPARE TRANSACTION '" + txId + "'");
            case MARIADB -> {
                execute(c, "XA END '" + txId + "'");
                execute(c, "XA PREPARE '" + txId + "'");
            }
            default -> throw new SQLException(product + " cannot prepare transactions");
        }
    }

    /**
     * Gives up a part that failed before it was prepared, so that the connection can roll back and
     * be used again (MariaDB keeps an XA transaction open through a plain ROLLBACK). Quiet: the
     * failure that led here is the one to report.
     */
    void abandonPrepared(Connection c, String txId) {
        if (this != MARIADB) {
            return;
        }
        try {
            execute(c, "XA END '" + txId + "'");
        } catch (SQLException e) {
            // ended already, or never started
        }
        try {
            execute(c, "XA ROLLBACK '" + txId + "'");
        } catch (SQLException e) {
            // nothing to roll back
        }
    }

    void commitPrepared(Connection c, String txId) throws SQLException {
        execute(c, (this == MARIADB ? "XA COMMIT '" : "COMMIT PREPARED '") + txId + "'");
    }

    void rollbackPrepared(Connection c, String txId) throws SQLException {
        execute(c, (this == MARIADB ? "XA ROLLBACK '" : "ROLLBACK PREPARED '") + txId + "'");
    }

    /** The ids of the transactions prepared in this database and not yet decided. */
    List<String> preparedIds(Connection c) throws SQLException {
        String sql = switch (this) {
            case POSTGRESQL -> "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()";
            case MARIADB -> "XA RECOVER";
            default -> null;
        };
        List<String> ids = new java.util.ArrayList<>();
        if (sql == null) {
            return ids;
        }
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(sql)) {
            while (r.next()) {
                ids.add(r.getString(this == MARIADB ? "data" : "gid"));
            }
        }
        return ids;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Session settings for each new connection. */
    void initConnection(Connection c) throws SQLException {
    }

    /** Prepares a statement that reads many record copies (binary columns) at once. */
    void readsCopies(PreparedStatement s) throws SQLException {
    }

    /**
     * True if REPEATABLE READ gives one snapshot for a whole transaction. H2's lets rows committed
     * meanwhile appear (and its SERIALIZABLE deadlocks with concurrent commits), so for H2 the store
     * keeps whole-tree reads and commits apart itself: an embedded database has only this process.
     */
    boolean readsOneSnapshot() {
        return this != H2;
    }

    void bindUuid(PreparedStatement s, int i, UUID id) throws SQLException {
        s.setObject(i, id);
    }

    /**
     * A condition that the column holds one of {@code n} ids, bound by {@link #bindIds}: an IN list
     * here, one array parameter where the database has arrays (binding thousands of parameters
     * costs more than the query).
     */
    String inIds(String column, int n) {
        return bindsIdArrays() ? column + " = ANY(?)" : column + " IN (" + StoreContext.placeholders(n) + ")";
    }

    /** Binds the ids of {@link #inIds} from parameter {@code i}; returns the next parameter's index. */
    int bindIds(PreparedStatement s, int i, List<ObjectId> ids) throws SQLException {
        if (bindsIdArrays()) {
            UUID[] values = new UUID[ids.size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = ids.get(k).value();
            }
            bindUuidArray(s, i, values);
            return i + 1;
        }
        for (ObjectId id : ids) {
            bindUuid(s, i++, id.value());
        }
        return i;
    }

    /** How many ids one {@link #inIds} condition takes at most. */
    int idsPerStatement() {
        return bindsIdArrays() ? 50_000 : 500;
    }

    /** True if the database compares a column with an array parameter ({@code = ANY(?)}). */
    boolean bindsIdArrays() {
        return false;
    }

    void bindUuidArray(PreparedStatement s, int i, UUID[] ids) throws SQLException {
        s.setObject(i, ids);
    }

    UUID readUuid(ResultSet r, int i) throws SQLException {
        return r.getObject(i, UUID.class);
    }

    void bindDate(PreparedStatement s, int i, Date d) throws SQLException {
        s.setObject(i, OffsetDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC));
    }

    Date readDate(ResultSet r, int i) throws SQLException {
        OffsetDateTime t = r.getObject(i, OffsetDateTime.class);
        return t == null ? null : Date.from(t.toInstant());
    }
}
