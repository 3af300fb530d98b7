package dev.strata.store.route.tests;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.TwoPhaseStore;

/**
 * A shard that stops the process's commit at a chosen step of two-phase commit, says so on standard
 * output, and waits to be killed: after its part of a commit is prepared (before the decision), or
 * when told to commit its part (after the decision).
 */
final class BlockingShard extends TwoPhaseShard {

    enum Step { NONE, AFTER_PREPARE, AT_COMMIT }

    volatile Step blockAt = Step.NONE;

    BlockingShard(TwoPhaseStore shard) {
        super(shard);
    }

    @Override
    public CommitResult prepare(ChangeSet changes, String txId) {
        CommitResult r = super.prepare(changes, txId);
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
        super.commitPrepared(txId);
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
