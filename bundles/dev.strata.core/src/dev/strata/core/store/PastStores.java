package dev.strata.core.store;

import dev.strata.core.At;
import dev.strata.core.ModelStore;
import dev.strata.core.internal.PastStore;

/**
 * A store as it was at a point of its history, for code that works on stores rather than
 * sessions (a server answering {@code ?at=}): a read-only {@link ModelStore} whose reads, roots and
 * queries answer as the store did just after that commit, rebuilt from the live store and its log,
 * as {@link dev.strata.core.Repository#openSession(At)} does.
 *
 * @since 0.5
 */
public final class PastStores {

    private PastStores() {
    }

    /**
     * @throws dev.strata.core.StrataException if the point is older than the history the store keeps,
     *                                         in the future, or names a commit its log does not hold
     */
    public static ModelStore at(ModelStore live, At at) {
        return PastStore.open(live, at);
    }

    /**
     * The objects the commits after {@code from} up to {@code to} created, changed or deleted, read
     * from the log a page at a time: what can differ between the store at the two points.
     */
    public static java.util.Set<dev.strata.core.ObjectId> touchedBetween(ModelStore store, long from, long to) {
        java.util.Set<dev.strata.core.ObjectId> touched = new java.util.LinkedHashSet<>();
        for (long seen = from; seen < to;) {
            java.util.List<dev.strata.core.LoggedCommit> page = store.log(seen, LOG_PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (dev.strata.core.LoggedCommit c : page) {
                if (c.sequence() > to) {
                    return touched;
                }
                touched.addAll(LockTable.touched(c.changes()));
            }
            seen = page.getLast().sequence();
        }
        return touched;
    }

    /** Commits read from a log at once. */
    private static final int LOG_PAGE = 1000;
}
