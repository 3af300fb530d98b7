package dev.strata.store.jdbc.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;

/**
 * What a failed statement means for the store: a broken unique index, a transaction worth running
 * again, a lost connection. By SQL state, and by MariaDB's own error codes where its states say less.
 */
final class SqlErrors {

    /** MariaDB: duplicate key; deadlock; lock wait timeout. */
    private static final int MARIADB_DUPLICATE = 1062, MARIADB_DEADLOCK = 1213, MARIADB_LOCK_WAIT = 1205;

    private SqlErrors() {
    }

    /** The error behind a failed batch (drivers report the batch, and chain the reason). */
    static SQLException reason(SQLException e) {
        return e.getNextException() != null ? e.getNextException() : e;
    }

    static boolean isUniqueViolation(Dialect dialect, SQLException e) {
        return dialect == Dialect.MARIADB && reason(e).getErrorCode() == MARIADB_DUPLICATE
                || "23505".equals(reason(e).getSQLState()) || "23505".equals(e.getSQLState());
    }

    /** Deadlocks and serialization failures: the transaction may simply be run again. */
    static boolean isRetryable(Dialect dialect, SQLException e) {
        int code = reason(e).getErrorCode();
        if (dialect == Dialect.MARIADB && (code == MARIADB_DEADLOCK || code == MARIADB_LOCK_WAIT)) {
            return true;
        }
        String state = reason(e).getSQLState();
        return state != null && (state.equals("40001") || state.equals("40P01"));
    }

    /** The connection is gone (network, server restart, terminated backend). */
    static boolean isConnectionLost(SQLException e) {
        e = reason(e);
        String state = e.getSQLState();
        return e instanceof SQLNonTransientConnectionException || e instanceof SQLRecoverableException
                || state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03"));
    }
}
