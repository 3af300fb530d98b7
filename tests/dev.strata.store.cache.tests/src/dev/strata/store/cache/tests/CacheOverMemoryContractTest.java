package dev.strata.store.cache.tests;

import dev.strata.core.contract.EventRelay;
import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;

/** The contract on a cache over a memory store. */
class CacheOverMemoryContractTest extends CacheContractTest {

    @Override
    protected ModelStore createWrapped(String name, EventRelay relay) {
        return Repositories.memoryStore(name, relay);
    }
}
