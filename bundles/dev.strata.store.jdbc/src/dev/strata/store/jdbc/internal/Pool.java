package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.strata.core.StoreException;
import dev.strata.store.jdbc.JdbcStoreOptions;

/**
 * A small bounded pool: a handful of long-lived connections, handed out one per operation. Broken
 * connections are dropped and replaced on demand.
 */
final class Pool implements AutoCloseable {

    private static final long WAIT_SECONDS = 30;

    private final String store;
    private final Dialect dialect;
    private final JdbcStoreOptions options;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private int open;
    private boolean closed;

    Pool(String store, Dialect dialect, JdbcStoreOptions options) {
        this.store = store;
        this.dialect = dialect;
        this.options = options;
    }

    /** A new connection outside the pool (for listening to notifications), in the store's schema. */
    Connection connect() throws SQLException {
        Connection c = unplaced();
        try {
            place(c);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Creates the store's schema on a first connection, which then enters it and joins the pool:
     * opening a store costs one connection, not one more for the schema.
     */
    void createSchema(String ddl) throws SQLException {
        Connection c = unplaced();
        try {
            try (Statement s = c.createStatement()) {
                s.execute(ddl);
            }
            place(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        synchronized (this) {
            if (closed || open >= options.poolSize()) {
                closeQuietly(c);
                return;
            }
            open++;
            idle.addLast(c);
            notifyAll();
        }
    }

    /** A connection to the database, not yet in the store's schema. */
    private Connection unplaced() throws SQLException {
        Properties p = dialect.connectionProperties();
        if (!options.user().isEmpty()) {
            p.setProperty("user", options.user());
        }
        if (!options.password().isEmpty()) {
            p.setProperty("password", options.password());
        }
        if (dialect == Dialect.POSTGRESQL) {
            // Lets an administrator see (and a test find) Strata's connections in pg_stat_activity.
            p.setProperty("ApplicationName", "strata:" + store);
        }
        Connection c = dialect.driver().connect(options.url(), p);
        if (c == null) {
            throw new SQLException("The " + dialect.product() + " driver does not accept URL " + options.url());
        }
        return c;
    }

    private void place(Connection c) throws SQLException {
        if (!options.schema().isEmpty()) {
            if (dialect == Dialect.MARIADB) {
                c.setCatalog(options.schema());
            } else {
                c.setSchema(options.schema());
            }
        }
        dialect.initConnection(c);
        c.setAutoCommit(true);
    }

    Connection take() throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new StoreException("Store '" + store + "' is closed");
                }
                Connection c = idle.pollLast();
                if (c != null) {
                    return c;
                }
                if (open < options.poolSize()) {
                    open++;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StoreException("Store '" + store + "': all " + options.poolSize()
                            + " database connections stayed busy for " + WAIT_SECONDS + " s; raise the pool size");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("Interrupted waiting for a connection of store '" + store + "'", e);
                }
            }
        }
        try {
            return connect();
        } catch (SQLException | RuntimeException e) {
            synchronized (this) {
                open--;
                notifyAll();
            }
            throw e;
        }
    }

    /** Returns a connection; a broken one is closed and its place freed. */
    void give(Connection c, boolean broken) {
        boolean keep = !broken;
        if (keep) {
            try {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                keep = false;
            }
        }
        synchronized (this) {
            if (keep && !closed) {
                idle.addLast(c);
                notifyAll();
                return;
            }
            open--;
            notifyAll();
        }
        closeQuietly(c);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.forEach(Pool::closeQuietly);
            idle.clear();
            notifyAll();
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Nothing to save on a connection being thrown away.
        }
    }
}
