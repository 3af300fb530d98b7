package dev.strata.store.mirror.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.StoreException;
import dev.strata.core.VetoException;
import dev.strata.store.mirror.ReplicaStatus;

/**
 * Copies the primary's log to one replica, on a thread of its own: how far the replica has got is
 * found from the replica's newest commit id in the primary's log, so it survives restarts; a
 * replica the log no longer reaches is refilled from a full copy; a failure is retried after a
 * pause that doubles up to the mirror's longest, and shown in the status until an attempt works.
 */
final class Replica {

    private static final System.Logger LOG = System.getLogger(Replica.class.getName());
    /** Logged commits read from the primary at once. */
    private static final int BATCH = 500;
    /** The first pause after a failure. */
    private static final long FIRST_RETRY_MILLIS = 100;

    private final MirrorStore mirror;
    private final ModelStore store;
    private final long retryMaxMillis;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicBoolean queued = new AtomicBoolean();

    /** The primary's sequence up to which the replica holds every commit; -1 when not known. */
    private volatile long copiedTo = -1;
    /** The last position known for sure, shown while {@link #copiedTo} is being found out again. */
    private volatile long confirmed = -1;
    /** The mirror's setup generation the replica was last given. */
    private volatile long setUp = -1;
    private volatile boolean waitingToRetry;
    private volatile boolean closed;
    private volatile String failing = "";
    private volatile String note = "";
    private final LongAdder copied = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder refills = new LongAdder();

    /** How many of the mirror's migrations the replica has had (or needed not). */
    private volatile int migrations;
    /** Failures in a row; the copier thread's. */
    private int failures;
    /** Migrations the replica has had, and its model versions; the copier thread's. */
    private final Set<String> migrated = new HashSet<>();
    private final Map<String, Integer> versions = new HashMap<>();

    Replica(MirrorStore mirror, ModelStore store, Duration retryMax) {
        this.mirror = mirror;
        this.store = store;
        this.retryMaxMillis = retryMax.toMillis();
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "strata mirror " + mirror.name() + " to " + store.name());
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    ModelStore store() {
        return store;
    }

    long copiedTo() {
        return copiedTo;
    }

    /**
     * True when reads may go to the replica: it has every commit up to {@code needed}, every
     * migration made through the mirror, and is told of the model.
     */
    boolean current(long needed) {
        return copiedTo >= needed && failing.isEmpty() && setUp == mirror.setupGeneration()
                && migrations == mirror.migrations().size();
    }

    ReplicaStatus status(long head) {
        long at = copiedTo >= 0 ? copiedTo : confirmed;
        return new ReplicaStatus(store.name(), at, Math.max(0, head - Math.max(at, 0)), copied.sum(), retries.sum(),
                refills.sum(), failing, note);
    }

