package dev.strata.store.queue.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.IndexDef;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.StoreException;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.Await;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.queue.QueueModelStore;
import dev.strata.store.queue.QueueStoreOptions;
import dev.strata.store.queue.QueueStores;

/** The queue over a memory store that can be made unreachable, or refuse commits, or lose their answers. */
class QueueStoreTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private static final TypeRef ITEM = TypeRef.of(M.item);
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Every event posted, resyncs included. */
    private final List<Event> posted = new CopyOnWriteArrayList<>();
    private final EventAdmin events = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            posted.add(event);
        }
    };
    private Path journal;
    private Relay relay;
    private ModelStore memory;
    private Unreachable wrapped;
    private QueueModelStore queue;

    @BeforeEach
    void setUp() throws Exception {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        journal = Files.createTempDirectory("strata-queue-test");
        relay = new Relay();
        memory = Repositories.memoryStore("mem-" + UUID.randomUUID().toString().substring(0, 8), relay);
        wrapped = new Unreachable(memory);
        queue = open(options());
    }

    private QueueStoreOptions options() {
        return QueueStoreOptions.defaults(journal).withRetryMax(Duration.ofMillis(100));
    }

    private QueueModelStore open(QueueStoreOptions options) {
        QueueModelStore q = QueueStores.open("queue-" + UUID.randomUUID().toString().substring(0, 8), wrapped, options,
                events);
        relay.to(q);
        q.useModel(List.of(M.ePackage), IndexDef.declaredIn(List.of(M.ePackage)));
        q.declareIndexes(IndexDef.declaredIn(List.of(M.ePackage)));
        return q;
    }

    @AfterEach
    void tearDown() throws Exception {
        queue.close();
        QueueContractTest.deleteTree(journal);
    }

    static ChangeSet create(ObjectId id, String name, int count) {
        return new ChangeSet(UUID.randomUUID(), "test", "create " + name,
                List.of(new Record(id, ITEM, 0, Map.of("name", name, "count", count))), List.of(), List.of());
    }

    static ChangeSet count(String session, ObjectId id, long expected, int from, int to) {
        return new ChangeSet(UUID.randomUUID(), session, "count " + to, List.of(), List.of(new ChangeSet.Change(id, ITEM,
                expected, null, Map.of("count", to), Map.of("count", from))), List.of());
    }

    private long figure(String name) {
        return queue.figures().get(name);
    }

    private void drained() throws InterruptedException {
        assertTrue(queue.awaitDrained(WAIT), "not drained: " + queue);
    }

    @Test
    void commitsAreAcknowledgedWhileTheStoreIsDownAndDrainedInOrderOnceItIsBack() throws Exception {
        wrapped.down = true;
        List<ObjectId> ids = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            ObjectId id = ObjectId.random();
            ids.add(id);
            assertFalse(queue.commit(create(id, name, 1)).duplicate());
        }
        assertEquals(3, queue.queued());
        assertEquals("b", queue.load(ids.get(1)).orElseThrow().value("name"), "a queued object reads from the queue");
        // What the queue knows is checked while the store is down: b is at version 1, not 5.
        assertThrows(ConflictException.class, () -> queue.commit(count("test", ids.get(1), 5, 1, 2)));
        Await.until("the drain fails and says so", () -> figure("failing") == 1 && figure("retries") >= 2);
        assertTrue(queue.problem().orElseThrow().contains("unreachable"), queue.problem().toString());
        assertTrue(queue.toString().contains("failing: "), queue.toString());
        assertEquals(0, figure("drained"));

        wrapped.down = false;
        drained();
        assertEquals(List.of("a", "b", "c"), memory.roots().stream().map(r -> r.value("name")).toList(),
                "every acknowledged commit, in order");
        assertEquals(3, figure("drained"));
        assertEquals(0, figure("failing"));
        assertEquals(0, figure("queued"));
        assertTrue(queue.problem().isEmpty());
    }

    @Test
    void readsSeeQueuedCommits() throws Exception {
        ObjectId a = ObjectId.random();
        queue.commit(create(a, "a", 1));
        drained();
        wrapped.refuseCommits = true;
        ObjectId b = ObjectId.random();
        ObjectId c = ObjectId.random();
        assertEquals(2L, queue.commit(count("test", a, 1, 1, 2)).newVersions().get(a));
        queue.commit(create(b, "b", 2));
        queue.commit(create(c, "c", 3));
        queue.commit(new ChangeSet(UUID.randomUUID(), "test", "", List.of(), List.of(),
                List.of(new ChangeSet.Deletion(queue.load(c).orElseThrow()))));
        assertEquals(1, memory.load(a).orElseThrow().value("count"), "not drained yet");

        Record read = queue.load(a).orElseThrow();
        assertEquals(2, read.value("count"));
        assertEquals(2L, read.version());
        assertTrue(queue.load(c).isEmpty(), "deleted in the queue");
        assertEquals(List.of(a, b), queue.rootIds());
        assertEquals(List.of("a", "b"), queue.roots().stream().map(r -> r.value("name")).toList());
        assertEquals(List.of(a, b), queue.query(Query.on(ITEM).eq("count", 2)).stream().map(Record::id).toList());
        assertEquals(1, queue.query(Query.on(ITEM).eq("count", 2).limit(1)).size(), "the limit holds");
        assertEquals(Map.of(2, 2L), queue.countBy(ITEM, "count"));
        assertEquals(Map.of(a, read), queue.loadTree(a));
        assertEquals(5, queue.log(-1, 100).size(), "the queue's log has every commit it acknowledged");

        wrapped.refuseCommits = false;
        drained();
        assertEquals(2, memory.load(a).orElseThrow().value("count"));
        assertEquals(List.of(a, b), memory.rootIds());
        assertEquals(Map.of(2, 2L), memory.countBy(ITEM, "count"));
    }

    @Test
    void aFullQueueHoldsCommitsBackThenRefusesThemSayingHowFarBehindTheDrainIs() throws Exception {
        queue.close();
        queue = open(options().withMaxQueued(3, Duration.ofMillis(300)));
        wrapped.refuseCommits = true;
        for (int i = 0; i < 3; i++) {
            queue.commit(create(ObjectId.random(), "item" + i, i));
        }
        ChangeSet fourth = create(ObjectId.random(), "item3", 3);
        StoreException full = assertThrows(StoreException.class, () -> queue.commit(fourth));
        assertTrue(full.getMessage().contains("the queue is full (3 commits waiting, max.queued=3)"), full.getMessage());
        assertTrue(full.getMessage().contains("ms behind") && full.getMessage().contains("takes no commits now"),
                full.getMessage());
        assertTrue(full.getMessage().contains(fourth.commitId().toString()), full.getMessage());
        assertTrue(queue.load(fourth.created().get(0).id()).isEmpty(), "the refused commit is not queued");

        wrapped.refuseCommits = false;
        drained();
        assertFalse(queue.commit(fourth).duplicate(), "room again");
        drained();
        assertEquals(4, memory.rootIds().size());
    }

    @Test
    void consecutiveCommitsOfTheSameFeaturesGoToTheStoreAsOne() throws Exception {
        ObjectId a = ObjectId.random();
        queue.commit(create(a, "a", 0));
        drained();
        wrapped.refuseCommits = true;
        // The head of the queue, taken by the drain and failing: what follows is not taken yet.
        queue.commit(create(ObjectId.random(), "head", 0));
        Await.until("the drain has taken the head", () -> figure("failing") == 1);
        List<UUID> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ChangeSet cs = count("s1", a, i == 1 ? 1 : 2, i - 1, i);
            ids.add(cs.commitId());
            CommitResult r = queue.commit(cs);
            assertEquals(2L, r.newVersions().get(a), "a coalesced commit keeps the version the group gives");
        }
        assertEquals(4, figure("coalesced"));
        assertEquals(5, queue.load(a).orElseThrow().value("count"));
        // Another session that read count 1 (after the first change) and writes it: its values before are stale.
        assertThrows(ConflictException.class, () -> queue.commit(count("s2", a, 2, 1, 9)));
        // One whose values before are the queued ones goes in, after the group.
        assertEquals(3L, queue.commit(count("s2", a, 2, 5, 6)).newVersions().get(a));

        wrapped.refuseCommits = false;
        drained();
        List<LoggedCommit> log = memory.log(-1, 100);
        assertEquals(4, log.size(), "create, head, the five as one, the other session's: " + log);
        ByteBuffer bytes = ByteBuffer.allocate(16 * ids.size());
        ids.forEach(id -> bytes.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()));
        assertEquals(UUID.nameUUIDFromBytes(bytes.array()), log.get(2).changes().commitId(),
                "the merged commit's id is derived from its members'");
        assertEquals(Map.of("count", 5), log.get(2).changes().changed().get(0).newValues());
        assertEquals(Map.of("count", 0), log.get(2).changes().changed().get(0).oldValues());
        Record stored = memory.load(a).orElseThrow();
        assertEquals(6, stored.value("count"));
        assertEquals(3L, stored.version());
        assertEquals(8, figure("drained"), "every acknowledged commit counts, coalesced or not");
    }

    @Test
    void aDrainWhoseAnswerWasLostIsAppliedOnce() throws Exception {
        wrapped.loseAnswers = true;
        ObjectId a = ObjectId.random();
        queue.commit(create(a, "a", 1));
        Await.until("the commit reached the store and was retried", () -> wrapped.commits.get() >= 3);
        wrapped.loseAnswers = false;
        drained();
        assertEquals(1, memory.log(-1, 100).size(), "the store saw the commit id again and applied it once");
        assertEquals(1L, memory.load(a).orElseThrow().version());
        assertTrue(figure("retries") >= 2);
    }

    @Test
    void aCommitTheStoreRefusesStaysQueuedAndTheQueueSaysItIsStuck() throws Exception {
        ObjectId a = ObjectId.random();
        queue.commit(create(a, "a", 1));
        drained();
        wrapped.refuseCommits = true;
        ChangeSet mine = count("test", a, 1, 1, 2);
        queue.commit(mine);
        // Another writer changes the object in the store meanwhile.
        memory.commit(count("other", a, 1, 1, 7));
        Await.until("the queue hears of the other writer", () -> posted.stream()
                .anyMatch(e -> e.getTopic().equals(Topics.commit(queue.name())) && e.getProperty(Topics.RESYNC) != null));
        wrapped.refuseCommits = false;
        Await.until("the drain is refused", () -> figure("stuck") == 1);
        String problem = queue.problem().orElseThrow();
        assertTrue(problem.contains("refuses queued commit " + mine.commitId()) && problem.contains("ConflictException"),
                problem);
        assertTrue(queue.toString().contains("stuck: "), queue.toString());
        assertFalse(queue.awaitDrained(Duration.ofMillis(500)), "never dropped");
        long tries = figure("retries");
        Await.until("it keeps trying", () -> figure("retries") > tries);
        assertEquals(1, queue.queued());
        assertEquals(2, queue.load(a).orElseThrow().value("count"), "the queue still shows its commit");
        assertEquals(7, memory.load(a).orElseThrow().value("count"));
    }

    @Test
    void aStuckCommitIsSetAsideToAFileAndTheCommitsBehindItGoOn() throws Exception {
        ObjectId a = ObjectId.random();
        queue.commit(create(a, "a", 1));
        drained();
        wrapped.refuseCommits = true;
        ChangeSet mine = count("test", a, 1, 1, 2);
        queue.commit(mine);
        // Made on top of it: passed on alone, it would overwrite the other writer's value.
        ChangeSet onTop = count("test2", a, 2, 2, 3);
        queue.commit(onTop);
        ObjectId b = ObjectId.random();
        ChangeSet behind = create(b, "b", 3);
        // Held back until the queue is opened again: the journal alone must say what left the queue.
        wrapped.holdBack = behind.commitId();
        queue.commit(behind);
        Path file = journal.resolveSibling(journal.getFileName() + "-aside.json");
        Await.until("the drain fails", () -> figure("failing") == 1);
        // Failing (the store not taking commits) is not stuck: nothing is set aside.
        IllegalStateException notStuck = assertThrows(IllegalStateException.class, () -> queue.setAsideStuck(file));
        assertTrue(notStuck.getMessage().contains("is not stuck"), notStuck.getMessage());
        assertFalse(Files.exists(file));

        memory.commit(count("other", a, 1, 1, 7)); // another writer
        wrapped.refuseCommits = false;
        Await.until("the drain is refused", () -> figure("stuck") == 1);
        Files.writeString(file, "something of the user's");
        StoreException exists = assertThrows(StoreException.class, () -> queue.setAsideStuck(file));
        assertTrue(exists.getMessage().contains("the file exists") && exists.getMessage().contains(file.toString()),
                exists.getMessage());
        assertEquals("something of the user's", Files.readString(file), "an existing file is not overwritten");
        assertEquals(3, queue.queued(), "nothing set aside");
        Files.delete(file);

        assertEquals(List.of(mine.commitId(), onTop.commitId()), queue.setAsideStuck(file),
                "set aside with the commit made on top of it");
        assertEquals(1, queue.queued(), "the commit behind it that touches other objects is still queued");
        assertEquals(0L, figure("stuck"));
        assertEquals(2L, figure("set.aside"));
        assertEquals(7, queue.load(a).orElseThrow().value("count"), "the queue shows the store's value again");
        String aside = Files.readString(file);
        assertTrue(aside.contains(mine.commitId().toString()) && aside.contains("\"acknowledgedAs\" : 2")
                && aside.contains(onTop.commitId().toString()) && aside.contains("\"acknowledgedAs\" : 3")
                && aside.contains("ConflictException") && aside.contains("\"count\" : 2"), aside);
        assertTrue(posted.stream().anyMatch(e -> e.getTopic().equals(Topics.commit(queue.name()))
                && e.getProperty(Topics.RESYNC) != null && String.valueOf(e.getProperty(Topics.RESYNC)).contains("set aside")),
                "listeners are told to read afresh");

        queue.close();
        queue = open(options());
        assertEquals(1, queue.queued(), "a queue opened on the journal again holds only the commit behind it");
        wrapped.holdBack = null;
        drained();
        assertEquals(3, memory.load(b).orElseThrow().value("count"), "the commit behind it went on");
        assertEquals(7, memory.load(a).orElseThrow().value("count"), "the commits set aside never reached the store");
        assertEquals(0L, figure("stuck"));
        assertTrue(queue.problem().isEmpty(), queue.problem().toString());
        Files.delete(file);
    }

    /**
     * A queue with these options whose head another writer made stale (it is refused: stuck once the
     * drain tries it), with more commits of new objects behind it; returns the object of its head.
     */
    private ObjectId stuckQueue(QueueStoreOptions options, int behind) throws InterruptedException {
        queue.close();
        queue = open(options);
        ObjectId a = ObjectId.random();
        queue.commit(create(a, "a", 1));
        drained();
        wrapped.refuseCommits = true;
        queue.commit(count("test", a, 1, 1, 2));
        memory.commit(count("other", a, 1, 1, 7)); // another writer
        for (int i = 0; i < behind; i++) {
            queue.commit(create(ObjectId.random(), "behind" + i, 3));
        }
        wrapped.refuseCommits = false;
        return a;
    }

    @Test
    void aStuckQueueAnswersReadsAndASetAsideWhileItsDrainPauses() throws Exception {
        ObjectId a = stuckQueue(QueueStoreOptions.defaults(journal).withRetryMax(Duration.ofSeconds(30)), 0);
        // Pauses double from 50 ms: after the seventh refusal the drain waits 3.2 s before trying again.
        Await.until("the drain is refused seven times", WAIT, () -> figure("stuck") == 1 && figure("retries") >= 7);
        long t0 = System.nanoTime();
        assertEquals(2, queue.load(a).orElseThrow().value("count"), "the queue still shows its commit");
        long readMs = (System.nanoTime() - t0) / 1_000_000;
        ObjectId c = ObjectId.random();
        t0 = System.nanoTime();
        queue.commit(create(c, "c", 4));
        long commitMs = (System.nanoTime() - t0) / 1_000_000;
        Path file = journal.resolveSibling(journal.getFileName() + "-paused.json");
        t0 = System.nanoTime();
        assertEquals(1, queue.setAsideStuck(file).size());
        long setAsideMs = (System.nanoTime() - t0) / 1_000_000;
        // The read and the set-aside waited for the drain's pause to end while it held the reads' gate.
        assertTrue(readMs < 1500 && commitMs < 1500 && setAsideMs < 1500, "read " + readMs + " ms, commit " + commitMs
                + " ms, set aside " + setAsideMs + " ms, during a pause of 3.2 s");
        ObjectId b = ObjectId.random();
        queue.commit(create(b, "b", 3));
        drained();
        assertEquals(4, memory.load(c).orElseThrow().value("count"), "the commit behind the stuck one went on");
        assertEquals(3, memory.load(b).orElseThrow().value("count"));
        Files.delete(file);
    }

    @Test
    void figuresAnswerWhileAReadWaitsForTheStoreAndTheDrainWaitsForTheRead() throws Exception {
        ObjectId a = ObjectId.random();
        queue.commit(create(a, "a", 1));
        drained();
        ChangeSet held = create(ObjectId.random(), "held", 2);
        wrapped.holdBack = held.commitId(); // the drain retries it every 100 ms at most, taking the state lock each time
        queue.commit(held);
        Await.until("the drain fails", () -> figure("failing") == 1);
        java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
        wrapped.slowReads = slow;
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> read = threads.submit(() -> queue.load(a));
            Thread.sleep(500); // the drain's next attempt now waits for the read to end
            // As the Stores view reads them on the workbench's thread: not behind the slow read.
            java.util.concurrent.Future<Map<String, Long>> figures = threads.submit(queue::figures);
            Map<String, Long> f = figures.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(1L, f.get("queued"));
            assertTrue(f.get("behind.ms") >= 0 && f.get("failing") == 1L, f.toString());
            assertFalse(read.isDone(), "the read was still waiting for the store");
            slow.countDown();
            read.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            slow.countDown();
            wrapped.slowReads = null;
            threads.shutdownNow();
        }
        wrapped.holdBack = null;
        drained();
        assertEquals(0L, figure("queued"));
        assertEquals(0L, figure("behind.ms"));
    }

    @Test
    void aSetAsideIsNotHeldBehindCommitsWaitingForRoomInAFullStuckQueue() throws Exception {
        ObjectId a = stuckQueue(options().withMaxQueued(2, Duration.ofSeconds(20)), 1); // full
        Await.until("the drain is refused", () -> figure("stuck") == 1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        Path file = journal.resolveSibling(journal.getFileName() + "-full.json");
        try {
            ObjectId c = ObjectId.random();
            java.util.concurrent.atomic.AtomicReference<Thread> committer = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.Future<CommitResult> waiting = threads.submit(() -> {
                committer.set(Thread.currentThread());
                return queue.commit(create(c, "c", 4));
            });
            Await.until("the commit waits for room", () -> committer.get() != null
                    && committer.get().getState() == Thread.State.TIMED_WAITING);
            assertFalse(waiting.isDone(), "no room for it yet");
            // Before 2026-12-06 the set-aside waited until the commit gave up waiting (20 s here).
            java.util.concurrent.Future<List<UUID>> aside = threads.submit(() -> queue.setAsideStuck(file));
            assertEquals(1, aside.get(5, java.util.concurrent.TimeUnit.SECONDS).size());
            assertFalse(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS).duplicate(), "room again: it is queued");
            drained();
            assertEquals(4, memory.load(c).orElseThrow().value("count"));
            assertEquals(7, memory.load(a).orElseThrow().value("count"), "the commit set aside never reached the store");
        } finally {
            threads.shutdownNow();
            Files.deleteIfExists(file);
        }
    }

    @Test
    void readsAnswerWhileADrainedCommitWaitsForTheStoresAnswerAndSeeItOnce() throws Exception {
        ObjectId a = ObjectId.random();
        ObjectId d = ObjectId.random();
        queue.commit(create(a, "a", 1));
        queue.commit(create(d, "d", 2));
        drained();
        java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
        wrapped.slowAnswers = slow; // the store applies the drained commit, then its answer takes long
        ObjectId b = ObjectId.random();
        ObjectId c = ObjectId.random();
        // A change, a new tree and a deletion in one commit.
        queue.commit(new ChangeSet(UUID.randomUUID(), "test", "a, b and c, not d", List.of(
                new Record(b, ITEM, 0, Map.of("name", "b", "count", 2, "children", List.of(c))),
                new Record(c, ITEM, 0, b, Map.of("name", "c", "count", 3))),
                List.of(new ChangeSet.Change(a, ITEM, 1, null, Map.of("count", 2), Map.of("count", 1))),
                List.of(new ChangeSet.Deletion(memory.load(d).orElseThrow()))));
        Await.until("the store has the drained commit", () -> memory.load(c).isPresent());
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            // Until 2026-12-06 every read waited for the drain's answer (a REST store's up to a minute).
            java.util.concurrent.Future<List<Object>> reads = threads.submit(() -> List.of(
                    queue.load(a).orElseThrow(), queue.rootIds(),
                    queue.query(Query.on(ITEM).eq("count", 2)).stream().map(Record::id).toList(), queue.roots().size(),
                    queue.loadTree(b).keySet(), queue.load(d).isPresent()));
            List<Object> seen = reads.get(5, java.util.concurrent.TimeUnit.SECONDS);
            Record readA = (Record) seen.get(0);
            assertEquals(2, readA.value("count"));
            assertEquals(2L, readA.version());
            // The commit is in the store and still in the queue: each object is there once.
            assertEquals(2, ((List<?>) seen.get(1)).size(), seen.get(1).toString());
            assertEquals(java.util.Set.of(a, b), java.util.Set.copyOf((List<?>) seen.get(1)));
            assertEquals(2, ((List<?>) seen.get(2)).size(), seen.get(2).toString());
            assertEquals(java.util.Set.of(a, b), java.util.Set.copyOf((List<?>) seen.get(2)));
            assertEquals(2, seen.get(3));
            assertEquals(java.util.Set.of(b, c), seen.get(4));
            assertEquals(false, seen.get(5), "deleted");
            assertEquals(1, queue.queued(), "not drained until the store answers");
        } finally {
            slow.countDown();
            wrapped.slowAnswers = null;
            threads.shutdownNow();
        }
        drained();
        assertEquals(Map.of(2, 2L, 3, 1L), queue.countBy(ITEM, "count"));
        assertEquals(2, queue.rootIds().size());
    }

    @Test
    void whatTheJournalHoldsIsDrainedByTheNextQueueOnIt() throws Exception {
        wrapped.refuseCommits = true;
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, queue.commit(create(ObjectId.random(), "j" + i, i)).sequence());
        }
        String epoch = queue.epoch();
        queue.close();
        assertTrue(memory.rootIds().isEmpty());
        wrapped.refuseCommits = false;
        queue = open(options());
        assertEquals(epoch, queue.epoch(), "the journal keeps the queue's epoch");
        drained();
        assertEquals(List.of("j0", "j1", "j2"), memory.roots().stream().map(r -> r.value("name")).toList());
        assertEquals(4, queue.commit(create(ObjectId.random(), "j3", 3)).sequence(), "sequences go on");
        drained();
        assertEquals(4, memory.rootIds().size());
    }
}
