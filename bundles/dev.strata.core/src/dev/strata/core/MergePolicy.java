package dev.strata.core;

import java.util.Locale;

/**
 * What a repository's sessions do when a commit meets objects that changed in the store since they
 * were read.
 *
 * @since 0.5
 */
public enum MergePolicy {
    /**
     * The default. The session rebases its pending changes on what the store has now and commits
     * again: changes to different features and compatible list edits of both sides merge by
     * themselves. What cannot merge (one feature set on both sides, even to the same value, an
     * object changed on one side and deleted on the other, one object moved to different containers)
     * refuses the commit with a {@link MergeConflictException} naming base, theirs and mine, for
     * {@link Session#resolve(MergeConflict, Resolution)}.
     */
    MERGE,
    /** Any newer version refuses the commit ({@link ConflictException}); nothing is merged. */
    REFUSE;

    /** Reads {@code merge} or {@code refuse} (as configuration holds it; empty is {@code merge}). */
    public static MergePolicy parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "merge", "" -> MERGE;
            case "refuse", "none", "off" -> REFUSE;
            default -> throw new StrataException("Unknown merge policy '" + text
                    + "': use merge (rebase on newer versions, report only real conflicts) or refuse"
                    + " (refuse a commit on any newer version)");
        };
    }
}
