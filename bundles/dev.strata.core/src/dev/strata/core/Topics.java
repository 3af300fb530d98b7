package dev.strata.core;

/**
 * Event Admin topics and event property names Strata publishes. Every commit a store accepts is
 * announced exactly once on {@link #commit(String)}, posted asynchronously.
 * <p>
 * A store that follows commits made elsewhere (the REST store) may lose track of them: the server's
 * store was replaced and its sequence started again, or the follower was away longer than the
 * server keeps commits. It then posts one event with {@link #RESYNC} on the same commit topic,
 * naming no commit and no objects, so that handlers refreshing on commits refresh; whoever holds
 * objects or query results from that store must read them again.
 */
public final class Topics {

    /** Prefix of all commit topics; subscribe to {@code strata/commit/*} for every store. */
    public static final String COMMIT_PREFIX = "strata/commit/";
    /** Wildcard subscription for commits of every store. */
    public static final String COMMIT_ALL = COMMIT_PREFIX + "*";

    /** Property: the name of the store that committed (String). */
    public static final String STORE = "strata.store";
    /** Property: the commit id (String form of a UUID). */
    public static final String COMMIT_ID = "strata.commit.id";
    /** Property: ids of created objects (String[]). */
    public static final String CREATED = "strata.created";
    /** Property: ids of changed objects (String[]). */
    public static final String CHANGED = "strata.changed";
    /** Property: ids of deleted objects (String[]). */
    public static final String DELETED = "strata.deleted";
    /** Property: the session that made the commit, if known (String). */
    public static final String SESSION = "strata.session";
    /** Property: EClasses touched by the commit, as {@link TypeRef#toString()} (String[]). */
    public static final String TYPES = "strata.types";
    /** Property: the version each created or changed object has now, as "id=version" (String[]). */
    public static final String VERSIONS = "strata.versions";
    /** Property: the store's commit counter after the commit (Long). */
    public static final String SEQUENCE = "strata.sequence";

    /**
     * Property: why the store read afresh instead of announcing commits one by one (String). Only on
     * a resync event: it has {@link #STORE} and {@link #SEQUENCE} (where the store follows from now
     * on), empty {@link #CREATED}, {@link #CHANGED}, {@link #DELETED} and {@link #TYPES}, and no
     * {@link #COMMIT_ID}. Any object of the store may have changed or gone, and commits may have been
     * missed: refresh everything read from it.
     *
     * @since 0.2
     */
    public static final String RESYNC = "strata.resync";

    /**
     * Posted when a session's pending changes change: at once when they go from none to some or
     * back, and after each commit, rollback or return to a savepoint; for any other edit within
     * ~25 ms, one event for a burst of edits. Properties: {@link #SESSION}, {@link #REPOSITORY},
     * {@link #PENDING}.
     */
    public static final String SESSION_CHANGED = "strata/session/changed";
    /** Property: the repository name (String). */
    public static final String REPOSITORY = "strata.repository";
    /** Property: the number of objects with pending changes (Integer). */
    public static final String PENDING = "strata.pending";

    private Topics() {
    }

    /** The topic commits of the named store are posted on. */
    public static String commit(String store) {
        return COMMIT_PREFIX + store;
    }
}
