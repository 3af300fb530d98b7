package dev.strata.store.readonly.tests;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;

/** The kit's reads compared through a read-only view of a memory store. */
class ReadOnlyOverMemoryContractTest extends ReadOnlyViewContractTest {

    @Override
    protected ModelStore createWrapped(String name) {
        return Repositories.memoryStore(name, events);
    }
}
