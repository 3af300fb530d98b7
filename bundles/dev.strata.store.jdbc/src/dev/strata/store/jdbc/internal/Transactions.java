package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

import dev.strata.core.StoreException;

/**
 * Connections and transactions: reads in auto-commit mode, reads as of one moment, writes and
 * schema changes in one transaction each, and commits retried on deadlocks and stale connections,
 * each under the locks it needs.
 */
final class Transactions {

    private static final System.Logger LOG = System.getLogger(Transactions.class.getName());

    /** Attempts at a commit that hit a deadlock or serialization failure. */
    private static final int ATTEMPTS = 4;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** How far a commit got: decides what a lost connection means. */
    enum Stage { NOTHING_SENT, WRITING, COMMITTING, DONE }

    /** The stage one attempt at a commit has reached; the attempt moves it on. */
    static final class Reached {
        Stage stage = Stage.NOTHING_SENT;
        /** Set by an attempt that keeps its connection (a part prepared on MariaDB): not given back. */
        boolean keepConnection;
    }

    /** One attempt at a commit, in a transaction of its own. */
    @FunctionalInterface
    interface Attempt<T> {
        T run(Connection c, Reached reached) throws SQLException;
    }

    /** What a commit makes of the failures that end it without another attempt. */
    interface Endings<T> {
        /** The transaction is rolled back; the connection is still open. */
        T uniqueViolation(Connection c, SQLException cause);

        /** The connection broke after the attempt reached the stage. */
        T connectionLost(SQLException cause, Stage stage);
    }

    private final StoreContext s;

    Transactions(StoreContext s) {
        this.s = s;
    }

    /** Runs reads on a pooled connection in auto-commit mode; a lost connection is retried once. */
    <T> T read(String what, Work<T> work) {
        s.checkOpen();
        s.schemaLock.readLock().lock();
        try {
            for (int attempt = 1; ; attempt++) {
                Connection c = s.pool.take();
                boolean broken = false;
                try {
                    return work.run(c);
                } catch (SQLException e) {
                    broken = SqlErrors.isConnectionLost(e);
                    if (broken && attempt == 1) {
                        continue;
                    }
                    throw s.failure(what, e);
                } catch (StoreException e) {
                    broken = e.getCause() instanceof SQLException sql && SqlErrors.isConnectionLost(sql);
                    throw e;
                } finally {
                    s.pool.give(c, broken);
                }
            }
        } catch (SQLException e) {
            throw s.failure(what, e);
        } finally {
            s.schemaLock.readLock().unlock();
        }
    }

    /**
     * Runs reads as of one moment, so that a concurrent commit is seen whole or not at all: in one
     * repeatable-read transaction, and where the database cannot give one snapshot, under the tree
     * lock that commits take alone.
     */
    <T> T readOneSnapshot(String what, Work<T> work) {
        // read() takes the schema lock; the tree lock comes second, in the same order as commits.
        return read(what, c -> {
            if (s.treeLock == null) {
                return inRepeatableRead(c, work);
            }
            s.treeLock.readLock().lock();
            try {
                return inRepeatableRead(c, work);
            } finally {
                s.treeLock.readLock().unlock();
            }
        });
    }

