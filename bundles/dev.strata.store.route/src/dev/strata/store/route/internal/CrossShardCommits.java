package dev.strata.store.route.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.StoreException;
import dev.strata.core.TwoPhaseStore;

/**
 * A route store's commits with parts on several shards, and the recovery of those a crash left
 * undecided: two phases with the decision forced to the {@link CoordinatorLog} between them where
 * every shard can prepare, one part after another (undone when a later one is refused) where not.
 * Callers hold the route store's commit lock; recovery takes it only for a look at the coordinator
 * log (see {@link #recover}).
 */
final class CrossShardCommits {

    private static final System.Logger LOG = System.getLogger(CrossShardCommits.class.getName());

    private final String name;
    private final List<ModelStore> shards;
    private final CoordinatorLog coordinator;
    private final ExecutorService fanOut;
    private final ReentrantLock commitLock;
    /** Names this route store's prepared parts in the shards' databases, which others may share. */
    private final String txPrefix;
    private final AtomicLong acrossShards = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();
    /** One recovery at a time: at start, on the retry thread, when asked. */
    private final ReentrantLock recovering = new ReentrantLock();

    CrossShardCommits(String name, List<ModelStore> shards, CoordinatorLog coordinator, ExecutorService fanOut,
            ReentrantLock commitLock) {
        this.name = name;
        this.shards = shards;
        this.coordinator = coordinator;
        this.fanOut = fanOut;
        this.commitLock = commitLock;
        this.txPrefix = "st:" + Integer.toHexString(coordinator.epoch().hashCode()) + ":";
    }

    static boolean prepares(ModelStore s) {
        return s instanceof TwoPhaseStore t && t.preparesCommits();
    }

    long acrossShards() {
        return acrossShards.get();
    }

    long recovered() {
        return recovered.get();
    }

    /** Settles what a crash left; a shard that cannot be reached now is tried again later. */
    void recoverOrRetry() {
        try {
            recover();
        } catch (StoreException e) {
            // A shard down at start: reads of the others go on; settling is tried again.
            LOG.log(System.Logger.Level.WARNING, e.getMessage(), e);
            retryLater(RETRY_MS);
        }
    }

    void close() {
        retries.shutdownNow();
    }

    private String txId(UUID commitId) {
        return txPrefix + commitId;
    }

    private static String partTx(String txId, int shard) {
        return txId + ":" + shard;
    }

