package dev.strata.ui;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sits between the event bus and a view: keys (object ids, store names) offered from any thread are
 * coalesced, and handed to the view on its executor (the UI thread) at most once per interval. A
 * burst of any size costs the UI a handful of refreshes, and the last refresh always comes after
 * the last offer, so the final state is shown.
 *
 * @param <K> what changed, e.g. an object id
 */
public final class UpdateQueue<K> {

    /** About 30 refreshes per second. */
    public static final long DEFAULT_INTERVAL_MS = 33;

    private final Consumer<Set<K>> target;
    private final Executor ui;
    private final ScheduledExecutorService timer;
    private final long intervalNanos;
    private Set<K> pending = new LinkedHashSet<>();
    private boolean scheduled;
    private long lastDelivery;

    /**
     * @param target   receives each batch, on {@code ui}
     * @param ui       runs deliveries (e.g. {@code display::asyncExec})
     * @param timer    schedules the next delivery; shared, not owned
     * @param interval the least time between two deliveries
     */
    public UpdateQueue(Consumer<Set<K>> target, Executor ui, ScheduledExecutorService timer, long interval,
            TimeUnit unit) {
        this.target = target;
        this.ui = ui;
        this.timer = timer;
        this.intervalNanos = unit.toNanos(interval);
        this.lastDelivery = System.nanoTime() - intervalNanos;
    }

    /** Notes that these keys changed; cheap, never blocks on the UI. */
    public void offer(Collection<? extends K> keys) {
        synchronized (this) {
            pending.addAll(keys);
            if (scheduled || pending.isEmpty()) {
                return;
            }
            scheduled = true;
        }
        long wait = Math.max(0, lastDelivery + intervalNanos - System.nanoTime());
        timer.schedule(this::deliver, wait, TimeUnit.NANOSECONDS);
    }

    private void deliver() {
        Set<K> batch;
        synchronized (this) {
            batch = pending;
            pending = new LinkedHashSet<>();
            scheduled = false;
            lastDelivery = System.nanoTime();
        }
        if (!batch.isEmpty()) {
            ui.execute(() -> target.accept(batch));
        }
    }
}
