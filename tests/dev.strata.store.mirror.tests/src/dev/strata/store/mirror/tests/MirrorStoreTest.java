package dev.strata.store.mirror.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.Await;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.RecordedEvents;
import dev.strata.core.store.HistoryPolicy;
import dev.strata.store.mirror.MirrorModelStore;
import dev.strata.store.mirror.MirrorStores;
import dev.strata.store.mirror.ReadFrom;
import dev.strata.store.mirror.ReplicaStatus;

/** What a mirror does beyond the store contract: copying, catching up, refilling, reading from a replica. */
class MirrorStoreTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private static final Duration RETRY = Duration.ofMillis(200);

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final RecordedEvents events = new RecordedEvents();
    private final Relay relay = new Relay();
    private final List<MirrorModelStore> mirrors = new ArrayList<>();
    private final FileStoresMade files = new FileStoresMade();
    private final List<ModelStore> fileStores = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        mirrors.forEach(MirrorModelStore::close);
        for (ModelStore f : fileStores) {
            files.dispose(f);
        }
    }

    private ModelStore memory(String name) {
        return Repositories.memoryStore(name + "-" + suffix, name.equals("primary") ? relay : new RecordedEvents());
    }

    private MirrorModelStore mirror(ModelStore primary, ReadFrom readFrom, ModelStore... replicas) {
        MirrorModelStore mirror = MirrorStores.open("mirror-" + suffix, primary, List.of(replicas), readFrom, RETRY, events);
        relay.to(mirror);
        mirrors.add(mirror);
        return mirror;
    }

    private static Repository repository(ModelStore store) {
        return Repositories.builder("mirrored", store).packages(M.ePackage).build();
    }

    private static void add(Repository repository, String... names) {
        try (Session s = repository.openSession()) {
            for (String n : names) {
                s.add(M.newItem(n));
            }
            s.commit("add " + String.join(", ", names));
        }
    }

    private static void rename(Repository repository, String from, String to) {
        try (Session s = repository.openSession()) {
            EObject item = s.roots().stream().filter(o -> from.equals(o.eGet(M.name))).findFirst().orElseThrow();
            item.eSet(M.name, to);
            s.commit("rename " + from);
        }
    }

    private static long version(ModelStore store, String name) {
        return store.roots().stream().filter(r -> name.equals(r.value("name"))).findFirst().orElseThrow().version();
    }

    private static ReplicaStatus status(MirrorModelStore mirror, ModelStore replica) {
        return mirror.replicas().stream().filter(s -> s.name().equals(replica.name())).findFirst().orElseThrow();
    }

    /** A memory primary mirrored to a memory replica that can be switched off. */
    private record Mirrored(ModelStore primary, Switchable replica, MirrorModelStore mirror, Repository repository) {
    }

    /** A mirror of a memory store to one that can be switched off, holding one item both have. */
    private Mirrored mirroredWithOneItem(ReadFrom readFrom, String item) throws InterruptedException {
        ModelStore primary = memory("primary");
        Switchable replica = new Switchable(memory("replica"));
        MirrorModelStore mirror = mirror(primary, readFrom, replica);
        Repository repository = repository(mirror);
        add(repository, item);
        SameRecords.assertCopied(mirror);
        return new Mirrored(primary, replica, mirror, repository);
    }

    @Test
    void everyCommitReachesEveryReplicaWithItsIdInThePrimarysOrderAndTheSameVersions() throws Exception {
        ModelStore primary = memory("primary");
        ModelStore a = memory("a");
        ModelStore b = memory("b");
        MirrorModelStore mirror = mirror(primary, ReadFrom.PRIMARY, a, b);
        Repository repository = repository(mirror);
        add(repository, "one", "two");
        rename(repository, "one", "uno");
        rename(repository, "uno", "eins");
        add(repository, "three");

        SameRecords.assertCopied(mirror);
        for (ModelStore replica : List.of(a, b)) {
            SameRecords.assertSame(primary, replica);
            assertEquals(3L, version(replica, "eins"), "created as 1, and one more per change");
            assertEquals(ids(primary.log(0, 100)), ids(replica.log(0, 100)), "commit ids of " + replica.name());
        }
        Map<String, Long> figures = mirror.figures();
        assertEquals(8L, figures.get("copied"), figures.toString());
        assertEquals(0L, figures.get("behind"), figures.toString());
        assertEquals(0L, figures.get("failing"), figures.toString());
        assertEquals(2L, figures.get("replicas"), figures.toString());
        // Announced under the mirror's name, one event per commit.
        assertEquals(4, events.commits(mirror.name()).size());
    }

    private static List<UUID> ids(List<LoggedCommit> log) {
        return log.stream().map(c -> c.changes().commitId()).toList();
    }

    @Test
    void aReplicaThatIsDownIsRetriedVisiblyAndCatchesUpWhenBack() throws Exception {
        Mirrored m = mirroredWithOneItem(ReadFrom.PRIMARY, "before");
        ModelStore primary = m.primary();
        Switchable replica = m.replica();
        MirrorModelStore mirror = m.mirror();
        Repository repository = m.repository();

        replica.down();
        add(repository, "while", "down");
        rename(repository, "before", "renamed");
        Await.until("the replica is reported failing and retried", () -> mirror.figures().get("failing") == 1
                && mirror.figures().get("retries") >= 2);
        ReplicaStatus failing = status(mirror, replica);
        assertTrue(failing.failing().contains("switched off by the test"), failing.toString());
        assertEquals(2L, failing.behind(), failing.toString());
        assertFalse(mirror.awaitCopied(Duration.ofMillis(300)), "a replica that is down cannot have caught up");
        assertEquals(1, replica.inner().roots().size(), "nothing reached the replica while it was down");

        replica.up();
        SameRecords.assertCopied(mirror);
        SameRecords.assertSame(primary, replica.inner());
        ReplicaStatus back = status(mirror, replica);
        assertEquals("", back.failing());
        assertEquals(0L, back.refills(), "caught up from the log, not refilled: " + back);
        assertEquals(3L, back.copied(), back.toString());
    }

    @Test
    void aReplicaAddedLaterCatchesUpFromTheLogAndTheOthersResumeWithoutCopyingAgain() throws Exception {
        ModelStore primary = memory("primary");
        ModelStore first = memory("first");
        MirrorModelStore before = mirror(primary, ReadFrom.PRIMARY, first);
        Repository repository = repository(before);
        add(repository, "a", "b");
        rename(repository, "a", "c");
        SameRecords.assertCopied(before);
        before.close();

        ModelStore late = memory("late");
        MirrorModelStore after = mirror(primary, ReadFrom.PRIMARY, first, late);
        SameRecords.assertCopied(after);
        SameRecords.assertSame(primary, late);
        assertEquals(2L, status(after, late).copied());
        assertEquals(0L, status(after, late).refills());
        assertEquals(0L, status(after, first).copied(), "the first replica was found at the primary's newest commit");
        rename(repository(after), "c", "d");
        SameRecords.assertCopied(after);
        SameRecords.assertSame(primary, first);
        SameRecords.assertSame(primary, late);
    }

    @Test
    void aFileReplicaStartedAgainResumesAtItsNewestCommitInThePrimarysLog() throws Exception {
        ModelStore primary = memory("primary");
        ModelStore replica = files.create("backup-" + suffix, new RecordedEvents());
        MirrorModelStore mirror = mirror(primary, ReadFrom.PRIMARY, replica);
        add(repository(mirror), "x", "y");
        rename(repository(mirror), "x", "z");
        SameRecords.assertCopied(mirror);
        mirror.close();
        replica = files.reopen(replica, new RecordedEvents());
        fileStores.add(replica);
        // Commits the mirror does not see: made on the primary while no mirror runs.
        rename(repository(primary), "z", "w");
        add(repository(primary), "v");

        MirrorModelStore again = mirror(primary, ReadFrom.PRIMARY, replica);
        SameRecords.assertCopied(again);
        SameRecords.assertSame(primary, replica);
        assertEquals(2L, status(again, replica).copied(), "only the commits it had not got");
        assertEquals(0L, status(again, replica).refills());
    }

    @Test
    void aReplicaThePrunedLogNoLongerReachesIsRefilledFromAFullCopyWithTheSameVersions() throws Exception {
        ModelStore primary = files.create("primary-" + suffix, relay, o -> o.withHistory(HistoryPolicy.commits(1)));
        fileStores.add(primary);
        Repository direct = repository(primary);
        add(direct, "kept", "gone");
        for (int round = 0; round < 3; round++) {
            rename(direct, round == 0 ? "kept" : "kept" + (round - 1), "kept" + round);
            ((dev.strata.store.file.FileModelStore) primary).compact();
        }
        try (Session s = direct.openSession()) {
            EObject gone = s.roots().stream().filter(o -> "gone".equals(o.eGet(M.name))).findFirst().orElseThrow();
            s.delete(gone);
            s.commit("delete");
        }
        assertTrue(primary.logFloor() > 0, "the primary's log was pruned: floor " + primary.logFloor());
        ModelStore replica = memory("replica");
        add(repository(replica), "stale"); // what a replica holds before the refill goes

        MirrorModelStore mirror = mirror(primary, ReadFrom.PRIMARY, replica);
        SameRecords.assertCopied(mirror);
        SameRecords.assertSame(primary, replica);
        assertEquals(4L, version(replica, "kept2"));
        ReplicaStatus refilled = status(mirror, replica);
        assertEquals(1L, refilled.refills(), refilled.toString());
        assertTrue(refilled.note().contains("refilled from a full copy of the primary")
                && refilled.note().contains("is not in the primary's log"), refilled.note());

        // Later commits are copied on top of the full copy: its versions are the primary's.
        rename(repository(mirror), "kept2", "kept3");
        SameRecords.assertCopied(mirror);
        SameRecords.assertSame(primary, replica);
        assertEquals(1L, status(mirror, replica).refills());
        assertEquals(1L, status(mirror, replica).copied());

        // Started again, it finds itself at the primary's newest commit: no second refill.
        mirror.close();
        MirrorModelStore again = mirror(primary, ReadFrom.PRIMARY, replica);
        SameRecords.assertCopied(again);
        assertEquals(0L, status(again, replica).refills(), status(again, replica).toString());
    }

    /**
     * While a replica is refilled from a full copy of the primary, commits through the mirror go
     * on (they waited for the whole read of the primary before); the copy read while one landed is
     * read again, and the replica ends with everything.
     */
    @Test
    void commitsGoOnWhileAReplicaIsRefilledFromTheWholePrimary() throws Exception {
        ModelStore files = this.files.create("primary-" + suffix, relay, o -> o.withHistory(HistoryPolicy.commits(1)));
        fileStores.add(files);
        Repository direct = repository(files);
        add(direct, "kept");
        for (int round = 0; round < 3; round++) {
            rename(direct, round == 0 ? "kept" : "kept" + (round - 1), "kept" + round);
            ((dev.strata.store.file.FileModelStore) files).compact();
        }
        assertTrue(files.logFloor() > 0, "the primary's log was pruned: floor " + files.logFloor());
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        ModelStore primary = new dev.strata.core.store.ForwardingStore() {
            @Override
            protected ModelStore delegate() {
                return files;
            }

            @Override
            public Map<ObjectId, Record> loadTrees(java.util.Collection<ObjectId> rootIds) {
                if (reading.getCount() > 0) { // the refill's first read of the whole primary waits
                    reading.countDown();
                    try {
                        goOn.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.loadTrees(rootIds);
            }
        };
        ModelStore replica = memory("replica");
        MirrorModelStore mirror = mirror(primary, ReadFrom.PRIMARY, replica);
        try {
            assertTrue(reading.await(20, java.util.concurrent.TimeUnit.SECONDS), "the replica is refilled");
            java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                other.submit(() -> add(repository(mirror), "during")).get(5, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                other.shutdownNow();
            }
        } finally {
            goOn.countDown();
        }
        SameRecords.assertCopied(mirror);
        SameRecords.assertSame(files, replica);
        assertTrue(replica.roots().stream().anyMatch(r -> "during".equals(r.value("name"))), "the commit made meanwhile");
        assertEquals(1L, status(mirror, replica).refills());
    }

    @Test
    void readingFromAReplicaNeverShowsLessThanTheCommitsMadeThroughTheMirror() throws Exception {
        Mirrored m = mirroredWithOneItem(ReadFrom.REPLICA, "first");
        ModelStore primary = m.primary();
        Switchable replica = m.replica();
        MirrorModelStore mirror = m.mirror();
        Repository repository = m.repository();
        ObjectId first = primary.rootIds().get(0);
        int loads = replica.loads.get();
        assertTrue(mirror.load(first).isPresent());
        assertEquals(loads + 1, replica.loads.get(), "a replica that has every commit answers reads");

        replica.down();
        rename(repository, "first", "second");
        // The replica cannot have it: the primary answers until it has.
        loads = replica.loads.get();
        Record read = mirror.load(first).orElseThrow();
        assertEquals(loads, replica.loads.get(), "the replica was not asked");
        assertEquals("second", read.value("name"));
        assertEquals(2L, read.version());
        try (Session s = repository.openSession()) {
            assertEquals("second", s.roots().get(0).eGet(M.name));
        }

        replica.up();
        SameRecords.assertCopied(mirror);
        int before = replica.loads.get();
        assertEquals("second", mirror.load(first).orElseThrow().value("name"));
        assertEquals(before + 1, replica.loads.get(), "caught up, the replica answers again");
    }

    /** A primary whose commits stop, once applied, until the test lets them return. */
    private static final class Pausing extends dev.strata.core.store.ForwardingStore {
        private final ModelStore inner;
        volatile boolean pause;
        final java.util.concurrent.CountDownLatch applied = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);

        Pausing(ModelStore inner) {
            this.inner = inner;
        }

        @Override
        protected ModelStore delegate() {
            return inner;
        }

        @Override
        public dev.strata.core.CommitResult commit(ChangeSet changes) {
            dev.strata.core.CommitResult result = inner.commit(changes);
            if (pause) {
                applied.countDown();
                try {
                    if (!resume.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test did not let the commit return");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return result;
        }
    }

    @Test
    void aCommitUnderWayIsReadFromThePrimaryNotFromAReplicaThatLacksIt() throws Exception {
        Pausing primary = new Pausing(memory("primary"));
        Switchable replica = new Switchable(memory("replica"));
        MirrorModelStore mirror = mirror(primary, ReadFrom.REPLICA, replica);
        Repository repository = repository(mirror);
        add(repository, "first");
        SameRecords.assertCopied(mirror);
        ObjectId first = primary.rootIds().get(0);

        primary.pause = true;
        Thread committer = new Thread(() -> rename(repository, "first", "second"));
        committer.start();
        try {
            assertTrue(primary.applied.await(30, java.util.concurrent.TimeUnit.SECONDS), "the commit reached the primary");
            // The primary has the new version; the mirror has not heard its sequence yet.
            int loads = replica.loads.get();
            Record read = mirror.load(first).orElseThrow();
            assertEquals(loads, replica.loads.get(), "no replica is asked while a commit is under way");
            assertEquals("second", read.value("name"));
            assertEquals(2L, read.version());
        } finally {
            primary.resume.countDown();
            committer.join(30_000);
        }
        assertFalse(committer.isAlive());
        SameRecords.assertCopied(mirror);
        int before = replica.loads.get();
        assertEquals("second", mirror.load(first).orElseThrow().value("name"));
        assertEquals(before + 1, replica.loads.get(), "with the commit done, the replica answers again");
    }

    @Test
    void aMigrationReachesAReplicaThatWasAwayBetweenTheCommitsBeforeAndAfterIt() throws Exception {
        Mirrored m = mirroredWithOneItem(ReadFrom.PRIMARY, "a");
        ModelStore primary = m.primary();
        Switchable replica = m.replica();
        MirrorModelStore mirror = m.mirror();
        Repository repository = m.repository();

        replica.down();
        rename(repository, "a", "b");
        Migration migration = Migration.of(ContractModel.NS_URI, 1, 2).addFeature("Item", "extra", 5).build();
        mirror.migrate(migration);
        Record c = new Record(ObjectId.random(), TypeRef.of(M.item), 0, Map.of("name", "c"));
        mirror.commit(new ChangeSet(UUID.randomUUID(), "test", "after the migration", List.of(c), List.of(), List.of()));
        Await.until("the replica is reported failing", () -> mirror.figures().get("failing") == 1);

        replica.up();
        SameRecords.assertCopied(mirror);
        SameRecords.assertSame(primary, replica.inner());
        assertEquals(List.of(migration.id()), replica.inner().appliedMigrations());
        assertEquals(3L, version(replica.inner(), "b"), "created, renamed, migrated");
        assertEquals(5, replica.inner().roots().stream().filter(r -> "b".equals(r.value("name"))).findFirst()
                .orElseThrow().value("extra"));
        // In the primary's order: the rename before the migration, the new item after it; a wrong order would conflict.
        ReplicaStatus status = status(mirror, replica);
        assertEquals(0L, status.refills(), status.toString());
        assertEquals(3L, status.copied(), status.toString());
    }

    @Test
    void aMigrationMadeOnThePrimaryDirectlyLeavesTheReplicaFailingSayingWhyAndUntouched() throws Exception {
        ModelStore primary = memory("primary");
        ModelStore replica = memory("replica");
        MirrorModelStore mirror = mirror(primary, ReadFrom.PRIMARY, replica);
        add(repository(mirror), "a");
        SameRecords.assertCopied(mirror);

        primary.migrate(Migration.of(ContractModel.NS_URI, 1, 2).addFeature("Item", "extra", 5).build());
        Await.until("the replica is reported failing", () -> {
            mirror.awaitCopied(Duration.ofMillis(50)); // a migration announces nothing: ask for a pass
            return mirror.figures().get("failing") == 1;
        });
        ReplicaStatus status = status(mirror, replica);
        assertTrue(status.failing().contains("holds " + ContractModel.NS_URI + " at model version 1 and the primary at 2")
                && status.failing().contains("knows no migration between them"), status.failing());
        assertEquals(Map.of(ContractModel.NS_URI, 1), replica.modelVersions());
        assertEquals(1, replica.roots().size(), "what the replica holds is left as it was");
    }

    @Test
    void aMirrorWithoutReplicasOrWithAStoreTwiceIsRefusedSayingWhy() {
        ModelStore primary = memory("primary");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> MirrorStores.open("m", primary, List.of(), ReadFrom.PRIMARY, RETRY, events));
        assertTrue(none.getMessage().contains("has no replica"), none.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> MirrorStores.open("m", primary, List.of(primary), ReadFrom.PRIMARY, RETRY, events));
        assertTrue(twice.getMessage().contains("'" + primary.name() + "' is named twice"), twice.getMessage());
        IllegalArgumentException readFrom = assertThrows(IllegalArgumentException.class,
                () -> ReadFrom.parse("m", "nearest"));
        assertTrue(readFrom.getMessage().contains("read.from is 'nearest'; it must be primary or replica"),
                readFrom.getMessage());
    }
}
