package dev.strata.store.file.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.ChangeSet;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.store.HistoryPolicy;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/** Compaction keeps the commits it folds into a snapshot readable, to the history policy. */
class FileHistoryTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private static final TypeRef ITEM = TypeRef.of(M.item);

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        dir = Files.createTempDirectory("strata-file-history");
    }

    @AfterEach
    void tearDown() throws IOException {
        FileStoreContractTest.deleteTree(dir);
    }

    private FileModelStore open(HistoryPolicy history) {
        return FileStores.open("history", FileStoreOptions.defaults(dir).withCompactAfterBytes(0).withHistory(history));
    }

    /** Creates an item and renames it: two commits; returns the id. */
    private static ObjectId createAndRename(FileModelStore store, String name) {
        ObjectId id = ObjectId.random();
        store.commit(new ChangeSet(UUID.randomUUID(), "t", "create " + name, List.of(new Record(id, ITEM, 0,
                Map.of("name", name))), List.of(), List.of()));
        store.commit(new ChangeSet(UUID.randomUUID(), "t", "rename " + name, List.of(), List.of(new ChangeSet.Change(id,
                ITEM, 1, null, Map.of("name", name + "'"), Map.of("name", name))), List.of()));
        return id;
    }

    private static List<Long> sequences(List<LoggedCommit> log) {
        return log.stream().map(LoggedCommit::sequence).toList();
    }

    @Test
    void commitsFoldedIntoASnapshotStayInTheLogWithTheirValues() {
        try (FileModelStore store = open(HistoryPolicy.ALL)) {
            createAndRename(store, "a");
            store.compact();
            createAndRename(store, "b");
            store.compact();
            store.commit(new ChangeSet(UUID.randomUUID(), "t", "five", List.of(new Record(ObjectId.random(), ITEM, 0,
                    Map.of("name", "c"))), List.of(), List.of()));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(store.log(0, 100)));
            assertEquals(0, store.logFloor());
            assertEquals(0, store.historyFloor());
        }
        assertTrue(Files.exists(dir.resolve("history-0.log")) && Files.exists(dir.resolve("history-2.log")),
                "the journals the compactions replaced are kept as history segments");
        try (FileModelStore store = open(HistoryPolicy.ALL)) {
            List<LoggedCommit> log = store.log(0, 100);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(log), "after reopening, read from the segments");
            ChangeSet.Change rename = log.get(1).changes().changed().get(0);
            assertEquals(Map.of("name", "a'"), rename.newValues());
            assertEquals(Map.of("name", "a"), rename.oldValues(), "the value before, from the segment");
            assertEquals("rename a", log.get(1).changes().message());
            assertNotNull(log.get(1).time(), "the time the store accepted it");
            assertEquals(List.of(2L, 3L), sequences(store.log(1, 2)), "a page from within the segments");
            assertEquals(List.of(3L, 4L, 5L), sequences(store.recentLog(3)), "the newest, across segment and journal");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(store.recentLog(100)));
            assertEquals(0, store.logFloor());
        }
    }

    @Test
    void keepingTwoCommitsDeletesOlderSegmentsAtCompactionAndMovesTheFloors() {
        try (FileModelStore store = open(HistoryPolicy.parse("2 commits"))) {
            createAndRename(store, "a");
            store.compact();
            assertEquals(0, store.logFloor(), "segment 0 ends at 2: both newest commits are in it");
            createAndRename(store, "b");
            createAndRename(store, "c");
            store.compact();
            assertFalse(Files.exists(dir.resolve("history-0.log")), "no commit of segment 0 is among the newest 2");
            assertTrue(Files.exists(dir.resolve("history-2.log")));
            assertEquals(2, store.logFloor());
            assertEquals(2, store.historyFloor());
            assertEquals(List.of(3L, 4L, 5L, 6L), sequences(store.log(0, 100)), "everything after the floor");
        }
        try (FileModelStore store = open(HistoryPolicy.parse("2 commits"))) {
            assertEquals(2, store.logFloor());
            assertEquals(List.of(3L, 4L, 5L, 6L), sequences(store.log(0, 100)));
        }
    }

    @Test
    void keepingThirtyDaysDeletesSegmentsLastWrittenBeforeThen() throws IOException {
        try (FileModelStore store = open(HistoryPolicy.ALL)) {
            createAndRename(store, "a");
            store.compact();
            createAndRename(store, "b");
            store.compact();
        }
        Files.setLastModifiedTime(dir.resolve("history-0.log"), FileTime.from(Instant.now().minus(40, ChronoUnit.DAYS)));
        try (FileModelStore store = open(HistoryPolicy.parse("30 days"))) {
            assertFalse(Files.exists(dir.resolve("history-0.log")), "written 40 days ago");
            assertTrue(Files.exists(dir.resolve("history-2.log")), "written now");
            assertEquals(2, store.logFloor());
            assertEquals(List.of(3L, 4L), sequences(store.log(0, 100)));
        }
    }

    /** A directory written before values were kept (no history.from file): its commits are below the history floor. */
    @Test
    void aDirectoryFromBeforeHistoryReportsItsCommitsBelowTheHistoryFloor() throws IOException {
        try (FileModelStore store = open(HistoryPolicy.ALL)) {
            createAndRename(store, "a");
        }
        Path marker = dir.resolve("history.from");
        assertEquals("0", Files.readString(marker).trim(), "a new store keeps every commit's values from the start");
        Files.delete(marker);
        try (FileModelStore store = open(HistoryPolicy.ALL)) {
            assertEquals(0, store.logFloor());
            assertEquals(2, store.historyFloor(), "the commits found on first opening count as from before");
            createAndRename(store, "b");
            assertEquals(2, store.historyFloor());
            assertEquals(List.of(3L, 4L), sequences(store.log(store.historyFloor(), 100)));
        }
    }

    /** A configuration with a bad history.keep: the store fails to start, and says which setting and value. */
    @Test
    void aBadHistoryPolicyInTheConfigurationNamesThePropertyAndTheValue() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(FileHistoryTest.class).getBundleContext();
        ServiceTracker<StrataAdmin, StrataAdmin> t = new ServiceTracker<>(context, StrataAdmin.class, null);
        t.open();
        StrataAdmin admin = t.waitForService(10_000);
        assertNotNull(admin, "no StrataAdmin service within 10 s");
        String name = "badhistory" + UUID.randomUUID().toString().substring(0, 8);
        admin.configureStore("file", name, Map.of("directory", dir.resolve("bad").toString(), "history.keep", "forever"));
        try {
            StoreStatus status = admin.awaitStore(name, StrataAdmin.WAIT);
            assertEquals(StoreStatus.State.FAILED, status.state(), status.detail());
            assertTrue(status.detail().contains("Store '" + name + "': history.keep 'forever' is not a history policy:"
                    + " write all, <N> commits or <N> days"), status.detail());
        } finally {
            admin.removeStore(name);
            t.close();
        }
    }

    /** What the log reads from a segment is in order, and a page never repeats or skips a commit. */
    @Test
    void pagingThroughTheWholeHistoryGivesEveryCommitOnce() {
        try (FileModelStore store = open(HistoryPolicy.ALL)) {
            for (int i = 0; i < 4; i++) {
                createAndRename(store, "p" + i);
                store.compact();
            }
        }
        try (FileModelStore store = open(HistoryPolicy.ALL)) { // reopened: the log is read from the files
            List<Long> paged = new ArrayList<>();
            long after = store.logFloor();
            for (int page = 0; page < 20; page++) {
                List<LoggedCommit> next = store.log(after, 3);
                if (next.isEmpty()) {
                    break;
                }
                next.forEach(c -> paged.add(c.sequence()));
                after = next.get(next.size() - 1).sequence();
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), paged);
        }
    }
}