    private static <T> T inRepeatableRead(Connection c, Work<T> work) throws SQLException {
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            return work.run(c);
        } finally {
            c.rollback();
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(true);
        }
    }

    /** Runs work in one transaction; the caller holds whatever lock it needs. */
    <T> T write(String what, Work<T> work) {
        return write(what, work, false);
    }

    /** Runs work in one transaction under the schema lock shared with reads and commits. */
    <T> T writeSharingSchema(String what, Work<T> work) {
        s.schemaLock.readLock().lock();
        try {
            return write(what, work);
        } finally {
            s.schemaLock.readLock().unlock();
        }
    }

    /**
     * Runs a change of the tables in one transaction, holding the database's lock on this store's
     * schema so that two processes never change it at once; the mapping is reread first, as
     * another process may have changed it. This process's reads and commits wait only while it
     * changes the tables itself: while another process holds the database's lock, the in-process
     * lock is let go between tries (for up to {@link Dialect#SCHEMA_LOCK_WAIT_MS}).
     */
    <T> T writeSchema(String what, Work<T> work) {
        long deadline = System.nanoTime() + Dialect.SCHEMA_LOCK_WAIT_MS * 1_000_000;
        for (long pause = 10;; pause = Math.min(500, pause * 2)) {
            s.schemaLock.writeLock().lock();
            try {
                return write(what, c -> {
                    s.catalog.load(c);
                    return work.run(c);
                }, true);
            } catch (SchemaBusy busy) {
                // another process changes the tables: try again with the in-process lock let go
            } catch (RuntimeException e) {
                reloadCatalog();
                throw e;
            } finally {
                s.schemaLock.writeLock().unlock();
            }
            if (System.nanoTime() > deadline) {
                throw s.failure(what, Dialect.schemaLockHeld(schemaLockName()));
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Store '" + s.name + "': interrupted while " + what
                        + " waited for another process's change of the tables; nothing was changed", e);
            }
        }
    }

    /** The database's schema lock is another process's now; nothing was done. */
    private static final class SchemaBusy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SchemaBusy() {
            super(null, null, false, false);
        }
    }

    private <T> T write(String what, Work<T> work, boolean lockSchema) {
        s.checkOpen();
        Connection c;
        try {
            c = s.pool.take();
        } catch (SQLException e) {
            throw s.failure(what, e);
        }
        boolean broken = false;
        boolean locked = false;
        try {
            c.setAutoCommit(false);
            if (lockSchema) {
                if (!s.dialect.tryLockSchema(c, schemaLockName())) {
                    throw new SchemaBusy(); // rolled back below
                }
                locked = true;
            }
            T result = work.run(c);
            c.commit();
            s.dialect.afterCommit(c);
            return result;
        } catch (SQLException e) {
            broken = SqlErrors.isConnectionLost(e);
            rollbackQuietly(c);
            throw s.failure(what, e);
        } catch (RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            if (locked && !broken) {
                try {
                    s.dialect.unlockSchema(c, schemaLockName());
                } catch (SQLException e) {
                    broken = true; // a connection that cannot let go of the lock is not reused
                }
            }
            s.pool.give(c, broken);
        }
    }

    /** After a failed schema change the database is the truth (H2 and MariaDB commit DDL at once). */
    private void reloadCatalog() {
        try {
            write("reading the catalog", c -> {
                s.catalog.load(c);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Store '" + s.name + "': could not reread its catalog", e);
        }
    }

    /** Names the schema lock: one per database schema, whichever store name a process uses. */
    String schemaLockName() {
        return "strata:" + (s.options.schema().isEmpty() ? "default" : s.options.schema());
    }

    /**
     * Runs a commit's attempts under the schema lock shared with reads and, where the database
     * cannot read a tree as of one moment, the tree lock taken alone. A deadlock or serialization
     * failure is tried again, and so is a stale pooled connection before anything was sent.
     */
    <T> T commit(String what, Attempt<T> attempt, Endings<T> endings) {
        s.schemaLock.readLock().lock();
        if (s.treeLock != null) {
            s.treeLock.writeLock().lock();
        }
        try {
            return withRetries(what, attempt, endings);
        } finally {
            if (s.treeLock != null) {
                s.treeLock.writeLock().unlock();
            }
            s.schemaLock.readLock().unlock();
        }
    }

    private <T> T withRetries(String what, Attempt<T> work, Endings<T> endings) {
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = s.pool.take();
            } catch (SQLException e) {
                throw s.failure("connecting for " + what, e);
            }
            Reached reached = new Reached();
            SQLException lost = null;
            try {
                c.setAutoCommit(false);
                return work.run(c, reached);
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (SqlErrors.isConnectionLost(e)) {
                    lost = e;
                } else if (SqlErrors.isUniqueViolation(s.dialect, e)) {
                    return endings.uniqueViolation(c, e);
                } else if (SqlErrors.isRetryable(s.dialect, e) && attempt < ATTEMPTS) {
                    continue;
                } else {
                    throw s.failure(what, e);
                }
            } catch (RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                // A dead connection goes back (and away) before anything else needs one.
                if (!reached.keepConnection) {
                    s.pool.give(c, lost != null);
                }
            }
            if (reached.stage == Stage.NOTHING_SENT && attempt < ATTEMPTS) {
                continue; // a stale pooled connection: nothing was sent, try a fresh one
            }
            return endings.connectionLost(lost, reached.stage);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The transaction is gone with the connection.
        }
    }
}
