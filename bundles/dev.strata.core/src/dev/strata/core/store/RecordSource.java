package dev.strata.core.store;

import java.util.List;
import java.util.function.Consumer;

import dev.strata.core.ObjectId;
import dev.strata.core.Record;

/**
 * Records a {@link RecordTable} reads when asked instead of holding them (a snapshot on disk, read
 * record by record): the table keeps only what was written after them. A source never changes;
 * it may be read from several threads at once.
 *
 * @since 0.7
 */
public interface RecordSource {

    /** How many records the source holds. */
    int size();

    /**
     * The record with this id, decoded now, or null if the source has none.
     *
     * @throws dev.strata.core.StoreException if the record's bytes are damaged (naming where)
     */
    Record read(ObjectId id);

    /** The ids of the root records (without a container), in their order. */
    List<ObjectId> rootIds();

    /**
     * Gives the id and type of every record in turn: what a table's ids by type need. By default the
     * records are decoded; a source that keeps ids and types apart gives them without decoding.
     *
     * @throws java.util.concurrent.CancellationException if the source was closed meanwhile
     */
    default void forEachType(java.util.function.BiConsumer<ObjectId, dev.strata.core.TypeRef> action) {
        forEach(r -> action.accept(r.id(), r.type()));
    }

    /**
     * Gives every record in turn, each decoded once.
     *
     * @throws java.util.concurrent.CancellationException if the source was closed meanwhile (its
     *         store closed); a table building its indexes then refuses queries and commits
     */
    void forEach(Consumer<Record> action);
}
