package dev.strata.core;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A store that can take part in a commit spanning several stores (two-phase commit): it prepares
 * its part, holding it durably undecided, and applies or drops it when told. A prepared part
 * survives a crash of the process that prepared it and of the store, and keeps the objects it
 * touches from other commits until it is decided. A coordinator that crashed finds its undecided
 * parts again through {@link #preparedIds}.
 *
 * @since 0.5
 */
@ProviderType
public interface TwoPhaseStore extends ModelStore {

    /**
     * Whether this store, as configured, can prepare; a store of a kind that usually can (a JDBC
     * store) may not on one database (H2 embedded).
     */
    boolean preparesCommits();

    /**
     * Checks and writes a change set as {@link #commit} does, but leaves it prepared under
     * {@code txId} instead of applying it: not visible to readers, not announced, kept across a
     * crash until {@link #commitPrepared} or {@link #rollbackPrepared}.
     *
     * @param txId at most 64 characters of letters, digits, ':' and '-'; unique per prepared part
     * @return what {@link #commit} would answer once the part is committed
     * @throws ConflictException when an expected version does not match; nothing is prepared
     */
    CommitResult prepare(ChangeSet changes, String txId);

    /**
     * Applies a prepared part and announces it as a commit. A part this process did not prepare
     * (found after a crash) is applied without an announcement. A part not prepared (any more) is
     * taken as applied already: nothing happens.
     */
    void commitPrepared(String txId);

    /** Drops a prepared part; one not prepared (any more) is taken as dropped already. */
    void rollbackPrepared(String txId);

    /** The ids of the parts prepared and not yet decided whose id starts with {@code prefix}. */
    List<String> preparedIds(String prefix);
}
