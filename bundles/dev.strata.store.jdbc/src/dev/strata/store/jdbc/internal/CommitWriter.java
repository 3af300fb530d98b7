package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.ObjectExistsException;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.VetoException;
import dev.strata.core.store.UniqueClaims;
import dev.strata.store.jdbc.internal.Catalog.ClassTable;
import dev.strata.store.jdbc.internal.Catalog.Feature;
import dev.strata.store.jdbc.internal.Transactions.Reached;
import dev.strata.store.jdbc.internal.Transactions.Stage;

/**
 * Commits a change set in one transaction: checked against the model, then the version-checked
 * writes, then the rest of the rows, the next number from the commit counter and the log entry.
 * A commit that fails is explained: conflicts with the versions stored now, the unique rule it
 * broke, or whether it was applied when the connection broke.
 */
final class CommitWriter {

    private static final System.Logger LOG = System.getLogger(CommitWriter.class.getName());

    private final StoreContext s;
    private final Transactions tx;
    private final RecordReader records;
    private final TableReader tables;
    private final CommitLog log;
    private final CreatedRows createdRows;
    private final ChangedRows changedRows;
    private final EventAdmin events;
    /** The sessions' explicit locks, which every commit is checked against. */
    final JdbcLocks locks;

    CommitWriter(StoreContext s, Transactions tx, RecordReader records, TableReader tables, CommitLog log,
            EventAdmin events) {
        this.s = s;
        this.tx = tx;
        this.records = records;
        this.tables = tables;
        this.log = log;
        this.createdRows = new CreatedRows(s);
        this.changedRows = new ChangedRows(s, createdRows);
        this.events = events;
        this.locks = new JdbcLocks(s, tx);
    }

    CommitResult commit(ChangeSet given) {
        return commit(given, null);
    }

    /**
     * Commits, or with a transaction id prepares: the change set is written as by a commit, then left
     * prepared in the database (PostgreSQL's PREPARE TRANSACTION, MariaDB's XA PREPARE) until
     * {@link #commitPrepared} or {@link #rollbackPrepared} decide it, from this process or another.
     */
    private CommitResult commit(ChangeSet given, String txId) {
        s.checkOpen();
        ChangeSet changes = s.check.check(given, records::loadAll);
        String what = (txId == null ? "commit " : "prepare " + txId + " of commit ") + changes.commitId();
        CommitResult result = tx.commit(what, (c, reached) -> write(c, changes, reached, txId),
                new Transactions.Endings<>() {
                    @Override
                    public CommitResult uniqueViolation(Connection c, SQLException cause) {
                        return explainUniqueViolation(c, changes, cause);
                    }

                    @Override
                    public CommitResult connectionLost(SQLException cause, Stage stage) {
                        return afterLostConnection(changes, cause, stage);
                    }
                });
        if (txId != null) {
            if (!result.duplicate()) {
                prepared.put(txId, new Prepared(changes, result));
            }
        } else if (events != null && !result.duplicate()) {
            events.postEvent(CommitEvents.of(s.name, changes, result));
        }
        return result;
    }

    /** A part prepared by this process, announced once it is committed. */
    private record Prepared(ChangeSet changes, CommitResult result) {
    }

    private final Map<String, Prepared> prepared = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The connections parts were prepared on, where the database decides a part there (MariaDB):
     * out of the pool until the part is decided on it (whoever removes one decides on it).
     */
    private final Map<String, Connection> preparedOn = new java.util.concurrent.ConcurrentHashMap<>();

    CommitResult prepare(ChangeSet given, String txId) {
        if (!s.dialect.preparesCommits()) {
            throw new StoreException("Store '" + s.name + "': " + s.dialect.product()
                    + " cannot hold a prepared transaction for a commit across stores; use PostgreSQL or MariaDB");
        }
        Dialect.checkTxId(txId);
        return commit(given, txId);
    }

    /** Applies a prepared part; returns its sequence when this process prepared it, else -1. */
    long commitPrepared(String txId) {
        Dialect.checkTxId(txId);
        Prepared p = prepared.get(txId);
        if (!decideOnOwn(p, txId, true)) {
            decideAnywhere(txId, p);
        }
        prepared.remove(txId);
        if (p == null) {
            return -1;
        }
        if (events != null) {
            events.postEvent(CommitEvents.of(s.name, p.changes(), p.result()));
        }
        return p.result().sequence();
    }

