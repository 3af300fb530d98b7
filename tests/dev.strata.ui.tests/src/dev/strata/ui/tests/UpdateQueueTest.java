package dev.strata.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.strata.ui.UpdateQueue;

/** A burst of notifications becomes a few coalesced deliveries, the last one after the last offer. */
class UpdateQueueTest {

    @Test
    void aBurstOfOneHundredThousandChangesIsCoalescedAndNothingIsLost() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            Set<Integer> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger deliveries = new AtomicInteger();
            AtomicLong lastDelivery = new AtomicLong();
            UpdateQueue<Integer> queue = new UpdateQueue<>(batch -> {
                seen.addAll(batch);
                deliveries.incrementAndGet();
                lastDelivery.set(System.nanoTime());
            }, Runnable::run, timer, UpdateQueue.DEFAULT_INTERVAL_MS, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            for (int i = 0; i < 100_000; i++) {
                queue.offer(List.of(i % 50_000, 50_000 + i));
            }
            long lastOffer = System.nanoTime();
            long deadline = System.currentTimeMillis() + 10_000;
            while (seen.size() < 150_000 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertEquals(150_000, seen.size(), "every key delivered");
            assertTrue(lastDelivery.get() >= lastOffer, "the final state comes after the last change");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(lastDelivery.get() - start);
            long allowed = elapsedMs / UpdateQueue.DEFAULT_INTERVAL_MS + 2;
            assertTrue(deliveries.get() <= allowed, deliveries.get() + " deliveries in " + elapsedMs + " ms");
        } finally {
            timer.shutdownNow();
        }
    }
}
