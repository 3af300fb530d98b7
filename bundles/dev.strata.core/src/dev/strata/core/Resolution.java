package dev.strata.core;

/**
 * How {@link Session#resolve} settles an object its session's commit found changed (or deleted)
 * elsewhere since it was read: the object's {@link ObjectState#CONFLICT}.
 *
 * @since 0.4
 */
public enum Resolution {
    /**
     * Take theirs: this session's pending change of the object is dropped and the object shows what
     * the store has now; an object deleted elsewhere leaves the session (DISCARDED).
     */
    THEIRS,
    /**
     * Keep mine: this session's pending values stay and are rebased onto the version the store has
     * now, so the next commit overwrites the other change deliberately; what the other commit
     * changed in features this session left alone is taken in. Refused for an object deleted
     * elsewhere (it would have to be re-created).
     */
    MINE
}
