package dev.strata.core;

/**
 * An explicit lock's kind ({@link Session#lock}): any number of sessions may hold READ locks on an
 * object, while a WRITE lock is held by one session alone and keeps every other session's commits
 * off the object.
 *
 * @since 0.5
 */
public enum LockMode {
    /** Others may read-lock too; nobody else may write-lock or commit changes of the object. */
    READ,
    /** Nobody else may lock the object or commit changes of it. */
    WRITE
}
