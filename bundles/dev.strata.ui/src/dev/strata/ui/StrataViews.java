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

    /**
     * Compare: the selected object's committed values beside its session values, or what the commit
     * selected in History did.
     */
    public static final String COMPARE = "dev.strata.ui.compare";

    /** The Stores view: every store, its type, capabilities, status and last commit; add, edit, remove, import. */
    public static final String STORES = "dev.strata.ui.stores";

    /** The Strata perspective: the views above around the editor area. */
    public static final String PERSPECTIVE = "dev.strata.ui.perspective";

    /** Search Results: the objects the last search (Search…, Ctrl+H) found; double-click reveals one in the explorer. */
    public static final String SEARCH = "dev.strata.ui.search";

    private StrataViews() {
    }
}
