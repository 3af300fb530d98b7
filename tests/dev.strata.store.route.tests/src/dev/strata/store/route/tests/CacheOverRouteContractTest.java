package dev.strata.store.route.tests;

import dev.strata.core.ModelStore;
import dev.strata.core.contract.EventRelay;
import dev.strata.store.cache.CacheModelStore;
import dev.strata.store.cache.CacheStores;
import dev.strata.store.route.RouteModelStore;

/**
 * The contract on a stack of two combinators: a cache over a route store over two PostgreSQL
 * databases. Commits go through the cache, which drops what they name; the bound is small so that
 * evictions happen.
 */
class CacheOverRouteContractTest extends RouteOverPostgreSqlContractTest {

    @Override
    protected boolean stacked() {
        return true;
    }

    @Override
    protected ModelStore over(String name, RouteModelStore route, EventRelay relay) {
        CacheModelStore cache = CacheStores.open(name, route, 500, events);
        relay.to(cache);
        return cache;
    }
}
