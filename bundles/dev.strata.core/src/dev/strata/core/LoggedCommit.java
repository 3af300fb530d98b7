package dev.strata.core;

/**
 * One entry of a store's commit log: the change set as it was accepted and the sequence number it
 * got.
 */
public record LoggedCommit(long sequence, ChangeSet changes) {
}
