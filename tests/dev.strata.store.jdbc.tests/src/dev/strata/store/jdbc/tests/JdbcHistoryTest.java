package dev.strata.store.jdbc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.IndexDef;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ObjectId;
import dev.strata.core.Progress;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.store.HistoryPolicy;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/** strata_commit keeps each commit's values before and after, to the history policy, on every database. */
class JdbcHistoryTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private static final TypeRef ITEM = TypeRef.of(M.item);

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).run();
        }
    }

    private JdbcStoreOptions fresh(Databases db, String name) {
        JdbcStoreOptions o = db.fresh(name);
        cleanup.add(() -> db.drop(o));
        return o;
    }

    private JdbcModelStore open(String name, JdbcStoreOptions o) {
        JdbcModelStore s = JdbcStores.open(name, o, null, Progress.NONE);
        cleanup.add(s::close);
        s.useModel(List.of(M.ePackage), IndexDef.declaredIn(List.of(M.ePackage)));
        return s;
    }

    /** Creates an item, renames it, and deletes it: three commits; returns their sequences. */
    private static long[] createRenameDelete(JdbcModelStore store, String name) {
        ObjectId id = ObjectId.random();
        Record created = new Record(id, ITEM, 0, Map.of("name", name, "count", 1));
        long a = store.commit(new ChangeSet(UUID.randomUUID(), "t", "create", List.of(created), List.of(), List.of()))
                .sequence();
        long b = store.commit(new ChangeSet(UUID.randomUUID(), "t", "rename", List.of(), List.of(new ChangeSet.Change(id,
                ITEM, 1, null, Map.of("name", name + "'"), Map.of("name", name))), List.of())).sequence();
        Record last = new Record(id, ITEM, 2, Map.of("name", name + "'", "count", 1));
        long c = store.commit(new ChangeSet(UUID.randomUUID(), "t", "delete", List.of(), List.of(),
                List.of(new ChangeSet.Deletion(last)))).sequence();
        return new long[] { a, b, c };
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<Long> sequences(List<LoggedCommit> log) {
        return log.stream().map(LoggedCommit::sequence).toList();
    }

    @Test
    void everyRowKeepsTheChangeSetWithItsValuesBeforeAndAfter() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "values" + db.ordinal());
            JdbcModelStore store = open("values", o);
            long[] seq = createRenameDelete(store, "v");
            List<LoggedCommit> log = store.log(0, 10);
            assertEquals(List.of(seq[0], seq[1], seq[2]), sequences(log), db.name());
            assertEquals(Map.of("name", "v", "count", 1), log.get(0).changes().created().get(0).values(), db.name());
            ChangeSet.Change rename = log.get(1).changes().changed().get(0);
            assertEquals(Map.of("name", "v'"), rename.newValues(), db.name());
            assertEquals(Map.of("name", "v"), rename.oldValues(), "the value before, " + db.name());
            assertEquals(Map.of("name", "v'", "count", 1), log.get(2).changes().deleted().get(0).last().values(),
                    "the deleted record as it was, " + db.name());
            assertEquals(0, store.historyFloor(), db.name());
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                assertEquals(3, count(st, "SELECT COUNT(*) FROM strata_commit WHERE change_set IS NOT NULL"), db.name());
            }
        }
    }

    /**
     * A database from before values were kept (no change_set column, no marker row 5): opening adds
     * the column; the old rows still read as their summaries (which objects, no values) and the
     * history floor is the last of them, while new commits carry their values.
     */
    @Test
    void aLogFromBeforeValuesReadsAsSummariesAndTheHistoryFloorMarksTheGap() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "upgrade" + db.ordinal());
            JdbcModelStore store = open("upgrade", o);
            long[] old = createRenameDelete(store, "old");
            store.close();
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE strata_commit DROP COLUMN change_set");
                st.execute("DELETE FROM strata_meta WHERE id IN (5, 6)");
            }
            JdbcModelStore again = open("upgrade", o);
            List<LoggedCommit> log = again.log(0, 10);
            assertEquals(List.of(old[0], old[1], old[2]), sequences(log), db.name());
            Record created = log.get(0).changes().created().get(0);
            assertEquals(ITEM, created.type(), "the summary still names the created object's type, " + db.name());
            assertTrue(created.values().isEmpty(), "but a row from before values has none, " + db.name());
            assertEquals(0, again.logFloor(), db.name());
            assertEquals(old[2], again.historyFloor(), "the history reaches back to the last row without values, "
                    + db.name());

            long[] fresh = createRenameDelete(again, "new");
            assertEquals(old[2], again.historyFloor(), db.name());
            List<LoggedCommit> newer = again.log(again.historyFloor(), 10);
            assertEquals(List.of(fresh[0], fresh[1], fresh[2]), sequences(newer), db.name());
            assertEquals(Map.of("name", "new"), newer.get(1).changes().changed().get(0).oldValues(), db.name());
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                assertEquals(3, count(st, "SELECT COUNT(*) FROM strata_commit WHERE change_set IS NULL"), db.name());
                assertEquals(1, count(st, "SELECT COUNT(*) FROM strata_meta WHERE id = 5"), db.name());
            }
        }
    }

    /** "2 commits": older rows are deleted after commits; both floors move; the epoch stays. */
    @Test
    void keepingTwoCommitsPrunesOlderRowsAndMovesTheFloors() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "keep2" + db.ordinal()).withHistory(HistoryPolicy.parse("2 commits"));
            JdbcModelStore store = open("keep2", o);
            long[] first = createRenameDelete(store, "a");
            String epoch = store.epoch();
            long[] second = createRenameDelete(store, "b");
            long last = second[2];
            assertEquals(List.of(second[1], second[2]), sequences(store.log(0, 100)), db.name());
            assertEquals(List.of(second[1], second[2]), sequences(store.recentLog(10)), db.name());
            assertEquals(last - 2, store.logFloor(), "the log holds every commit after its floor, " + db.name());
            assertEquals(last - 2, store.historyFloor(), db.name());
            assertEquals(epoch, store.epoch(), "pruning keeps the epoch, " + db.name());
            assertTrue(first[0] <= store.logFloor(), db.name());
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                // The two kept, and the first row, which names the epoch and stays below the floor.
                assertEquals(3, count(st, "SELECT COUNT(*) FROM strata_commit"), db.name());
            }
        }
    }

    /** "30 days": rows committed before then are deleted on opening, and the floors move past them. */
    @Test
    void keepingThirtyDaysPrunesOlderRowsOnOpening() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "days" + db.ordinal());
            JdbcModelStore store = open("days", o);
            long[] seq = createRenameDelete(store, "d");
            store.close();
            Instant longAgo = Instant.now().minus(40, ChronoUnit.DAYS);
            try (Connection c = Databases.connect(o);
                    PreparedStatement st = c.prepareStatement("UPDATE strata_commit SET committed_at = ? WHERE seq <= ?")) {
                st.setObject(1, db == Databases.MARIADB ? LocalDateTime.ofInstant(longAgo, ZoneOffset.UTC)
                        : OffsetDateTime.ofInstant(longAgo, ZoneOffset.UTC));
                st.setLong(2, seq[1]);
                assertEquals(2, st.executeUpdate(), db.name());
            }
            JdbcModelStore again = open("days", o.withHistory(HistoryPolicy.parse("30 days")));
            assertEquals(seq[1], again.logFloor(), db.name());
            assertEquals(seq[1], again.historyFloor(), db.name());
            assertEquals(List.of(seq[2]), sequences(again.log(0, 10)), db.name());
        }
    }

    /** A configuration with a bad history.keep: the store fails to start, and says which setting and value. */
    @Test
    void aBadHistoryPolicyInTheConfigurationNamesThePropertyAndTheValue() throws Exception {
        org.osgi.framework.BundleContext context = org.osgi.framework.FrameworkUtil.getBundle(JdbcHistoryTest.class)
                .getBundleContext();
        org.osgi.util.tracker.ServiceTracker<StrataAdmin, StrataAdmin> t = new org.osgi.util.tracker.ServiceTracker<>(
                context, StrataAdmin.class, null);
        t.open();
        StrataAdmin admin = t.waitForService(10_000);
        assertTrue(admin != null, "no StrataAdmin service within 10 s");
        String name = "badhistory" + UUID.randomUUID().toString().substring(0, 8);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("strata-jdbc-history");
        admin.configureStore("jdbc", name, Map.of("url", "jdbc:h2:file:" + dir.resolve("db"), "history.keep", "3 weeks"));
        try {
            StoreStatus status = admin.awaitStore(name, StrataAdmin.WAIT);
            assertEquals(StoreStatus.State.FAILED, status.state(), status.detail());
            assertTrue(status.detail().contains("Store '" + name + "': history.keep '3 weeks' is not a history policy:"
                    + " write all, <N> commits or <N> days"), status.detail());
        } finally {
            admin.removeStore(name);
            t.close();
        }
    }
}
