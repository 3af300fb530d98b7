package dev.strata.store.jdbc.internal;

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

/**
 * The commit log ({@code strata_commit}) and the commit counter ({@code strata_meta}): each commit
 * takes the next number under the counter's row lock and is logged in its own transaction, so
 * that other processes reading the log in order never skip one.
 */
final class CommitLog {

    /** One logged commit with the process that made it and when it was committed. */
    record Logged(long sequence, UUID origin, ChangeSet changes, Instant time) {
        LoggedCommit logged() {
            return new LoggedCommit(sequence, changes, time);
        }
    }

    /** The columns {@link #read} reads, in its order. */
    private static final String COLUMNS = "seq, commit_id, origin, session_id, message, summary, committed_at, author";

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
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM strata_commit ORDER BY seq DESC"
                    + " LIMIT " + Math.max(0, max))) {
                return read(st);
            }
        });
        return newestFirst.reversed().stream().map(Logged::logged).toList();
    }

    /** Logged commits after a sequence number, oldest first, with the process that made each. */
    List<Logged> after(long afterSequence, int max) {
        return tx.read("reading the commit log", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM strata_commit WHERE seq > ? ORDER BY seq LIMIT " + Math.max(0, max))) {
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
                ChangeSet changes = Summary.decode(s.dialect.readUuid(r, 2), r.getString(4), r.getString(5),
                        r.getBytes(6), seq).withAuthor(r.getString(8)); // NULL in rows from before authors
                result.add(new Logged(seq, s.dialect.readUuid(r, 3), changes, at == null ? null : at.toInstant()));
            }
        }
        return result;
    }

    /**
     * The id of the database's first logged commit: it names the history without a column of its
     * own, and a database created again gets another one. Empty until the first commit.
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
                + " session_id, message, created, changed, deleted, summary, author)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
