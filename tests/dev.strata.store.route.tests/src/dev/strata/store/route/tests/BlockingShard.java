package dev.strata.store.route.tests;

import java.util.List;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ModelStore;
import dev.strata.core.TwoPhaseStore;
import dev.strata.core.store.ForwardingStore;

/**
 * A shard that stops the process's commit at a chosen step of two-phase commit, says so on standard
 * output, and waits to be killed: after its part of a commit is prepared (before the decision), or
 * when told to commit its part (after the decision).
 */
final class BlockingShard extends ForwardingStore implements TwoPhaseStore {

    enum Step { NONE, AFTER_PREPARE, AT_COMMIT }

    private final TwoPhaseStore shard;
    volatile Step blockAt = Step.NONE;

    BlockingShard(TwoPhaseStore shard) {
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
        CommitResult r = shard.prepare(changes, txId);
        if (blockAt == Step.AFTER_PREPARE) {
            block("BLOCKED undecided " + changes.message());
        }
        return r;
    }

    @Override
    public void commitPrepared(String txId) {
        if (blockAt == Step.AT_COMMIT) {
            block("BLOCKED decided " + txId);
        }
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

    private static void block(String line) {
        System.out.println(line);
        System.out.flush();
        try {
            Thread.sleep(120_000); // the test kills the process long before
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(3); // never killed: fail loudly, apply nothing more
    }
}
