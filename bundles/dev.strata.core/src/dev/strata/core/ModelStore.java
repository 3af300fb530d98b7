package dev.strata.core;

import java.util.Collection;
import java.util.List;
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
        NOTIFIES,
        /**
         * Explicit locks with leases ({@link ModelStore#lock}); a commit touching an object another
         * session locked is refused.
         *
         * @since 0.5
         */
        LOCKS
    }

    String name();

    Set<Capability> capabilities();

    /**
     * Tells the store which packages its data is made of, before a repository reads or writes.
     * Stores that lay out storage by EClass (the JDBC store's tables) create or extend it here;
     * others need not care. Called again with the same packages, it changes nothing.
     *
     * @param packages the packages, as the repository uses them
     * @param indexes  the indexes the repository will declare, so storage can be sized for them
     */
    default void useModel(List<org.eclipse.emf.ecore.EPackage> packages, Collection<IndexDef> indexes) {
    }

    /** The record with this id, or empty if the store has none. */
    Optional<Record> load(ObjectId id);

    /** The records with these ids that exist, keyed by id. */
    Map<ObjectId, Record> loadAll(Collection<ObjectId> ids);

    /**
     * A record and everything it contains, keyed by id, read as of one point in time so that a
     * concurrent commit is seen entirely or not at all. Empty if there is no such record. Stores
     * should override the default, which reads level by level and is not atomic.
     */
    default Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return RecordTrees.collect(rootId, this::loadAll);
    }

    /**
     * The trees under several roots at once, keyed by id (each tree as {@link #loadTree} reads it).
     * A session opening a model with many roots (UML's stereotype applications) asks for them
     * together; stores that pay per query (JDBC) read them with one query.
     */
    default Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        Map<ObjectId, Record> all = new java.util.LinkedHashMap<>();
        for (ObjectId id : rootIds) {
            all.putAll(loadTree(id));
        }
        return all;
    }

    /**
     * Declares the indexes the store keeps from now on, building them over existing data. Declaring
     * an index that exists is a no-op; indexes not in the set are kept.
     *
     * @throws VetoException if existing data violates a unique index being declared
     */
    void declareIndexes(Collection<IndexDef> indexes);

    /** The indexes this store keeps. */
    Collection<IndexDef> indexes();

    /**
     * Records matching the query, through declared indexes only.
     *
     * @throws MissingIndexException when no declared index serves a condition or the order
     */
    List<Record> query(Query query);

    /**
     * How many objects of the type have each value of the feature.
     *
     * @throws MissingIndexException when no index is declared on the feature
     */
    Map<Object, Long> countBy(TypeRef type, String feature);

    /** Model version of each package whose data the store holds, by namespace URI (empty for a new store). */
    Map<String, Integer> modelVersions();

    /** Ids of the migrations applied to this store, oldest first. */
    List<String> appliedMigrations();

    /**
     * Records that the store holds data of this package at this version, without changing data.
     * Used when a repository first uses a store for a package.
     */
    void initModelVersion(String nsUri, int version);

    /**
     * Applies a migration to every record of its package atomically, together with the new model
     * version and the record of the migration. Each migrated record's version advances by one, so
     * sessions that read before the migration get a conflict instead of writing old-form data.
     *
     * @throws StoreException if the store's model version is not the migration's starting version
     */
    void migrate(Migration migration);

    /**
     * Recent commits the store keeps, oldest first: those after {@code afterSequence}, at most
     * {@code max}. Empty for a store that keeps no log. How far back the log reaches is the store's
     * history policy ({@code history.keep} in its configuration): the memory store keeps its newest
     * 10,000 commits unless configured otherwise, the file and JDBC stores every commit.
     */
    default java.util.List<LoggedCommit> log(long afterSequence, int max) {
        return java.util.List.of();
    }

    /**
     * The newest commits the store keeps, at most {@code max}, oldest first (the last is the
     * newest): what a history shows, without reading the whole log. Stores override this to read
     * only those commits; the default reads the log from its floor.
     *
     * @since 0.4
     */
    default java.util.List<LoggedCommit> recentLog(int max) {
        if (max <= 0) {
            return java.util.List.of();
        }
        java.util.List<LoggedCommit> all = log(logFloor(), Integer.MAX_VALUE);
        return java.util.List.copyOf(all.subList(Math.max(0, all.size() - max), all.size()));
    }

    /**
     * Names this store's commit history. Sequences only mean something within one epoch: when it
     * changes (a new memory store, another store's directory or database in place of this one's)
     * sequences may start again, and a follower that remembered a sequence must read afresh instead
     * of resuming. Stable across restarts of a persistent store. Empty when the store cannot tell.
     *
     * @since 0.2
     */
    default String epoch() {
        return "";
    }

    /**
     * The sequence after which {@link #log} holds every logged commit: a follower that has seen
     * the commits up to a sequence at or above it misses nothing by reading the log from there; one
     * below it was away longer than the store keeps commits and must read afresh. The default, 0,
     * suits a store whose log keeps every commit (or that keeps no log).
     *
     * @since 0.2
     */
    default long logFloor() {
        return 0;
    }

    /**
     * The sequence after which every logged commit carries its values before and after (the
     * features' old and new values, deleted records as they were, created records whole), so that
     * a past state can be rebuilt back to it by undoing commits from the newest. At or above
     * {@link #logFloor()}: a store whose log once kept only which objects a commit touched (a JDBC
     * database from before values were kept) reports the last such commit. The default is the log
     * floor, for stores whose logged commits always carry values.
     *
     * @since 0.5
     */
    default long historyFloor() {
        return logFloor();
    }

    /**
     * Drops and rebuilds a declared index from the data (after a suspected inconsistency, or a
     * change to how values compare).
     *
     * @throws StoreException if the index is not declared or the store cannot rebuild indexes
     */
    default void rebuildIndex(IndexDef index) {
        throw new StoreException("Store '" + name() + "' cannot rebuild indexes");
    }

    /**
     * Running figures of the store, by name, for consoles and status views (a cache's hits,
     * misses and objects held); empty when the store keeps none. Cheap to call, never reads data.
     *
     * @since 0.5
     */
    default Map<String, Long> figures() {
        return Map.of();
    }

    /**
     * What the user of this store should know about the state of its data, though the store works,
     * in a sentence for consoles and status views: a file store whose snapshot had to be written in
     * another format than the one chosen, saying why. Empty when there is nothing to say. Cheap to
     * call, never reads data; a store layered over another does not repeat its notice.
     *
     * @since 0.10
     */
    default java.util.Optional<String> notice() {
        return java.util.Optional.empty();
    }

    /** The records without a container, in no particular order. */
    List<Record> roots();

    /**
     * The ids of {@link #roots()}, in the same order, for a reader that loads the roots' trees next
     * (a session opening its model) and needs no root record read twice.
     */
    default List<ObjectId> rootIds() {
        return roots().stream().map(Record::id).toList();
    }

    /**
     * Applies a change set atomically, keeping declared indexes in the same commit.
     * <p>
     * Created records arrive with version 0 and are stored as version 1; each changed or deleted
     * record must still have its expected version. A unique index violated by the commit raises
     * {@link VetoException} and nothing is applied.
     *
     * @throws ConflictException when an expected version does not match; nothing is applied
     * @throws StoreException    when the store cannot apply it; nothing is applied
     */
    CommitResult commit(ChangeSet changes);

    /**
     * Takes explicit locks for a session, all or none: refused with a {@link LockedException} when
     * another session holds a WRITE lock on one of the objects, or any lock when WRITE is asked.
     * The session's own locks are taken again with the new mode and lease. Until the lease ends or
     * {@link #unlock} lets them go, commits of other sessions touching the objects are refused with
     * a {@link LockedException} too. Stores without {@link Capability#LOCKS} refuse.
     *
     * @param owner  the session ({@link ChangeSet#session()} of its commits)
     * @param holder who, for people
     * @since 0.5
     */
    default void lock(String owner, String holder, java.util.Collection<ObjectId> ids, LockMode mode,
            java.time.Duration lease) {
        throw new StoreException("Store '" + name() + "' does not support explicit locks");
    }

    /**
     * Lets a session's locks go: those on {@code ids}, or all of them when {@code ids} is empty.
     *
     * @since 0.5
     */
    default void unlock(String owner, java.util.Collection<ObjectId> ids) {
        // a store without locks holds none
    }

    /**
     * The locks held now (leases not ended), of every session.
     *
     * @since 0.5
     */
    default java.util.List<LockInfo> locks() {
        return java.util.List.of();
    }
}
