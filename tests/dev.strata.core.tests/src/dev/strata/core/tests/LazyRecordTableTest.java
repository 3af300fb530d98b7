package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.IndexDef;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.VetoException;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.store.RecordSource;
import dev.strata.core.store.RecordTable;

/** A table over a {@link RecordSource}: records read when asked, indexes built afterwards. */
class LazyRecordTableTest {

    private static final TypeRef ITEM = TypeRef.of(ContractModel.INSTANCE.item);

    /** Records in a map, counting what the table asks for. */
    private static final class CountingSource implements RecordSource {
        final Map<ObjectId, Record> records = new LinkedHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger walks = new AtomicInteger();
        volatile RuntimeException failWalk;
        /** When set, reading this id waits for {@link #readGate}, and the walk waits for {@link #walkGate} at its end. */
        volatile ObjectId gated;
        final java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch readGate = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch walked = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch walkGate = new java.util.concurrent.CountDownLatch(1);

        @Override
        public int size() {
            return records.size();
        }

        @Override
        public Record read(ObjectId id) {
            reads.incrementAndGet();
            if (id.equals(gated)) {
                reading.countDown();
                pass(readGate);
            }
            return records.get(id);
        }

        @Override
        public List<ObjectId> rootIds() {
            return records.values().stream().filter(Record::isRoot).map(Record::id).toList();
        }

        @Override
        public void forEach(Consumer<Record> action) {
            walks.incrementAndGet();
            if (failWalk != null) {
                throw failWalk;
            }
            records.values().forEach(action);
            if (gated != null) {
                walked.countDown();
                pass(walkGate);
            }
        }