    /** Asks for a pass soon, unless one is queued or a retry waits for its time. */
    void wake() {
        if (closed || waitingToRetry || !queued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::pass);
        } catch (RejectedExecutionException e) {
            queued.set(false); // closed meanwhile
        }
    }

    void close() {
        closed = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ on the copier thread

    private void pass() {
        queued.set(false);
        if (closed) {
            return;
        }
        try {
            long generation = mirror.setupGeneration();
            if (setUp != generation) {
                setUp();
                setUp = generation;
            }
            if (copiedTo < 0) {
                at(position());
            }
            copy();
            failures = 0;
            failing = "";
        } catch (RuntimeException e) {
            // Found out afresh next time: the replica may have been restored, replaced or refilled half.
            copiedTo = -1;
            setUp = -1;
            failing = e.getClass().getSimpleName() + ": " + e.getMessage();
            retries.increment();
            long pause = Math.min(retryMaxMillis, FIRST_RETRY_MILLIS << Math.min(failures++, 20));
            LOG.log(Level.WARNING, "Mirror '" + mirror.name() + "' could not copy to replica '" + store.name()
                    + "'; trying again in " + pause + " ms: " + failing);
            waitingToRetry = true;
            try {
                executor.schedule(() -> {
                    waitingToRetry = false;
                    wake();
                }, pause, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closedMeanwhile) {
                waitingToRetry = false;
            }
        } finally {
            mirror.progressed();
        }
    }

    /** Tells the replica what the primary holds data of, before anything is copied to it. */
    private void setUp() {
        if (!mirror.packages().isEmpty()) {
            store.useModel(mirror.packages(), mirror.modelIndexes());
        }
        store.declareIndexes(mirror.primary().indexes());
        versions.clear();
        versions.putAll(store.modelVersions());
        migrated.clear();
        migrated.addAll(store.appliedMigrations());
        for (Map.Entry<String, Integer> e : mirror.modelVersionsAt(migrations).entrySet()) {
            if (!versions.containsKey(e.getKey())) {
                store.initModelVersion(e.getKey(), e.getValue());
                versions.put(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Where the replica is in the primary's log: at its newest commit, found there. A replica
     * without a log that holds nothing starts from the beginning; otherwise it is refilled.
     */
    private long position() {
        List<LoggedCommit> newest = store.recentLog(1);
        if (newest.isEmpty()) {
            if (store.rootIds().isEmpty()) {
                return 0;
            }
            return refill("it holds data but keeps no log of commits to tell how far it got");
        }
        UUID id = newest.get(0).changes().commitId();
        long at = find(id);
        if (at < 0) {
            return refill("its newest commit " + id + " is not in the primary's log, which reaches back to sequence "
                    + mirror.primary().logFloor());
        }
        return at;
    }

    /** The primary's sequence of the commit with this id, or -1; newest commits first, as a replica is rarely far behind. */
    private long find(UUID id) {
        ModelStore primary = mirror.primary();
        List<LoggedCommit> recent = primary.recentLog(64);
        if (!recent.isEmpty()) {
            mirror.saw(recent.get(recent.size() - 1).sequence()); // how far behind, from the start
        }
        for (int i = recent.size() - 1; i >= 0; i--) {
            if (recent.get(i).changes().commitId().equals(id)) {
                return recent.get(i).sequence();
            }
        }
        long after = primary.logFloor();
        while (!closed) {
            List<LoggedCommit> batch = primary.log(after, BATCH);
            if (batch.isEmpty()) {
                return -1;
            }
            for (LoggedCommit c : batch) {
                if (c.changes().commitId().equals(id)) {
                    return c.sequence();
                }
            }
            after = batch.get(batch.size() - 1).sequence();
        }
        throw new StoreException("Mirror '" + mirror.name() + "' closed while looking for replica '" + store.name()
                + "' in the primary's log");
    }

    /** Copies the primary's commits after {@link #copiedTo} until the log has no more. */
    private void copy() {
        ModelStore primary = mirror.primary();
        while (!closed) {
            long known = mirror.head();
            List<LoggedCommit> batch = primary.log(copiedTo, BATCH);
            // Read after the log: a floor raised meanwhile means the batch may have skipped commits.
            long floor = primary.historyFloor();
            if (floor > copiedTo) {
                at(refill("the primary's log no longer holds every commit after sequence " + copiedTo
                        + " with its values (it holds them after " + floor + ")"));
                continue;
            }
            if (batch.isEmpty()) {
                migrateUpTo(copiedTo);
                String mismatch = modelMismatch();
                if (mismatch != null) {
                    at(refill(mismatch));
                    continue;
                }
                // Every logged commit up to what the mirror knew of is copied; the rest changed no record.
                at(Math.max(copiedTo, known));
                return;
            }
            for (LoggedCommit c : batch) {
                mirror.saw(c.sequence());
                migrateUpTo(c.sequence() - 1);
                if (!apply(c)) {
                    break;
                }
                at(c.sequence());
                mirror.progressed();
            }
        }
    }

    /**
     * Commits one logged commit to the replica with its commit id (one it has seen is not applied
     * again). False when the replica did not fit it and was refilled instead.
     */
    private boolean apply(LoggedCommit c) {
        try {
            CommitResult result = store.commit(c.changes());
            if (!result.duplicate()) {
                copied.increment();
            }
            return true;
        } catch (ConflictException | InvalidChangeException | VetoException e) {
            at(refill("commit " + c.changes().commitId() + " (the primary's sequence " + c.sequence()
                    + ") does not fit what it holds: " + e.getMessage()));
            return false;
        }
    }

    /**
     * Why the replica's model versions differ from the primary's at the replica's place in the
     * copy (a migration made on the primary, not through the mirror), or null when they do not.
     */
    private String modelMismatch() {
        for (Map.Entry<String, Integer> e : mirror.modelVersionsAt(migrations).entrySet()) {
            Integer have = versions.get(e.getKey());
            if (have != null && !have.equals(e.getValue())) {
                return "it holds " + e.getKey() + " at model version " + have + " and the primary at " + e.getValue()
                        + ", migrated other than through the mirror";
            }
        }
        return null;
    }

    private void at(long sequence) {
        copiedTo = sequence;
        confirmed = sequence;
    }

    /** Applies the migrations made through the mirror after commits up to this sequence of the primary, in order. */
    private void migrateUpTo(long sequence) {
        List<MirrorStore.Pending> all = mirror.migrations();
        while (migrations < all.size() && all.get(migrations).after() <= sequence) {
            Migration m = all.get(migrations).migration();
            // A replica that has it, or is at another model version (refilled after it), has no use for it.
            if (!migrated.contains(m.id()) && Integer.valueOf(m.fromVersion()).equals(versions.get(m.nsUri()))) {
                store.migrate(m);
                versions.put(m.nsUri(), m.toVersion());
                migrated.add(m.id());
            }
            migrations++;
        }
    }

    /** Refills the replica from a full copy of the primary, saying why; the primary's sequence it now holds. */
    private long refill(String why) {
        copiedTo = -1;
        String message = "Replica '" + store.name() + "' of mirror '" + mirror.name()
                + "' is refilled from a full copy of the primary: " + why;
        note = message;
        LOG.log(Level.WARNING, message);
        Refill refill = new Refill(mirror, store, versions, migrated);
        long at = refill.run();
        migrations = refill.migrations();
        refills.increment();
        note = message + " (done, at the primary's sequence " + at + ")";
        return at;
    }
}
