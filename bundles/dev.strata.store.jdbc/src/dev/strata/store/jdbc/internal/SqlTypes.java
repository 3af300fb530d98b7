package dev.strata.store.jdbc.internal;

import java.sql.Types;

/** The SQL types of value columns per database, and the JDBC types their parameters are bound as. */
final class SqlTypes {

    /** The type of id, container and owner columns: every supported database has one for UUIDs. */
    static final String ID = "UUID";

    private SqlTypes() {
    }

    /** The column type for values of this kind; an indexed column may need a shorter type. */
    static String column(Dialect dialect, ValueKind kind, boolean indexed) {
        return switch (dialect) {
            case H2 -> standard(kind);
            case POSTGRESQL -> switch (kind) {
                // Byte order ("C"), as Java compares strings, whatever the database's locale.
                case STRING, ENTRY -> "TEXT COLLATE \"C\"";
                case BYTE -> "SMALLINT";
                case BIG_INTEGER, BIG_DECIMAL -> "NUMERIC";
                case BYTES -> "BYTEA";
                default -> standard(kind);
            };
            case MARIADB -> switch (kind) {
                // Index keys are limited to 3072 bytes: 768 four-byte characters.
                case STRING -> indexed ? "VARCHAR(768)" : "LONGTEXT";
                case ENTRY -> "LONGTEXT";
                // MariaDB sends FLOAT values as text rounded to six digits; a DOUBLE holds every float exactly.
                case FLOAT -> "DOUBLE";
                case BIG_INTEGER -> "DECIMAL(65,0)";
                case BIG_DECIMAL -> "VARCHAR(400)";
                case DATE -> "DATETIME(3)";
                case BYTES -> "LONGBLOB";
                default -> standard(kind);
            };
        };
    }

    /** The SQL standard's types, as H2 takes them. */
    private static String standard(ValueKind kind) {
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

    /** The {@link Types} code a null of this kind is bound as. */
    static int jdbc(Dialect dialect, ValueKind kind) {
        return switch (kind) {
            case STRING, REF, ENTRY -> Types.VARCHAR;
            case INT, CHAR -> Types.INTEGER;
            case LONG -> Types.BIGINT;
            case SHORT -> Types.SMALLINT;
            case BYTE -> Types.SMALLINT;
            case FLOAT -> Types.REAL;
            case DOUBLE -> Types.DOUBLE;
            case BOOLEAN -> Types.BOOLEAN;
            case BIG_INTEGER -> Types.NUMERIC;
            case BIG_DECIMAL -> dialect.keepsDecimalScale() ? Types.NUMERIC : Types.VARCHAR;
            case DATE -> Types.TIMESTAMP_WITH_TIMEZONE;
            case BYTES -> Types.VARBINARY;
        };
    }
}