    /**
     * Commits or rolls back a part on the connection that prepared it, then gives the connection
     * back. False if this process holds no such connection, or it failed: the connection is then
     * closed, which leaves the part to any connection (recovery, or the caller's next step).
     */
    private boolean decideOnOwn(Prepared p, String txId, boolean commit) {
        Connection own = preparedOn.remove(txId);
        if (own == null) {
            return false;
        }
        boolean decided = false;
        try {
            if (commit) {
                s.dialect.commitPrepared(own, txId);
            } else {
                s.dialect.rollbackPrepared(own, txId);
            }
            decided = true;
            own.setAutoCommit(true);
            if (commit && p != null) {
                log.announce(own, p.result().sequence());
            }
            s.pool.give(own, false);
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "Store '" + s.name + "': deciding prepared part " + txId
                    + " on its own connection failed (" + e.getMessage() + ")" + (decided ? "" : "; deciding it on another"));
            s.pool.give(own, true);
        }
        return decided;
    }

    private void decideAnywhere(String txId, Prepared p) {
        // In auto-commit mode: PostgreSQL refuses COMMIT PREPARED inside a transaction block.
        tx.read("commit prepared " + txId, c -> {
            if (decideListed(c, txId, true) && p != null) {
                log.announce(c, p.result().sequence());
            }
            return null;
        });
    }

    /** How long a part still held by a closing connection (MariaDB) is waited for. */
    private static final long HELD_WAIT_MS = 10_000;

    /**
     * Decides a part if the database lists it as prepared; false if it does not (decided already).
     * A part whose preparing connection is still going away (its process killed a moment ago) is
     * refused by MariaDB until the server has let that connection go: tried again for a while.
     */
    private boolean decideListed(Connection c, String txId, boolean commit) throws SQLException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(HELD_WAIT_MS);
        while (true) {
            if (!s.dialect.preparedIds(c).contains(txId)) {
                return false;
            }
            try {
                if (commit) {
                    s.dialect.commitPrepared(c, txId);
                } else {
                    s.dialect.rollbackPrepared(c, txId);
                }
                return true;
            } catch (SQLException e) {
                if (!s.dialect.heldByAnotherConnection(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    void rollbackPrepared(String txId) {
        Dialect.checkTxId(txId);
        if (decideOnOwn(prepared.get(txId), txId, false)) {
            prepared.remove(txId);
            return;
        }
        tx.read("roll back prepared " + txId, c -> decideListed(c, txId, false));
        prepared.remove(txId);
    }

    /**
     * Lets go of the connections of parts still undecided (the store closes): each part stays
     * prepared in the database, for recovery to decide from any connection.
     */
    void releasePrepared() {
        for (String txId : List.copyOf(preparedOn.keySet())) {
            Connection c = preparedOn.remove(txId);
            if (c != null) {
                s.pool.give(c, true);
            }
        }
    }

    List<String> preparedIds(String prefix) {
        if (!s.dialect.preparesCommits()) {
            return List.of();
        }
        return tx.read("listing prepared transactions", c -> s.dialect.preparedIds(c)).stream()
                .filter(id -> id.startsWith(prefix)).toList();
    }

    private CommitResult write(Connection c, ChangeSet changes, Reached reached, String txId) throws SQLException {
        if (txId == null) {
            return write(c, changes, reached, (String) null, false);
        }
        s.dialect.beginPrepared(c, txId);
        boolean done = false;
        try {
            CommitResult result = write(c, changes, reached, txId, true);
            done = !result.duplicate();
            return result;
        } finally {
            if (!done) {
                s.dialect.abandonPrepared(c, txId);
            }
        }
    }

    private CommitResult write(Connection c, ChangeSet changes, Reached reached, String txId, boolean prepare)
            throws SQLException {
        Long earlier = log.sequenceOf(c, changes.commitId());
        if (earlier != null) {
            return Summary.result(changes, earlier, true);
        }
        reached.stage = Stage.WRITING;
        // One lock order for all writers: fewer deadlocks.
        List<ChangeSet.Change> changed = new ArrayList<>(changes.changed());
        changed.sort(Comparator.comparing(ChangeSet.Change::id));
        List<ChangeSet.Deletion> deleted = new ArrayList<>(changes.deleted());
        deleted.sort(Comparator.comparing(ChangeSet.Deletion::id));
        List<ConflictException.Conflict> conflicts = new ArrayList<>(changedRows.update(c, changed));
        conflicts.addAll(changedRows.delete(c, deleted));
        if (!conflicts.isEmpty()) {
            if (prepare) {
                s.dialect.abandonPrepared(c, txId);
            }
            c.rollback();
            throw new ConflictException(s.name, withActualVersions(c, conflicts));
        }
        changedRows.settle(c, changed);
        long seq = CommitLog.nextSequence(c);
        locks.check(c, changes); // under the counter's lock, as locks are taken (a refusal rolls back)
        createdRows.insert(c, changes.created(), seq);
        log.append(c, changes, seq);
        if (prepare) {
            // Announced when committed: PostgreSQL refuses to prepare a transaction that notified.
            reached.stage = Stage.COMMITTING;
            s.dialect.prepare(c, txId);
            reached.stage = Stage.DONE;
            if (s.dialect.decidesOnPreparingConnection()) {
                reached.keepConnection = true; // decided on it (commitPrepared, rollbackPrepared, close)
                preparedOn.put(txId, c);
            }
            return Summary.result(changes, seq, false);
        }
        log.announce(c, seq);
        reached.stage = Stage.COMMITTING;
        c.commit();
        reached.stage = Stage.DONE;
        try {
            s.dialect.afterCommit(c);
        } catch (SQLException e) {
            // The commit is applied; only forcing it to disk failed. Reporting it as failed would
            // make a retry look like a duplicate and hide the commit from listeners.
            LOG.log(System.Logger.Level.WARNING, "Store '" + s.name + "': commit " + changes.commitId()
                    + " is applied, but " + s.dialect.product() + " could not force it to disk: " + e.getMessage(), e);
        }
        return Summary.result(changes, seq, false);
    }

    /** Fills in the versions the conflicting objects have now (-1: gone). */
    private List<ConflictException.Conflict> withActualVersions(Connection c, List<ConflictException.Conflict> conflicts)
            throws SQLException {
        Map<ObjectId, Record> now = records.loadAll(c, conflicts.stream().map(ConflictException.Conflict::id).toList());
        c.rollback();
        return conflicts.stream().map(k -> new ConflictException.Conflict(k.id(), k.expectedVersion(),
                now.containsKey(k.id()) ? now.get(k.id()).version() : -1)).toList();
    }

    /**
     * The connection broke during the commit. Before COMMIT was sent the database rolls the
     * transaction back with the connection; once it was sent, the log tells whether it was applied.
     */
    private CommitResult afterLostConnection(ChangeSet changes, SQLException cause, Stage stage) {
        String lost = "Store '" + s.name + "': the connection to " + s.dialect.product() + " was lost during commit "
                + changes.commitId();
        if (stage != Stage.COMMITTING && stage != Stage.DONE) {
            throw new StoreException(lost + "; nothing was applied: " + cause.getMessage(), cause);
        }
        Long seq;
        try {
            seq = tx.read("checking commit " + changes.commitId() + " after a lost connection",
                    c -> log.sequenceOf(c, changes.commitId()));
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
            Long seq = log.sequenceOf(c, changes.commitId());
            if (seq != null) {
                return Summary.result(changes, seq, true); // the same commit id arrived twice at once
            }
            List<ObjectId> createdIds = changes.created().stream().map(Record::id).toList();
            Map<ObjectId, Record> existing = records.loadAll(c, createdIds);
            for (int i = 0; i < createdIds.size(); i++) {
                if (existing.containsKey(createdIds.get(i))) {
                    throw new ObjectExistsException("created[" + i + "].id", s.name, createdIds.get(i));
                }
            }
            List<String> problems = new ArrayList<>();
            for (UniqueClaims claims : UniqueClaims.of(changes, s.catalog.indexes().keySet(), problems)) {
                ClassTable t = s.catalog.require(claims.index().type());
                Feature f = t.feature(claims.index().feature());
                List<Object> values = claims.values();
                for (Record other : tables.select(c, t, s.q(f.storage()) + " IN ("
                        + StoreContext.placeholders(values.size()) + ")", st -> {
                            for (int i = 0; i < values.size(); i++) {
                                s.bind(st, i + 1, t, f, values.get(i));
                            }
                        })) {
                    claims.held(other.id(), other.value(claims.index().feature()), problems);
                }
            }
            if (!problems.isEmpty()) {
                throw new VetoException(problems);
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "Store '" + s.name + "': could not explain a unique violation", e);
        }
        throw new VetoException("a unique index of store '" + s.name + "' refused the commit: " + cause.getMessage());
    }
}
