package dev.strata.store.queue.tests;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;

/** The contract on a queue over a memory store. */
class QueueOverMemoryContractTest extends QueueContractTest {

    @Override
    protected ModelStore createWrapped(String name, Relay relay) {
        return Repositories.memoryStore(name, relay);
    }
}
