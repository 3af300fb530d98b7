package dev.strata.store.route.tests;

import java.util.List;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ModelStore;
import dev.strata.core.TwoPhaseStore;
import dev.strata.core.store.ForwardingStore;

/** A shard passing everything to another that prepares commits; the tests' shards override what they change. */
class TwoPhaseShard extends ForwardingStore implements TwoPhaseStore {

    final TwoPhaseStore shard;

    TwoPhaseShard(TwoPhaseStore shard) {
        this.shard = shard;
    }

    @Override
    protected ModelStore delegate() {
        return shard;
    }

    @Override
    public boolean preparesCommits() {
        return shard.preparesCommits();
    }

    @Override
    public CommitResult prepare(ChangeSet changes, String txId) {
        return shard.prepare(changes, txId);
    }

    @Override
    public void commitPrepared(String txId) {
        shard.commitPrepared(txId);
    }

    @Override
    public void rollbackPrepared(String txId) {
        shard.rollbackPrepared(txId);
    }

    @Override
    public List<String> preparedIds(String prefix) {
        return shard.preparedIds(prefix);
    }
}
