package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import dev.strata.core.ChangeSet;
import dev.strata.core.LockInfo;
import dev.strata.core.LockMode;
import dev.strata.core.LockedException;
import dev.strata.core.ObjectId;
import dev.strata.core.store.LockTable;

/**
 * Explicit locks in {@code strata_lock}, shared by every process using the database. Taking locks
 * and checking a commit both hold the commit counter's row lock, so that no commit slips past a
 * lock being taken; a lease that ends (a holder that crashed) frees the object without anyone's help.
 */
final class JdbcLocks {

    /** Ids per statement: well inside every database's limit on parameters. */
    private static final int CHUNK = 500;

    private final StoreContext s;
    private final Transactions tx;

    JdbcLocks(StoreContext s, Transactions tx) {
        this.s = s;
        this.tx = tx;
    }

    void lock(String owner, String holder, Collection<ObjectId> ids, LockMode mode, Duration lease) {
        LockTable.checkLease(lease);
        List<ObjectId> list = List.copyOf(ids);
        tx.write("locking " + list.size() + " object(s)", c -> {
            CommitLog.holdCounter(c);
            Instant now = Instant.now();
            List<LockInfo> blocking = LockTable.blocking(held(c, list, now), owner, mode);
            if (!blocking.isEmpty()) {
                throw new LockedException(s.name, mode.name().toLowerCase(java.util.Locale.ROOT) + "-locking "
                        + list.size() + " object(s)", blocking);
            }
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM strata_lock WHERE expires_at < ?")) {
                s.dialect.bindDate(purge, 1, Date.from(now));
                purge.executeUpdate();
            }
            delete(c, owner, list);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO strata_lock (object_id, owner, holder, mode,"
                    + " expires_at) VALUES (?, ?, ?, ?, ?)")) {
                Date expires = Date.from(now.plus(lease));
                for (ObjectId id : list) {
                    s.dialect.bindUuid(st, 1, id.value());
                    st.setString(2, owner);
                    st.setString(3, holder == null ? "" : holder);
                    st.setString(4, mode.name());
                    s.dialect.bindDate(st, 5, expires);
                    st.addBatch();
                }
                st.executeBatch();
            }
            return null;
        });
    }

    void unlock(String owner, Collection<ObjectId> ids) {
        List<ObjectId> list = List.copyOf(ids);
        tx.write("letting locks go", c -> {
            if (list.isEmpty()) {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM strata_lock WHERE owner = ?")) {
                    st.setString(1, owner);
                    st.executeUpdate();
                }
            } else {
                delete(c, owner, list);
            }
            return null;
        });
    }

    List<LockInfo> locks() {
        return tx.read("reading the locks", c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT object_id, owner, holder, mode, expires_at FROM strata_lock")) {
                return read(st, Instant.now());
            }
        });
    }

    /**
     * Refuses, inside a commit's transaction that holds the counter's row lock, a change set
     * touching objects another session holds locks on.
     */
    void check(Connection c, ChangeSet changes) throws SQLException {
        List<LockInfo> blocking = LockTable.blocking(held(c, LockTable.touched(changes), Instant.now()),
                changes.session(), LockMode.WRITE);
        if (!blocking.isEmpty()) {
            throw new LockedException(s.name, "the commit", blocking);
        }
    }

    private List<LockInfo> held(Connection c, List<ObjectId> ids, Instant now) throws SQLException {
        List<LockInfo> result = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<ObjectId> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            try (PreparedStatement st = c.prepareStatement("SELECT object_id, owner, holder, mode, expires_at"
                    + " FROM strata_lock WHERE object_id IN (" + marks(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.dialect.bindUuid(st, i + 1, chunk.get(i).value());
                }
                result.addAll(read(st, now));
            }
        }
        return result;
    }

    private void delete(Connection c, String owner, List<ObjectId> ids) throws SQLException {
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<ObjectId> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            try (PreparedStatement st = c.prepareStatement("DELETE FROM strata_lock WHERE owner = ? AND object_id IN ("
                    + marks(chunk.size()) + ")")) {
                st.setString(1, owner);
                for (int i = 0; i < chunk.size(); i++) {
                    s.dialect.bindUuid(st, i + 2, chunk.get(i).value());
                }
                st.executeUpdate();
            }
        }
    }

    /** The rows whose lease runs at {@code now}. */
    private List<LockInfo> read(PreparedStatement st, Instant now) throws SQLException {
        List<LockInfo> result = new ArrayList<>();
        try (ResultSet r = st.executeQuery()) {
            while (r.next()) {
                LockInfo l = new LockInfo(new ObjectId(s.dialect.readUuid(r, 1)), LockMode.valueOf(r.getString(4)),
                        r.getString(2), r.getString(3), s.dialect.readDate(r, 5).toInstant());
                if (l.heldAt(now)) {
                    result.add(l);
                }
            }
        }
        return result;
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
