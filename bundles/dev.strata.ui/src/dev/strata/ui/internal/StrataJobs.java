package dev.strata.ui.internal;

/**
 * Families of the jobs Strata's views run, for {@code IJobManager.find/join} and tests. Every job
 * also belongs to {@link #ALL}.
 */
public final class StrataJobs {

    /** Every Strata job. */
    public static final Object ALL = "dev.strata.ui.jobs";
    /** Commits of many objects from Pending Changes. */
    public static final Object COMMIT = "dev.strata.ui.jobs.commit";
    /** Loading a repository's root objects for the Model Explorer. */
    public static final Object LOAD = "dev.strata.ui.jobs.load";
    /** Importing an XMI file into a new file store, or a model file into a repository. */
    public static final Object IMPORT = "dev.strata.ui.jobs.import";
    /** Writing a repository to a model file. */
    public static final Object EXPORT = "dev.strata.ui.jobs.export";
    /** Waiting for a newly configured store to start. */
    public static final Object START_STORE = "dev.strata.ui.jobs.store";
    /** Reading the stores' logs for the Stores and History views. */
    public static final Object LOG = "dev.strata.ui.jobs.log";
    /** Opening a repository as of a past commit (History's Open As of This Commit). */
    public static final Object PAST = "dev.strata.ui.jobs.past";
    /** Comparing the store after two commits selected together in History (the Compare view). */
    public static final Object COMPARE = "dev.strata.ui.jobs.compare";
    /** Reverting commits into the pending changes (History's Revert). */
    public static final Object REVERT = "dev.strata.ui.jobs.revert";
    /** Trying whether a store that could not be read answers again (the workbench does not read it meanwhile). */
    public static final Object STORE_CHECK = "dev.strata.ui.jobs.storecheck";
    /** Searches run from the Search dialog. */
    public static final Object SEARCH = "dev.strata.ui.jobs.search";

    private StrataJobs() {
    }

    static boolean belongs(Object family, Object own) {
        return family == ALL || family == own;
    }
}
