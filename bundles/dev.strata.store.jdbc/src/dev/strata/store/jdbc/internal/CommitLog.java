package dev.strata.store.jdbc.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import dev.strata.core.ChangeSet;
import dev.strata.core.LoggedCommit;
import dev.strata.core.store.ByteInput;
import dev.strata.core.store.HistoryPolicy;
import dev.strata.core.store.RecordCodec;

/**
 * The commit log ({@code strata_commit}) and the commit counter ({@code strata_meta}): each commit
 * takes the next number under the counter's row lock and is logged in its own transaction, so
 * that other processes reading the log in order never skip one. Each row keeps the commit's change
 * set with its values before and after (RecordCodec's encoding, as the file store's journal), and
 * its summary; rows from before values were kept have only the summary.
 */
final class CommitLog {

    /** One logged commit with the process that made it and when it was committed. */
    record Logged(long sequence, UUID origin, ChangeSet changes, Instant time) {
        LoggedCommit logged() {
            return new LoggedCommit(sequence, changes, time);
        }
    }

    /** The columns {@link #read} reads, in its order. */
    private static final String COLUMNS = "seq, commit_id, origin, session_id, message, summary, committed_at, author,"
            + " change_set";
    /**
     * The last commit the history policy deleted. The log reads only rows after it: the first row
     * stays below it, as it names the epoch.
     */
    private static final String PRUNED_FLOOR = "(SELECT seq FROM strata_meta WHERE id = " + SchemaMigrator.HISTORY_PRUNED
            + ")";
    /** The first byte of the change_set column: the encoding of what follows. */
    private static final int CHANGES_FORMAT = 1;
    /** Rows deleted per transaction when the history policy prunes the log. */
    private static final int PRUNE_BATCH = StoreContext.BATCH;

    private final StoreContext s;
    private final Transactions tx;

    CommitLog(StoreContext s, Transactions tx) {
        this.s = s;
        this.tx = tx;
    }

    List<LoggedCommit> log(long afterSequence, int max) {
        return after(afterSequence, max).stream().map(Logged::logged).toList();
    }

