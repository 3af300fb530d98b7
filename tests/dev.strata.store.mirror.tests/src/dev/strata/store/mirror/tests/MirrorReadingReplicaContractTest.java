package dev.strata.store.mirror.tests;

import dev.strata.store.mirror.ReadFrom;

/**
 * The contract on a mirror of memory stores reading from the replica: every read must still see
 * every commit made through the mirror before it.
 */
class MirrorReadingReplicaContractTest extends MirrorOverMemoryContractTest {

    @Override
    protected ReadFrom readFrom() {
        return ReadFrom.REPLICA;
    }
}
