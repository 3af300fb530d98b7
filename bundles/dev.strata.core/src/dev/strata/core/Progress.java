package dev.strata.core;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives progress of long operations (opening a large store, compaction, import, migration).
 * Adapt it to an Eclipse {@code IProgressMonitor} in the UI, or print it on a console.
 */
@ConsumerType
@FunctionalInterface
public interface Progress {

    /** Ignores progress. */
    Progress NONE = (task, done, total) -> { };

    /**
     * @param task  what is being done, e.g. "Replaying journal of store 'tasks'"
     * @param done  units done so far
     * @param total units in all, or -1 if unknown
     */
    void worked(String task, long done, long total);

    /** True if the user asked to stop; operations that can stop safely check it. */
    default boolean isCancelled() {
        return false;
    }
}
