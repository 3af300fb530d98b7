package dev.strata.core;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where records live. Stores are registered as OSGi services with the {@link #NAME} property;
 * configuration decides which stores exist, and application code selects one by name.
 * <p>
 * Guarantees every implementation gives (the contract test kit checks them): a commit is applied
 * completely or not at all; a commit whose expected versions differ from the store's raises
 * {@link ConflictException} and changes nothing; a commit id seen before is not applied twice;
 * every accepted commit is announced once on {@link Topics#commit(String)}. Implementations are
 * thread-safe.
 */
@ProviderType
public interface ModelStore {

    /** Service property carrying the store's name; also the last segment of its commit topic. */
    String NAME = "strata.store";
    /** Service property carrying the store's type (memory, file, jdbc, rest, ...). */
    String TYPE = "strata.store.type";

    /** What a store can promise. */
    enum Capability {
        /** Commits are all or nothing. */
        ATOMIC,
        /** An acknowledged commit survives a crash of the process. */
        DURABLE,
        /** Declared indexes answer queries. */
        QUERYABLE,
        /** Commits made elsewhere (another process or machine) are announced too. */
        NOTIFIES
    }

    String name();

    Set<Capability> capabilities();

    /** The record with this id, or empty if the store has none. */
    Optional<Record> load(ObjectId id);

    /** The records with these ids that exist, keyed by id. */
    Map<ObjectId, Record> loadAll(Collection<ObjectId> ids);

    /**
     * Applies a change set atomically.
     *
     * @throws ConflictException when an expected version does not match; nothing is applied
     * @throws StoreException    when the store cannot apply it; nothing is applied
     */
    CommitResult commit(ChangeSet changes);
}
