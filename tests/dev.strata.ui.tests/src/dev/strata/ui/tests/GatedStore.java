package dev.strata.ui.tests;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import dev.strata.core.store.ForwardingStore;

/**
 * A store whose history reads ({@code log}, the first read of a revert and of a comparison of two
 * commits) wait while the test holds its gate closed, as a REST store's do on a slow network: what
 * reads it on the UI thread would freeze the window, what reads it in a job does not. Other reads
 * pass, so that views which read the store for other reasons do not hold the test up.
 */
final class GatedStore extends ForwardingStore {

    /** Bounded, so that a read made on the UI thread fails the test instead of hanging it. */
    private static final long MAX_WAIT_SECONDS = 20;

    private final ModelStore store;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger waiting = new AtomicInteger();

    GatedStore(ModelStore store) {
        this.store = store;
    }

    @Override
    protected ModelStore delegate() {
        return store;
    }

    /** History reads wait from now until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Reads go through again, those waiting too. */
    void release() {
        gate.countDown();
    }

    /** How many reads are waiting at the gate now. */
    int waiting() {
        return waiting.get();
    }

    private void pass(String read) {
        CountDownLatch g = gate;
        if (g.getCount() == 0) {
            return;
        }
        waiting.incrementAndGet();
        try {
            if (!g.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Store '" + name() + "': " + read + " waited " + MAX_WAIT_SECONDS
                        + " s at a gate the test did not open");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Store '" + name() + "': " + read + " interrupted at the gate", e);
        } finally {
            waiting.decrementAndGet();
        }
    }

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        pass("log");
        return super.log(afterSequence, max);
    }
}
