package dev.strata.store.jdbc.internal;

import java.util.concurrent.locks.ReentrantLock;

import dev.strata.core.store.HistoryPolicy;

/**
 * Keeps strata_commit to the store's history policy: on opening, and after commits once enough
 * rows are past the policy to make a batch worth deleting (by count), or at most once a minute (by
 * age, which needs a query to know). A failed prune is logged and tried again later; commits go on.
 */
final class HistoryPruner {

    private static final System.Logger LOG = System.getLogger(HistoryPruner.class.getName());
    /** How often a policy by age looks for old rows after commits. */
    private static final long AGE_CHECK_MILLIS = 60_000;
    /** At most this many commits past a policy by count wait for the next prune. */
    private static final long MAX_SLACK = 1000;

    private final StoreContext s;
    private final CommitLog log;
    private final HistoryPolicy policy;
    private final long slack;
    private final ReentrantLock pruning = new ReentrantLock();
    private volatile long floor;
    private volatile long nextAgeCheck;

    HistoryPruner(StoreContext s, CommitLog log) {
        this.s = s;
        this.log = log;
        this.policy = s.options.history();
        // A tenth of the commits kept, so that a small policy is kept exactly and a large one in batches.
        this.slack = Math.min(MAX_SLACK, policy.commits().orElse(0) / 10);
    }

    /** Prunes whatever the policy no longer keeps. */
    void pruneNow() {
        if (policy.keepsAll()) {
            return;
        }
        pruning.lock();
        try {
            floor = log.prune(policy, 0);
            nextAgeCheck = System.currentTimeMillis() + AGE_CHECK_MILLIS;
        } finally {
            pruning.unlock();
        }
    }

    /** After a commit with this sequence: prunes when a batch is due; another thread pruning already is enough. */
    void afterCommit(long sequence) {
        if (policy.keepsAll()) {
            return;
        }
        boolean byCount = policy.commits().isPresent() && sequence - policy.commits().getAsLong() - floor > slack;
        boolean byAge = policy.age().isPresent() && System.currentTimeMillis() >= nextAgeCheck;
        if ((byCount || byAge) && pruning.tryLock()) {
            try {
                floor = log.prune(policy, slack);
                if (byAge) {
                    nextAgeCheck = System.currentTimeMillis() + AGE_CHECK_MILLIS;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Store '" + s.name + "': pruning strata_commit to history.keep "
                        + policy + " failed; it is tried again after later commits", e);
            } finally {
                pruning.unlock();
            }
        }
    }
}
