package dev.strata.store.queue.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What the drain last met at the queue's head: nothing, a wrapped store that cannot take the commit
 * now (failing: tried again after a pause that doubles up to {@code retry.max}), or one that
 * refuses it (stuck: only setting it aside lets the queue go on). Read by any thread; changed by
 * the drain, and by a set-aside while it holds the gate. The pause is the drain's own.
 */
final class DrainStatus {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);

    private final String wrappedName;
    private final Duration retryMax;
    private final AtomicLong retries = new AtomicLong();
    private volatile String problem;
    private volatile boolean stuck;
    /** The group the wrapped store refused, while the queue is stuck on it. */
    private volatile Group stuckOn;
    /** What a drain waiting before its next attempt waits on. */
    private final Object wake = new Object();
    /**
     * Woken while not pausing yet (guarded by wake): the next pause is cut short at once, and the
     * one after it is the first again.
     */
    private boolean woken;
    private Duration pause = FIRST_PAUSE;

    DrainStatus(String wrappedName, Duration retryMax) {
        this.wrappedName = wrappedName;
        this.retryMax = retryMax;
    }

    /** Why the drain cannot go on, or null. */
    String problem() {
        return problem;
    }

    boolean stuck() {
        return stuck;
    }

    /** True if the wrapped store refused exactly this group, the queue's head. */
    boolean stuckOn(Group head) {
        return stuck && head != null && head == stuckOn;
    }

    long retries() {
        return retries.get();
    }

    /** The wrapped store did not take the group: refused it (stuck), or failed (tried again). */
    void failed(Group group, RuntimeException e, boolean refused) {
        retries.incrementAndGet();
        QueueJournal.Entry first = group.members.getFirst();
        problem = (refused ? "store '" + wrappedName + "' refuses queued commit " + first.changes().commitId()
                + " (acknowledged as commit " + first.sequence() + "; another writer changed it meanwhile?): "
                : "store '" + wrappedName + "' cannot take queued commit " + first.changes().commitId() + ": ")
                + e.getClass().getSimpleName() + ": " + e.getMessage();
        stuckOn = refused ? group : null;
        stuck = refused; // after the problem: whoever sees the queue stuck reads why
    }

    /** A problem that does not hold the queue up (it is reported until the next commit goes through). */
    void note(String problem) {
        this.problem = problem;
    }

    void clear() {
        problem = null;
        stuck = false;
        stuckOn = null;
    }

    /**
     * Waits before the drain's next attempt, twice as long as before up to retry.max, unless woken
     * ({@link #wake}) or closed; false if the drain was interrupted.
     */
    boolean pause(BooleanSupplier closed) {
        synchronized (wake) {
            try {
                if (!woken && !closed.getAsBoolean()) {
                    wake.wait(Math.max(1, pause.toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (woken) {
                woken = false;
                pause = FIRST_PAUSE; // a new head (the stuck one was set aside) starts from the first pause
                return true;
            }
        }
        Duration next = pause.multipliedBy(2);
        pause = next.compareTo(retryMax) > 0 ? retryMax : next;
        return true;
    }

    /** A commit went through: the next failure waits the first pause again. */
    void wentThrough() {
        pause = FIRST_PAUSE;
    }

    /** Cuts a pause short: closing, or the head was set aside. */
    void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }
}
