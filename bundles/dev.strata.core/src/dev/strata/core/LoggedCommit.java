package dev.strata.core;

import java.time.Instant;

/**
 * One entry of a store's commit log: the change set as it was accepted, the sequence number it
 * got and when the store accepted it.
 *
 * @param time when the store accepted the commit, to the millisecond; null when the store did not
 *             record it (commits logged before times were kept)
 */
public record LoggedCommit(long sequence, ChangeSet changes, Instant time) {

    /** A logged commit whose time is unknown. */
    public LoggedCommit(long sequence, ChangeSet changes) {
        this(sequence, changes, null);
    }

    /**
     * Who committed: the change set's author, empty when unknown.
     *
     * @since 0.4
     */
    public String author() {
        return changes.author();
    }
}
