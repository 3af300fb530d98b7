package dev.strata.core;

import java.util.Map;
import java.util.UUID;

/**
 * What a store answers to a successful commit.
 *
 * @param commitId    the change set's commit id
 * @param sequence    the store's commit counter after this commit (increases by one per commit)
 * @param newVersions the version each created or changed object has now
 * @param duplicate   true when the commit id had been applied before and nothing was done again
 */
public record CommitResult(UUID commitId, long sequence, Map<ObjectId, Long> newVersions, boolean duplicate) {
    public CommitResult {
        newVersions = Map.copyOf(newVersions);
    }
}