    /** The newest commits, oldest first, at most max: read newest first by the primary key, not the whole log. */
    List<LoggedCommit> recent(int max) {
        List<Logged> newestFirst = tx.read("reading the newest commits", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM strata_commit WHERE seq > "
                    + PRUNED_FLOOR + " ORDER BY seq DESC LIMIT " + Math.max(0, max))) {
                return read(st);
            }
        });
        return newestFirst.reversed().stream().map(Logged::logged).toList();
    }

    /** Logged commits after a sequence number, oldest first, with the process that made each. */
    List<Logged> after(long afterSequence, int max) {
        return tx.read("reading the commit log", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM strata_commit WHERE seq > ? AND seq > " + PRUNED_FLOOR + " ORDER BY seq LIMIT "
                    + Math.max(0, max))) {
                st.setLong(1, afterSequence);
                return read(st);
            }
        });
    }

    private List<Logged> read(PreparedStatement st) throws SQLException {
        List<Logged> result = new ArrayList<>();
        try (ResultSet r = st.executeQuery()) {
            while (r.next()) {
                long seq = r.getLong(1);
                Date at = s.dialect.readDate(r, 7);
                ChangeSet changes = decodeChanges(r.getBytes(9), seq);
                if (changes == null) { // a row from before values were kept
                    changes = Summary.decode(s.dialect.readUuid(r, 2), r.getString(4), r.getString(5), r.getBytes(6), seq);
                }
                changes = changes.withAuthor(r.getString(8)); // NULL in rows from before authors
                result.add(new Logged(seq, s.dialect.readUuid(r, 3), changes, at == null ? null : at.toInstant()));
            }
        }
        return result;
    }

    static byte[] encodeChanges(ChangeSet changes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 64 * changes.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(CHANGES_FORMAT);
            RecordCodec.inFrame(() -> {
                RecordCodec.writeChangeSetWithBefore(out, changes);
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return bytes.toByteArray();
    }

    /** The change set a change_set column holds; null for a row without one or one that does not read (said in the log). */
    static ChangeSet decodeChanges(byte[] bytes, long seq) {
        if (bytes == null) {
            return null;
        }
        try {
            ByteInput in = new ByteInput(bytes);
            int format = in.readByte();
            if (format != CHANGES_FORMAT) {
                throw new IOException("changes format " + format + "; this Strata version reads format " + CHANGES_FORMAT);
            }
            return RecordCodec.inFrame(() -> RecordCodec.readChangeSetWithBefore(in));
        } catch (IOException | RuntimeException e) {
            // One unreadable row must not stop the log or the change feed: its summary still lists its objects.
            System.getLogger(CommitLog.class.getName()).log(System.Logger.Level.WARNING,
                    "Commit " + seq + " in strata_commit has a damaged change_set; its summary is read instead", e);
            return null;
        }
    }

    // ------------------------------------------------------------------ history

    /** The last commit the history policy deleted: the log holds every commit after it. */
    long prunedFloor() {
        return tx.read("reading the log's floor", CommitLog::prunedFloor);
    }

    private static long prunedFloor(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT seq FROM strata_meta WHERE id = " + SchemaMigrator.HISTORY_PRUNED)) {
            return r.next() ? r.getLong(1) : 0L;
        }
    }

    /** The last commit logged without its values (before they were kept), or the pruned floor if later. */
    long historyFloor() {
        return tx.read("reading the history's floor", c -> {
            long floor = prunedFloor(c);
            try (PreparedStatement st = c.prepareStatement("SELECT MAX(seq) FROM strata_commit WHERE change_set IS NULL"
                    + " AND seq > ?")) {
                st.setLong(1, floor);
                try (ResultSet r = st.executeQuery()) {
                    return r.next() ? Math.max(floor, r.getLong(1)) : floor;
                }
            }
        });
    }

    /**
     * Deletes the rows the policy no longer keeps, oldest first, a batch per transaction, moving
     * the pruned floor with each. By count the newest commits are those of the newest sequences;
     * by age, rows committed before the policy's oldest time go.
     *
     * @param slack how many commits past the policy may stay until the next prune: fewer, larger batches
     * @return the pruned floor after pruning
     */
    long prune(HistoryPolicy policy, long slack) {
        if (policy.keepsAll()) {
            return prunedFloor();
        }
        long target = 0;
        if (policy.commits().isPresent()) {
            target = lastSequence() - policy.commits().getAsLong();
        }
        Instant oldest = policy.oldestKept(Instant.now());
        if (oldest != null) {
            target = Math.max(target, tx.read("finding commits older than the history kept", c -> {
                try (PreparedStatement st = c.prepareStatement("SELECT MAX(seq) FROM strata_commit WHERE committed_at < ?")) {
                    s.dialect.bindDate(st, 1, Date.from(oldest));
                    try (ResultSet r = st.executeQuery()) {
                        return r.next() ? r.getLong(1) : 0L;
                    }
                }
            }));
        }
        long floor = prunedFloor();
        if (target - floor <= slack) {
            return floor;
        }
        long first = tx.read("reading the store's first commit", c -> {
            try (Statement st = c.createStatement();
                    ResultSet r = st.executeQuery("SELECT MIN(seq) FROM strata_commit")) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
        while (floor < target) {
            long from = Math.max(floor, first); // the first commit stays: its id is the epoch
            long to = Math.min(target, floor + PRUNE_BATCH);
            tx.writeSharingSchema("deleting commits older than the history kept", c -> {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM strata_commit WHERE seq > ? AND seq <= ?");
                        PreparedStatement up = c.prepareStatement("UPDATE strata_meta SET seq = ? WHERE id = "
                                + SchemaMigrator.HISTORY_PRUNED + " AND seq < ?")) {
                    del.setLong(1, from);
                    del.setLong(2, to);
                    del.executeUpdate();
                    up.setLong(1, to);
                    up.setLong(2, to);
                    up.executeUpdate();
                }
                return null;
            });
            floor = to;
        }
        return prunedFloor();
    }

    /**
     * The id of the database's first logged commit: it names the history without a column of its
     * own, and a database created again gets another one. Empty until the first commit. Pruning
     * keeps that row (below the pruned floor, so the log does not show it).
     */
    String epoch() {
        return tx.read("reading the store's first commit", c -> {
            try (Statement st = c.createStatement();
                    ResultSet r = st.executeQuery("SELECT commit_id FROM strata_commit ORDER BY seq LIMIT 1")) {
                return r.next() ? "jdbc-" + s.dialect.readUuid(r, 1) : "";
            }
        });
    }

    /** The number of the last commit. */
    long lastSequence() {
        return tx.read("reading the commit counter", c -> {
            try (Statement st = c.createStatement();
                    ResultSet r = st.executeQuery("SELECT seq FROM strata_meta WHERE id = 1")) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    /** The number a commit was logged under; null if it is not in the log. */
    Long sequenceOf(Connection c, UUID commitId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT seq FROM strata_commit WHERE commit_id = ?")) {
            s.dialect.bindUuid(st, 1, commitId);
            try (ResultSet r = st.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
        }
    }

    /** Takes the commit counter's row lock until the transaction ends, without taking a number. */
    static void holdCounter(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE strata_meta SET seq = seq WHERE id = 1");
        }
    }

    /** Takes the commit counter's row lock until the transaction ends: commits get numbers in commit order. */
    static long nextSequence(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE strata_meta SET seq = seq + 1 WHERE id = 1");
            try (ResultSet r = st.executeQuery("SELECT seq FROM strata_meta WHERE id = 1")) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    void append(Connection c, ChangeSet changes, long seq) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO strata_commit (seq, commit_id, origin, committed_at,"
                + " session_id, message, created, changed, deleted, summary, author, change_set)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setLong(1, seq);
            s.dialect.bindUuid(st, 2, changes.commitId());
            s.dialect.bindUuid(st, 3, s.origin);
            s.dialect.bindDate(st, 4, new Date());
            String session = changes.session();
            st.setString(5, clip(session));
            st.setString(6, changes.message());
            st.setInt(7, changes.created().size());
            st.setInt(8, changes.changed().size());
            st.setInt(9, changes.deleted().size());
            st.setBytes(10, Summary.encode(changes));
            st.setString(11, clip(changes.author()));
            st.setBytes(12, encodeChanges(changes));
            st.executeUpdate();
        }
    }

    /** The column holds 200 characters. */
    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /** Wakes the change feeds listening on PostgreSQL (sent when the transaction commits); others poll the log. */
    void announce(Connection c, long seq) throws SQLException {
        if (s.dialect != Dialect.POSTGRESQL) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, ChangeFeed.channel(s.options));
            st.setString(2, Long.toString(seq));
            st.execute();
        }
    }
}
