package dev.strata.store.jdbc.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
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

import dev.strata.core.ExternalRef;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.TypeRef;
import dev.strata.core.UriRef;
import dev.strata.core.ObjectId;
import dev.strata.core.StoreException;

/** What differs between the databases Strata supports: types, quoting, drivers and error codes. */
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
        String type(ValueKind kind, boolean indexed) {
            return switch (kind) {
                // Byte order ("C"), as Java compares strings, whatever the database's locale.
                case STRING, ENTRY -> "TEXT COLLATE \"C\"";
                case BYTE -> "SMALLINT";
                case BIG_INTEGER, BIG_DECIMAL -> "NUMERIC";
                case BYTES -> "BYTEA";
                default -> super.type(kind, indexed);
            };
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
        String type(ValueKind kind, boolean indexed) {
            return switch (kind) {
                // Index keys are limited to 3072 bytes: 768 four-byte characters.
                case STRING -> indexed ? "VARCHAR(768)" : "LONGTEXT";
                case ENTRY -> "LONGTEXT";
                // MariaDB sends FLOAT values as text rounded to six digits; a DOUBLE holds every float exactly.
                case FLOAT -> "DOUBLE";
                case BIG_INTEGER -> "DECIMAL(65,0)";
                case BIG_DECIMAL -> "VARCHAR(400)";
                case DATE -> "DATETIME(3)";
                case BYTES -> "LONGBLOB";
                default -> super.type(kind, indexed);
            };
        }

        @Override
        String tableOptions() {
            // Binary, no-pad collation compares strings exactly as Java does (case, accents and
            // trailing blanks matter).
            return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin";
        }

        @Override
        String createSchema(String schema) {
            return "CREATE DATABASE IF NOT EXISTS " + quote(schema) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin";
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

        @Override
        boolean isUniqueViolation(SQLException e) {
            return reason(e).getErrorCode() == 1062 || super.isUniqueViolation(e);
        }

        @Override
        boolean isRetryable(SQLException e) {
            return reason(e).getErrorCode() == 1213 || reason(e).getErrorCode() == 1205 || super.isRetryable(e);
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

    String type(ValueKind kind, boolean indexed) {
        return switch (kind) {
            case STRING, ENTRY -> "CHARACTER VARYING";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case SHORT -> "SMALLINT";
            case BYTE -> "TINYINT";
            // The UTF-16 code: PostgreSQL text cannot hold U+0000, EMF's default char.
            case CHAR -> "INTEGER";
            case FLOAT -> "REAL";
            case DOUBLE -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case BIG_INTEGER -> "NUMERIC(1000,0)";
            // Kept as text where NUMERIC would change the scale (1.50 must come back as 1.50).
            case BIG_DECIMAL -> "VARCHAR(1000)";
            case DATE -> "TIMESTAMP(3) WITH TIME ZONE";
            case BYTES -> "VARBINARY";
            case REF -> "VARCHAR(200)";
        };
    }

    /** The type of id, container and owner columns. */
    String uuidType() {
        return "UUID";
    }

    String tableOptions() {
        return "";
    }

    String createSchema(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
    }

    String renameColumn(String table, String from, String to) {
        return this == H2 ? "ALTER TABLE " + quote(table) + " ALTER COLUMN " + quote(from) + " RENAME TO " + quote(to)
                : "ALTER TABLE " + quote(table) + " RENAME COLUMN " + quote(from) + " TO " + quote(to);
    }

    String renameTable(String from, String to) {
        return this == MARIADB ? "RENAME TABLE " + quote(from) + " TO " + quote(to)
                : "ALTER TABLE " + quote(from) + " RENAME TO " + quote(to);
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

    /**
     * Takes the database's lock named so (waiting for another process that holds it). PostgreSQL
     * releases it with the transaction; MariaDB needs {@link #unlockSchema}; H2 has one process.
     */
    void lockSchema(Connection c, String name) throws SQLException {
        switch (this) {
            case POSTGRESQL -> {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    s.setLong(1, name.hashCode() * 31L + 0x5354524154L);
                    s.execute();
                }
            }
            case MARIADB -> {
                try (PreparedStatement s = c.prepareStatement("SELECT GET_LOCK(?, 120)")) {
                    s.setString(1, name);
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next() || r.getInt(1) != 1) {
                            throw new SQLException("Another process held the lock on " + name + " for 120 s", "55P03");
                        }
                    }
                }
            }
            default -> { }
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

    /** Session settings for each new connection. */
    void initConnection(Connection c) throws SQLException {
    }

    /**
     * True if REPEATABLE READ gives one snapshot for a whole transaction. H2's lets rows committed
     * meanwhile appear (and its SERIALIZABLE deadlocks with concurrent commits), so for H2 the store
     * keeps whole-tree reads and commits apart itself: an embedded database has only this process.
     */
    /** Prepares a statement that reads many record copies (binary columns) at once. */
    void readsCopies(PreparedStatement s) throws SQLException {
    }

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
        return bindsIdArrays() ? column + " = ANY(?)"
                : column + " IN (" + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
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

    /** The error behind a failed batch (drivers report the batch, and chain the reason). */
    static SQLException reason(SQLException e) {
        return e.getNextException() != null ? e.getNextException() : e;
    }

    boolean isUniqueViolation(SQLException e) {
        return "23505".equals(reason(e).getSQLState()) || "23505".equals(e.getSQLState());
    }

    /** Deadlocks and serialization failures: the transaction may simply be run again. */
    boolean isRetryable(SQLException e) {
        String state = reason(e).getSQLState();
        return state != null && (state.equals("40001") || state.equals("40P01"));
    }

    /** The connection is gone (network, server restart, terminated backend). */
    boolean isConnectionLost(SQLException e) {
        e = reason(e);
        String state = e.getSQLState();
        return e instanceof java.sql.SQLNonTransientConnectionException || e instanceof java.sql.SQLRecoverableException
                || state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03"));
    }

    // ------------------------------------------------------------------ values

    /** Binds a record value (null allowed) to a parameter of a column of this kind. */
    void bind(PreparedStatement s, int i, ValueKind kind, Object value) throws SQLException {
        if (value == null) {
            s.setNull(i, sqlType(kind));
            return;
        }
        switch (kind) {
            case STRING -> s.setString(i, value.toString());
            case INT -> s.setInt(i, (Integer) value);
            case LONG -> s.setLong(i, (Long) value);
            case SHORT -> s.setShort(i, (Short) value);
            case BYTE -> s.setByte(i, (Byte) value);
            case CHAR -> s.setInt(i, (Character) value);
            case FLOAT -> s.setFloat(i, (Float) value);
            case DOUBLE -> s.setDouble(i, (Double) value);
            case BOOLEAN -> s.setBoolean(i, (Boolean) value);
            case BIG_INTEGER -> s.setBigDecimal(i, new BigDecimal((BigInteger) value));
            case BIG_DECIMAL -> {
                if (keepsDecimalScale()) {
                    s.setBigDecimal(i, (BigDecimal) value);
                } else {
                    s.setString(i, ((BigDecimal) value).toString());
                }
            }
            case DATE -> bindDate(s, i, (Date) value);
            case BYTES -> s.setBytes(i, (byte[]) value);
            case REF -> s.setString(i, refText(value));
            case ENTRY -> s.setString(i, entryText((FeatureMapEntry) value));
        }
    }

    /** Reads a value of a column of this kind as a record holds it (null for SQL NULL). */
    Object read(ResultSet r, int i, ValueKind kind) throws SQLException {
        Object v = switch (kind) {
            case STRING -> r.getString(i);
            case INT -> r.getInt(i);
            case LONG -> r.getLong(i);
            case SHORT -> r.getShort(i);
            case BYTE -> r.getByte(i);
            case CHAR -> (char) r.getInt(i);
            case FLOAT -> r.getFloat(i);
            case DOUBLE -> r.getDouble(i);
            case BOOLEAN -> r.getBoolean(i);
            case BIG_INTEGER -> {
                BigDecimal d = r.getBigDecimal(i);
                yield d == null ? null : d.toBigIntegerExact();
            }
            case BIG_DECIMAL -> {
                if (keepsDecimalScale()) {
                    yield r.getBigDecimal(i);
                }
                String s = r.getString(i);
                yield s == null ? null : new BigDecimal(s);
            }
            case DATE -> readDate(r, i);
            case BYTES -> r.getBytes(i);
            case REF -> {
                String s = r.getString(i);
                yield s == null ? null : parseRef(s);
            }
            case ENTRY -> {
                String s = r.getString(i);
                yield s == null ? null : parseEntry(s);
            }
        };
        return r.wasNull() ? null : v;
    }

    private int sqlType(ValueKind kind) {
        return switch (kind) {
            case STRING, REF, ENTRY -> java.sql.Types.VARCHAR;
            case INT, CHAR -> java.sql.Types.INTEGER;
            case LONG -> java.sql.Types.BIGINT;
            case SHORT -> java.sql.Types.SMALLINT;
            case BYTE -> java.sql.Types.SMALLINT;
            case FLOAT -> java.sql.Types.REAL;
            case DOUBLE -> java.sql.Types.DOUBLE;
            case BOOLEAN -> java.sql.Types.BOOLEAN;
            case BIG_INTEGER -> java.sql.Types.NUMERIC;
            case BIG_DECIMAL -> keepsDecimalScale() ? java.sql.Types.NUMERIC : java.sql.Types.VARCHAR;
            case DATE -> java.sql.Types.TIMESTAMP_WITH_TIMEZONE;
            case BYTES -> java.sql.Types.VARBINARY;
        };
    }

    /**
     * A reference as text: the object id, {@code store:id} for an object in another store, or
     * {@code <nsURI#Class>uri} for an object outside Strata (store names never start with '<').
     */
    static String refText(Object value) {
        if (value instanceof ObjectId id) {
            return id.toString();
        }
        if (value instanceof ExternalRef ref) {
            return ref.store() + ":" + ref.id();
        }
        if (value instanceof UriRef ref) {
            return "<" + ref.type() + ">" + ref.uri();
        }
        throw new IllegalArgumentException("not a reference: " + value);
    }

    /**
     * A feature map entry as text: the kind of its value, the feature's key and the value's text,
     * separated by single spaces (neither a kind nor a key holds a space); {@code NULL key } for
     * an entry without a value.
     */
    static String entryText(FeatureMapEntry entry) {
        Object v = entry.value();
        ValueKind kind = v == null ? null
                : v instanceof ObjectId || v instanceof ExternalRef || v instanceof UriRef ? ValueKind.REF
                : ValueKind.ofValue(v);
        String text = switch (kind) {
            case null -> "";
            case REF -> refText(v);
            case DATE -> Long.toString(((Date) v).getTime());
            case BYTES -> java.util.Base64.getEncoder().encodeToString((byte[]) v);
            default -> v.toString();
        };
        return (kind == null ? "NULL" : kind.name()) + " " + entry.feature() + " " + text;
    }

    static FeatureMapEntry parseEntry(String text) {
        int a = text.indexOf(' ');
        int b = a < 0 ? -1 : text.indexOf(' ', a + 1);
        if (b < 0) {
            throw new IllegalArgumentException("Malformed feature map entry '" + text + "'");
        }
        String kind = text.substring(0, a);
        String v = text.substring(b + 1);
        Object value = switch (kind) {
            case "NULL" -> null;
            case "REF" -> parseRef(v);
            case "STRING" -> v;
            case "INT" -> Integer.valueOf(v);
            case "LONG" -> Long.valueOf(v);
            case "SHORT" -> Short.valueOf(v);
            case "BYTE" -> Byte.valueOf(v);
            case "CHAR" -> v.charAt(0);
            case "FLOAT" -> Float.valueOf(v);
            case "DOUBLE" -> Double.valueOf(v);
            case "BOOLEAN" -> Boolean.valueOf(v);
            case "BIG_INTEGER" -> new BigInteger(v);
            case "BIG_DECIMAL" -> new BigDecimal(v);
            case "DATE" -> new Date(Long.parseLong(v));
            case "BYTES" -> java.util.Base64.getDecoder().decode(v);
            default -> throw new IllegalArgumentException("Malformed feature map entry '" + text + "'");
        };
        return new FeatureMapEntry(text.substring(a + 1, b), value);
    }

    static Object parseRef(String text) {
        if (text.startsWith("<")) {
            int end = text.indexOf('>');
            int hash = text.lastIndexOf('#', end);
            if (end < 0 || hash < 0) {
                throw new IllegalArgumentException("Malformed URI reference '" + text + "'");
            }
            return new UriRef(text.substring(end + 1),
                    new TypeRef(text.substring(1, hash), text.substring(hash + 1, end)));
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return ObjectId.parse(text);
        }
        return new ExternalRef(text.substring(0, colon), ObjectId.parse(text.substring(colon + 1)));
    }
}
