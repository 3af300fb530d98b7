package dev.strata.ui;

/** View ids contributed by {@code dev.strata.ui}. */
public final class StrataViews {

    /** The Model Explorer: repositories, root objects, contents, with each object's state. */
    public static final String EXPLORER = "dev.strata.ui.explorer";

    /** Properties: the selected object's features, edited in place. */
    public static final String PROPERTIES = "dev.strata.ui.properties";

    /** Pending Changes: objects by state, old and new values, Commit and Rollback. */
    public static final String PENDING = "dev.strata.ui.pending";

    /** History: the commit log of every store that keeps one. */
    public static final String HISTORY = "dev.strata.ui.history";

    /** The Stores view: every registered store, its type, capabilities and last commit. */
    public static final String STORES = "dev.strata.ui.stores";

    private StrataViews() {
    }
}
