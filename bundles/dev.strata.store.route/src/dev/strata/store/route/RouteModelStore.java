package dev.strata.store.route;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import dev.strata.core.ModelStore;

/**
 * A {@link ModelStore} over several stores (shards), each holding whole containment trees. Reads
 * of an object go to the shard holding it, queries and counts to all of them (merged in the
 * query's order, the limit applied to the whole); roots are listed in the order they were added.
 * A commit touching several shards is applied on all or none: in two phases on shards that can
 * prepare ({@link dev.strata.core.TwoPhaseStore}: PostgreSQL, MariaDB), with the decision kept in
 * a coordinator log between the phases; on others one part after another, undone if a later part
 * is refused (not atomic across a crash; such a route store does not claim ATOMIC).
 * <p>
 * {@link #figures()} holds {@code shards}, {@code commits}, {@code acrossShards} (commits with
 * parts on several shards), {@code inDoubt} (decided or preparing and not finished) and
 * {@code recovered} (transactions settled after a crash).
 */
@ProviderType
public interface RouteModelStore extends ModelStore, AutoCloseable {

    /** The shards, in the order placement counts them. */
    List<ModelStore> shards();

    /**
     * Settles commits a crash left undecided: parts of decided commits still prepared are
     * committed, parts of undecided ones dropped. Runs when the store opens; safe to run again.
     *
     * @return how many commits were settled
     */
    int recover();

    /** Lets go of the coordinator log; the shards stay open. */
    @Override
    void close();
}
