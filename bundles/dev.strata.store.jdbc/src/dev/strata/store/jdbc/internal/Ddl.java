package dev.strata.store.jdbc.internal;

/** The statements that create and rename schemas, tables and columns, as each database spells them. */
final class Ddl {

    private Ddl() {
    }

    /** What follows the column list of a CREATE TABLE. */
    static String tableOptions(Dialect dialect) {
        // Binary, no-pad collation compares strings exactly as Java does (case, accents and
        // trailing blanks matter).
        return dialect == Dialect.MARIADB ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin" : "";
    }

    static String createSchema(Dialect dialect, String schema) {
        return dialect == Dialect.MARIADB
                ? "CREATE DATABASE IF NOT EXISTS " + dialect.quote(schema) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin"
                : "CREATE SCHEMA IF NOT EXISTS " + dialect.quote(schema);
    }

    static String renameColumn(Dialect dialect, String table, String from, String to) {
        String alter = "ALTER TABLE " + dialect.quote(table);
        return dialect == Dialect.H2 ? alter + " ALTER COLUMN " + dialect.quote(from) + " RENAME TO " + dialect.quote(to)
                : alter + " RENAME COLUMN " + dialect.quote(from) + " TO " + dialect.quote(to);
    }

    static String renameTable(Dialect dialect, String from, String to) {
        return dialect == Dialect.MARIADB ? "RENAME TABLE " + dialect.quote(from) + " TO " + dialect.quote(to)
                : "ALTER TABLE " + dialect.quote(from) + " RENAME TO " + dialect.quote(to);
    }
}
