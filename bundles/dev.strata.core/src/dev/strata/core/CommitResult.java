package dev.strata.core;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.strata.core.internal.OrderedVersions;

/**
 * What a store answers to a successful commit.
 *
 * @param commitId    the change set's commit id
 * @param sequence    the store's commit counter after this commit (increases by one per commit)
 * @param newVersions the version each created or changed object has now
 * @param duplicate   true when the commit id had been applied before and nothing was done again
 * @param diagnostics what validation found and reported without refusing the commit (see
 *                    {@link Validation}); stores answer none
 */
public record CommitResult(UUID commitId, long sequence, Map<ObjectId, Long> newVersions, boolean duplicate,
        List<String> diagnostics) {
    public CommitResult {
        // A store's own immutable, ordered versions are kept as they are (a million-object commit
        // would copy them into a hash table nobody reads in bulk).
        newVersions = newVersions instanceof OrderedVersions ? newVersions : Map.copyOf(newVersions);
        diagnostics = List.copyOf(diagnostics);
    }

    /** A store's answer, with no diagnostics. */
    public CommitResult(UUID commitId, long sequence, Map<ObjectId, Long> newVersions, boolean duplicate) {
        this(commitId, sequence, newVersions, duplicate, List.of());
    }

    /** This result with validation's reported findings. */
    public CommitResult withDiagnostics(List<String> found) {
        return new CommitResult(commitId, sequence, newVersions, duplicate, found);
    }
}