        private static void pass(java.util.concurrent.CountDownLatch gate) {
            try {
                if (!gate.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened a gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private CountingSource source;
    private List<ObjectId> ids;

    @BeforeEach
    void setUp() {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        source = new CountingSource();
        ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Record r = new Record(ObjectId.random(), ITEM, 1, Map.of("name", "n" + i, "count", i));
            source.records.put(r.id(), r);
            ids.add(r.id());
        }
    }

    private RecordTable table() {
        RecordTable table = new RecordTable("lazy");
        table.loadLazily(source, 10, Map.of(), List.of(), List.of());
        return table;
    }

    @Test
    void aRecordIsReadFromTheSourceWhenAskedForAndNothingElseIs() {
        RecordTable table = table();
        assertEquals("n42", table.get(ids.get(42)).orElseThrow().value("name"));
        assertEquals(1, source.reads.get(), "one record read");
        assertEquals(0, source.walks.get(), "the source is not walked before something needs the indexes");
        assertFalse(table.indexesBuilt());
        assertEquals(100, table.size());
        assertEquals(ids, table.roots().stream().map(Record::id).toList(), "roots in the source's order");
        assertEquals(10, table.sequence());
    }

    @Test
    void commitsReplayedBeforeTheIndexesOverrideTheSourceAndTheIndexesSeeThem() {
        RecordTable table = table();
        Record first = table.get(ids.get(0)).orElseThrow();
        Record second = table.get(ids.get(1)).orElseThrow();
        Record added = new Record(ObjectId.random(), ITEM, 0, Map.of("name", "added"));
        table.replayCommit(new ChangeSet(UUID.randomUUID(), "test", "", List.of(added),
                List.of(new ChangeSet.Change(first.id(), ITEM, 1, null, Map.of("name", "renamed"), Map.of("name", "n0"))),
                List.of(new ChangeSet.Deletion(second))), 11);
        assertEquals("renamed", table.get(ids.get(0)).orElseThrow().value("name"));
        assertEquals(2, table.get(ids.get(0)).orElseThrow().version());
        assertTrue(table.get(ids.get(1)).isEmpty());
        assertEquals(100, table.size(), "one added, one deleted");
        assertEquals(0, source.walks.get());

        table.declareIndexes(List.of(new IndexDef(ITEM, "name", IndexDef.Kind.UNIQUE)));
        assertEquals(0, source.walks.get(), "declaring waits for nothing");
        assertEquals(1, table.indexes().size());
        assertEquals(100, table.query(Query.on(ITEM)).size());
        assertTrue(table.indexesBuilt());
        assertEquals(1, source.walks.get());
        assertEquals(List.of(first.id()), table.query(Query.on(ITEM).eq("name", "renamed")).stream().map(Record::id)
                .toList());
        assertTrue(table.query(Query.on(ITEM).eq("name", "n0")).isEmpty(), "the source's old value is not indexed");
        assertTrue(table.query(Query.on(ITEM).eq("name", "n1")).isEmpty(), "nor the deleted record");
        assertEquals(1, table.query(Query.on(ITEM).eq("name", "added")).size());
        assertThrows(VetoException.class, () -> table.commit(new ChangeSet(UUID.randomUUID(), "test", "",
                List.of(new Record(ObjectId.random(), ITEM, 0, Map.of("name", "n50"))), List.of(), List.of())));
        List<Record> all = table.all();
        assertEquals(100, all.size());
        assertEquals(table.allLater().get().stream().map(Record::id).toList(), all.stream().map(Record::id).toList());
    }

    @Test
    void equalityAndOrderedIndexesAreBuiltWhenAQueryFirstNeedsThem() {
        RecordTable table = table();
        table.declareIndexes(List.of(new IndexDef(ITEM, "count", IndexDef.Kind.EQUALITY),
                new IndexDef(ITEM, "name", IndexDef.Kind.ORDERED)));
        assertEquals(2, table.indexes().size(), "both declared");
        assertEquals(0, source.reads.get(), "declaring reads no record: a store read by id never holds them");
        // A commit before the first query: the index built later sees it.
        Record added = new Record(ObjectId.random(), ITEM, 0, Map.of("name", "n42b", "count", 42));
        table.commit(new ChangeSet(UUID.randomUUID(), "test", "", List.of(added), List.of(), List.of()));
        Record first = table.get(ids.get(0)).orElseThrow();
        table.commit(new ChangeSet(UUID.randomUUID(), "test", "", List.of(),
                List.of(new ChangeSet.Change(first.id(), ITEM, 1, null, Map.of("count", 42), Map.of("count", 0))),
                List.of()));

        assertEquals(java.util.Set.of(ids.get(42), added.id(), first.id()), table.query(Query.on(ITEM).eq("count", 42))
                .stream().map(Record::id).collect(java.util.stream.Collectors.toSet()));
        assertTrue(source.reads.get() >= 99, "the first query built the index from the records");
        assertTrue(table.query(Query.on(ITEM).eq("count", 0)).isEmpty(), "the old value is not indexed");
        assertEquals(List.of("n42", "n42b", "n43"), table.query(Query.on(ITEM).range("name", "n42", "n44")).stream()
                .map(r -> (String) r.value("name")).sorted().toList());
        assertEquals(3L, table.countBy(ITEM, "count").get(42));
    }

    /**
     * A replayed commit that waited for the table's lock while the index build started must not
     * run beside the build (which reads the records without the lock): the build would index a
     * record the commit deletes. Forced with gates: one replay holds the lock (its read of a
     * record waits), a second waits for the lock, then the build is asked for.
     */
    @Test
    void aReplayWaitingForTheLockWhenTheBuildStartsDoesNotRunBesideIt() throws Exception {
        RecordTable table = table();
        Record deleted = table.get(ids.get(0)).orElseThrow();
        ObjectId renamed = ids.get(1);
        source.gated = renamed;
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread holder = thread(failures, () -> table.replayCommit(new ChangeSet(UUID.randomUUID(), "test", "", List.of(),
                List.of(new ChangeSet.Change(renamed, ITEM, 1, null, Map.of("name", "renamed"), Map.of("name", "n1"))),
                List.of()), 11));
        assertTrue(source.reading.await(10, java.util.concurrent.TimeUnit.SECONDS), "the first replay reads under the lock");
        Thread waiter = thread(failures, () -> table.replayCommit(new ChangeSet(UUID.randomUUID(), "test", "",
                List.of(), List.of(), List.of(new ChangeSet.Deletion(deleted))), 12));
        awaitState(waiter, Thread.State.WAITING, "the second replay waits for the lock");
        Thread starter = thread(failures, table::buildIndexes);
        // The build either starts at once (and walks the source), or waits until the replays are done.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (source.walked.getCount() > 0 && starter.getState() != Thread.State.WAITING && starter.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        source.readGate.countDown();
        holder.join(10_000);
        waiter.join(10_000);
        source.walkGate.countDown();
        starter.join(10_000);
        assertEquals(List.of(), failures);

        List<ObjectId> items = table.query(Query.on(ITEM)).stream().map(Record::id).toList();
        assertFalse(items.contains(deleted.id()), "the deleted record is not found by type");
        assertEquals(99, items.size());
        // An index declared now is built from the ids by type: a deleted record left there breaks it.
        table.declareIndexes(List.of(new IndexDef(ITEM, "name", IndexDef.Kind.EQUALITY)));
        assertEquals(List.of(renamed), table.query(Query.on(ITEM).eq("name", "renamed")).stream().map(Record::id).toList());
        assertTrue(table.query(Query.on(ITEM).eq("name", "n0")).isEmpty(), "the deleted record's name is not indexed");
    }

    private static Thread thread(List<Throwable> failures, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "lazy-table-test");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitState(Thread t, Thread.State state, String what) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != state) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what + " (" + t.getState() + ")");
            Thread.sleep(5);
        }
    }

    @Test
    void whenTheIndexesCannotBeBuiltQueriesAndCommitsSaySoAndReadsStillAnswer() {
        source.failWalk = new StoreException("Damaged data in snapshot-3.bin at offset 4096");
        RecordTable table = table();
        table.buildIndexes();
        StoreException e = assertThrows(StoreException.class, () -> table.query(Query.on(ITEM)));
        assertTrue(e.getMessage().contains("snapshot-3.bin at offset 4096"), e.getMessage());
        assertThrows(StoreException.class, () -> table.commit(new ChangeSet(UUID.randomUUID(), "test", "",
                List.of(new Record(ObjectId.random(), ITEM, 0, Map.of("name", "x"))), List.of(), List.of())));
        assertEquals("n7", table.get(ids.get(7)).orElseThrow().value("name"));
    }
}
