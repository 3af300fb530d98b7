package dev.strata.core.tests;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.contract.ModelStoreContractTest;

/** The memory store passes the ModelStore contract. */
class MemoryStoreContractTest extends ModelStoreContractTest {

    @Override
    protected ModelStore createStore(String name) {
        return Repositories.memoryStore(name, events);
    }
}
