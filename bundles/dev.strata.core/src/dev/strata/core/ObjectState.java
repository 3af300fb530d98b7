package dev.strata.core;

/** Where an object stands in its session's unit of work. */
public enum ObjectState {
    /** Loaded from the store and equal to its persistent form. */
    CLEAN,
    /** Created in this session; the next commit creates it. */
    NEW,
    /** Loaded from the store; at least one persistent feature now differs from the store's value. */
    DIRTY,
    /** Loaded from the store and deleted (or detached from its container); the next commit deletes it. */
    DELETED,
    /** No longer managed: a new object rolled back or detached, or a deleted object after commit. */
    DISCARDED,
    /** The last commit failed because another commit changed this object first. */
    CONFLICT
}
