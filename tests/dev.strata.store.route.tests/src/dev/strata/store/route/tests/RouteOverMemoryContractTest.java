package dev.strata.store.route.tests;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;

/** The contract on a route store over two memory stores (parts applied one after another). */
class RouteOverMemoryContractTest extends RouteContractTest {

    @Override
    protected int shardCount() {
        return 2;
    }

    @Override
    protected ModelStore createShard(String name, int index) {
        return Repositories.memoryStore(name, Quiet.EVENTS);
    }
}
