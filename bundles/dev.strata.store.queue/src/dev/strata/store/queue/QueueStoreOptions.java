package dev.strata.store.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a queue store works.
 *
 * @param journalDirectory the folder of the journal (made if missing); one queue store per folder
 * @param maxQueued        commits queued at most; a commit beyond waits for the drain
 * @param maxWait          how long such a commit waits before it is refused
 * @param coalesce         whether consecutive commits of one session changing the same features of
 *                         the same objects go to the wrapped store as one commit
 * @param retryMax         the longest pause between two attempts of a failing drain
 * @param sync             force each journal entry to disk before acknowledging (off only for tests
 *                         that measure something else)
 */
public record QueueStoreOptions(Path journalDirectory, int maxQueued, Duration maxWait, boolean coalesce,
        Duration retryMax, boolean sync) {

    public QueueStoreOptions {
        Objects.requireNonNull(journalDirectory, "journalDirectory");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(retryMax, "retryMax");
        if (!journalDirectory.isAbsolute()) {
            throw new IllegalArgumentException("journal.directory '" + journalDirectory + "' is not an absolute path");
        }
        if (maxQueued < 1) {
            throw new IllegalArgumentException("max.queued must be at least 1, was " + maxQueued);
        }
        if (maxWait.isNegative() || retryMax.isNegative() || retryMax.isZero()) {
            throw new IllegalArgumentException("max.wait.ms must be >= 0 and retry.max.ms > 0, were "
                    + maxWait.toMillis() + " and " + retryMax.toMillis());
        }
    }

    /** 10,000 commits at most, waiting 30 s for room, coalescing, retried at least every 30 s, synced. */
    public static QueueStoreOptions defaults(Path journalDirectory) {
        return new QueueStoreOptions(journalDirectory, 10_000, Duration.ofSeconds(30), true, Duration.ofSeconds(30),
                true);
    }

    public QueueStoreOptions withMaxQueued(int max, Duration wait) {
        return new QueueStoreOptions(journalDirectory, max, wait, coalesce, retryMax, sync);
    }

    public QueueStoreOptions withCoalesce(boolean on) {
        return new QueueStoreOptions(journalDirectory, maxQueued, maxWait, on, retryMax, sync);
    }

    public QueueStoreOptions withRetryMax(Duration max) {
        return new QueueStoreOptions(journalDirectory, maxQueued, maxWait, coalesce, max, sync);
    }
}