    /**
     * Prepares every part, forces the decision to the coordinator log, then commits every part. A
     * part that cannot be prepared drops them all; once decided, a part that cannot be committed
     * now is committed by {@link #recover} (at the next start, or when asked).
     */
    CommitResult inTwoPhases(ChangeSet changes, Parts parts) {
        String tx = txId(changes.commitId());
        if (coordinator.isOpen(tx)) {
            // Sent again (a queue draining after a crash) before recovery settled what the crash left:
            // its parts would have the same names as the ones recovery is about to drop.
            throw new StoreException("Route store '" + name + "': commit " + changes.commitId() + " was left undecided"
                    + " by a crash and recovery has not settled it yet (a shard may be unreachable); nothing was"
                    + " applied, send it again once recovery has run");
        }
        coordinator.preparing(tx);
        Map<Integer, CommitResult> prepared = new java.util.TreeMap<>();
        List<RuntimeException> failures = new ArrayList<>();
        List<Future<CommitResult>> futures = new ArrayList<>();
        for (int i : parts.shards()) {
            TwoPhaseStore shard = (TwoPhaseStore) shards.get(i);
            ChangeSet part = parts.part(i, changes);
            futures.add(fanOut.submit(() -> shard.prepare(part, partTx(tx, i))));
        }
        for (int k = 0; k < futures.size(); k++) {
            int i = parts.shards().get(k);
            try {
                prepared.put(i, futures.get(k).get());
            } catch (ExecutionException e) {
                failures.add(e.getCause() instanceof RuntimeException r ? r
                        : new StoreException("Route store '" + name + "': preparing on shard '" + shards.get(i).name()
                                + "' failed: " + e.getCause(), e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(new StoreException("Route store '" + name + "': interrupted while preparing", e));
            }
        }
        if (!failures.isEmpty() || prepared.values().stream().anyMatch(CommitResult::duplicate)) {
            for (int i : parts.shards()) {
                try {
                    ((TwoPhaseStore) shards.get(i)).rollbackPrepared(partTx(tx, i));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Route store '" + name + "': could not drop prepared part "
                            + partTx(tx, i) + " on '" + shards.get(i).name() + "'; recovery will", e);
                }
            }
            coordinator.finished(tx, false);
            if (failures.isEmpty()) {
                throw new StoreException("Route store '" + name + "': commit " + changes.commitId()
                        + " was applied on some shards before, but not through this store's log; not applied again");
            }
            throw merged(failures);
        }
        Map<Integer, Long> seqs = new LinkedHashMap<>();
        Map<ObjectId, Long> versions = new HashMap<>();
        prepared.forEach((i, r) -> {
            seqs.put(i, r.sequence());
            versions.putAll(r.newVersions());
        });
        CoordinatorLog.Entry decided = coordinator.decide(changes.commitId(), tx, seqs, parts.newRoots());
        acrossShards.incrementAndGet();
        if (finish(tx, decided)) {
            coordinator.finished(tx, true);
        } else {
            retryLater(RETRY_MS);
        }
        return new CommitResult(changes.commitId(), decided.sequence(), versions, false);
    }

    private static final long RETRY_MS = 2_000;
    private static final long RETRY_MAX_MS = 60_000;
    /** Finishes decided commits whose parts could not all be applied at once (a shard down). */
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "strata-route-recovery");
        t.setDaemon(true);
        return t;
    });

    void retryLater(long delayMs) {
        try {
            retries.schedule(() -> {
                boolean again;
                try {
                    recover();
                    again = coordinator.unfinished().values().stream().anyMatch(java.util.Objects::nonNull);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, e.getMessage());
                    again = true; // a shard could not be reached: what it holds is settled at a later run
                }
                if (again) {
                    retryLater(Math.min(RETRY_MAX_MS, delayMs * 2));
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closed: the next start recovers
        }
    }

    /** Commits every part of a decided transaction; false if a shard could not be reached now. */
    private boolean finish(String tx, CoordinatorLog.Entry decided) {
        boolean all = true;
        List<Future<?>> futures = new ArrayList<>();
        List<Integer> order = new ArrayList<>(decided.parts().keySet());
        for (int i : order) {
            TwoPhaseStore shard = (TwoPhaseStore) shards.get(i);
            futures.add(fanOut.submit(() -> shard.commitPrepared(partTx(tx, i))));
        }
        for (int k = 0; k < futures.size(); k++) {
            try {
                futures.get(k).get();
            } catch (ExecutionException | InterruptedException e) {
                all = false;
                LOG.log(System.Logger.Level.WARNING, "Route store '" + name + "': commit " + decided.commitId()
                        + " is decided, but its part on '" + shards.get(order.get(k)).name()
                        + "' could not be applied yet; it stays prepared there until recovery applies it", e);
            }
        }
        return all;
    }

    /**
     * Applies the parts on shards that cannot prepare one after another; a part refused undoes the
     * parts applied before it. Not atomic across a crash of this process.
     */
    CommitResult oneAfterAnother(ChangeSet changes, Parts parts) {
        Map<Integer, CommitResult> done = new LinkedHashMap<>();
        Map<Integer, ChangeSet> sent = new LinkedHashMap<>();
        for (int i : parts.shards()) {
            ChangeSet part = parts.part(i, changes);
            try {
                done.put(i, shards.get(i).commit(part));
                sent.put(i, part);
            } catch (RuntimeException e) {
                for (Map.Entry<Integer, CommitResult> d : done.entrySet()) {
                    try {
                        shards.get(d.getKey()).commit(sent.get(d.getKey()).reverse(d.getValue().newVersions(),
                                UUID.randomUUID()));
                    } catch (RuntimeException undo) {
                        e.addSuppressed(new StoreException("Route store '" + name + "': could not undo the part of commit "
                                + changes.commitId() + " applied on '" + shards.get(d.getKey()).name() + "': "
                                + undo.getMessage(), undo));
                    }
                }
                throw e;
            }
        }
        Map<Integer, Long> seqs = new LinkedHashMap<>();
        Map<ObjectId, Long> versions = new HashMap<>();
        done.forEach((i, r) -> {
            seqs.put(i, r.sequence());
            versions.putAll(r.newVersions());
        });
        CoordinatorLog.Entry e = coordinator.decide(changes.commitId(), null, seqs, parts.newRoots());
        acrossShards.incrementAndGet();
        return new CommitResult(changes.commitId(), e.sequence(), versions, false);
    }

    /** One exception for several shards' refusals: conflicts together, else the first with the rest suppressed. */
    private RuntimeException merged(List<RuntimeException> failures) {
        List<ConflictException> conflicts = failures.stream().filter(ConflictException.class::isInstance)
                .map(ConflictException.class::cast).toList();
        if (conflicts.size() == failures.size() && conflicts.size() > 1) {
            List<ConflictException.Conflict> all = new ArrayList<>();
            conflicts.forEach(c -> all.addAll(c.conflicts()));
            return new ConflictException(name, all);
        }
        RuntimeException first = conflicts.isEmpty() ? failures.getFirst() : conflicts.getFirst();
        failures.stream().filter(f -> f != first).forEach(first::addSuppressed);
        return first;
    }

    /**
     * Settles what a crash left undecided: a decided commit's parts still prepared are committed,
     * parts of undecided commits (in the coordinator log, or found prepared in a shard under this
     * store's prefix) are dropped. Runs when the store opens; safe to run again.
     * <p>
     * The commit lock is held only to read which commits are open: a commit holds it from its first
     * prepare to its decision, so an open commit not decided then was left by a crash, and a prepared
     * part listed before that moment belongs to a commit no longer on its way. Settling (which waits
     * as long as a shard that is down takes to answer) does not hold up commits to the other shards.
     *
     * @return the number of transactions settled
     */
    int recover() {
        recovering.lock();
        try {
            // A shard that cannot be listed now is swept at the next run; the others are settled now.
            Map<TwoPhaseStore, List<String>> found = new LinkedHashMap<>();
            List<RuntimeException> unlisted = new ArrayList<>();
            for (ModelStore s : shards) {
                if (prepares(s)) {
                    try {
                        found.put((TwoPhaseStore) s, ((TwoPhaseStore) s).preparedIds(txPrefix));
                    } catch (RuntimeException e) {
                        unlisted.add(e);
                    }
                }
            }
            Map<String, CoordinatorLog.Entry> unfinished;
            commitLock.lock();
            try {
                unfinished = coordinator.unfinished();
            } finally {
                commitLock.unlock();
            }
            int settled = 0;
            for (Map.Entry<String, CoordinatorLog.Entry> u : unfinished.entrySet()) {
                String tx = u.getKey();
                if (u.getValue() != null) {
                    if (finish(tx, u.getValue())) {
                        coordinator.finished(tx, true);
                        settled++;
                    }
                } else {
                    try {
                        for (int i = 0; i < shards.size(); i++) {
                            if (prepares(shards.get(i))) {
                                ((TwoPhaseStore) shards.get(i)).rollbackPrepared(partTx(tx, i));
                            }
                        }
                        coordinator.finished(tx, false);
                        settled++;
                    } catch (RuntimeException e) {
                        unlisted.add(e); // stays open (a commit sent again is refused) until the next run
                    }
                }
            }
            // Prepared parts the log never named (the P line was lost with the crash): never decided.
            for (Map.Entry<TwoPhaseStore, List<String>> f : found.entrySet()) {
                for (String part : f.getValue()) {
                    String tx = part.substring(0, part.lastIndexOf(':'));
                    if (!unfinished.containsKey(tx) && !decided(tx)) {
                        f.getKey().rollbackPrepared(part);
                        settled++;
                    }
                }
            }
            recovered.addAndGet(settled);
            if (settled > 0) {
                LOG.log(System.Logger.Level.INFO, "Route store '" + name + "': settled " + settled
                        + " commit(s) across shards left undecided by a crash");
            }
            if (!unlisted.isEmpty()) {
                throw merged(unlisted); // the caller tries again later
            }
            return settled;
        } catch (RuntimeException e) {
            throw new StoreException("Route store '" + name + "': could not settle the commits a crash left undecided"
                    + " (they stay prepared and keep their objects locked; recovery runs again at the next start): "
                    + e.getMessage(), e);
        } finally {
            recovering.unlock();
        }
    }

    /** Whether the coordinator log holds a decision for a transaction of this store (finished since it was listed, say). */
    private boolean decided(String tx) {
        try {
            return tx.length() > txPrefix.length()
                    && coordinator.byCommit(UUID.fromString(tx.substring(txPrefix.length()))) != null;
        } catch (IllegalArgumentException e) {
            return false; // not a commit id: no commit of this store's
        }
    }
}
