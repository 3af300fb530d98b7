package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.strata.core.store.Chunks;

/** Work split over the cores: every element once, results in list order, the first failure in list order. */
class ChunksTest {

    private static final int LARGE = 4 * Chunks.MIN_CHUNK;

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    void everyElementIsWorkedOnOnceAndResultsComeInListOrder() {
        List<List<Integer>> parts = Chunks.run(LARGE, ChunksTest::range);
        assertEquals(Chunks.count(LARGE), parts.size());
        List<Integer> all = new ArrayList<>();
        parts.forEach(all::addAll);
        assertEquals(range(0, LARGE), all);
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertTrue(parts.size() > 1, "a large list is split on a machine with several cores");
        }
    }

    @Test
    void aSmallListIsWorkedOnByTheCallerAlone() {
        Thread caller = Thread.currentThread();
        List<Thread> ran = Chunks.run(Chunks.MIN_CHUNK, (from, to) -> Thread.currentThread());
        assertEquals(List.of(caller), ran);
        assertEquals(1, Chunks.count(2 * Chunks.MIN_CHUNK - 1));
    }

    @Test
    void theFirstFailureInListOrderIsThrownWhicheverThreadFailedFirst() {
        // Every chunk fails; the later ones at once, the first only after a while.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chunks.run(LARGE, (from, to) -> {
            if (from == 0) {
                pause(200);
            }
            throw new IllegalStateException("chunk from " + from);
        }));
        assertEquals("chunk from 0", e.getMessage());
        if (Chunks.count(LARGE) > 1) {
            int second = LARGE / Chunks.count(LARGE);
            IllegalArgumentException later = assertThrows(IllegalArgumentException.class, () -> Chunks.run(LARGE,
                    (from, to) -> {
                        if (from == second) {
                            throw new IllegalArgumentException("chunk from " + from);
                        }
                        return from;
                    }));
            assertEquals("chunk from " + second, later.getMessage());
        }
    }

    @Test
    void noChunkIsStillRunningWhenTheCallEndsInAFailure() {
        Set<Integer> started = ConcurrentHashMap.newKeySet();
        Set<Integer> finished = ConcurrentHashMap.newKeySet();
        assertThrows(IllegalStateException.class, () -> Chunks.run(LARGE, (from, to) -> {
            if (from == 0) {
                pause(100); // the pool starts the others meanwhile
                throw new IllegalStateException("first");
            }
            started.add(from);
            pause(300);
            finished.add(from);
            return from;
        }));
        assertEquals(started, finished, "a chunk started is finished before the failure is thrown");
    }

    @Test
    void workAsideIsDoneOnceByTheCallerIfNoThreadTookItAndNotAtAllOnceGivenUp() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Chunks.Aside<Integer> a = Chunks.aside(runs::incrementAndGet);
        assertEquals(1, a.join());
        assertEquals(1, a.join(), "done once");
        assertEquals(1, runs.get());
        // Every pool thread held up (a few more tasks than it has threads, in case it has spares):
        // the work is given up before any thread took it.
        CountDownLatch release = new CountDownLatch(1);
        int threads = ForkJoinPool.getCommonPoolParallelism() + 4;
        List<Chunks.Aside<Integer>> blockers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            blockers.add(Chunks.aside(() -> {
                await(release);
                return 0;
            }));
        }
        AtomicInteger dropped = new AtomicInteger();
        Chunks.Aside<Integer> givenUp = Chunks.aside(dropped::incrementAndGet);
        pause(100); // the blockers hold every pool thread
        givenUp.drop();
        Chunks.Aside<Integer> needed = Chunks.aside(() -> 42);
        assertEquals(42, needed.join(), "done by the caller while the pool is busy");
        release.countDown();
        blockers.forEach(Chunks.Aside::join);
        pause(100);
        assertEquals(0, dropped.get());
        RuntimeException thrown = new IllegalArgumentException("aside");
        assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> Chunks.aside(() -> {
            throw thrown;
        }).join()));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anErrorIsThrownAsItIs() {
        OutOfMemoryError error = new OutOfMemoryError("in a chunk");
        assertSame(error, assertThrows(OutOfMemoryError.class, () -> Chunks.run(LARGE, (from, to) -> {
            if (to == LARGE) {
                throw error;
            }
            return from;
        })));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
