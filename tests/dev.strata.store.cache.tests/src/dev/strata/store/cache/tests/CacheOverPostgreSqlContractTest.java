package dev.strata.store.cache.tests;

import dev.strata.store.tests.support.PostgreSql;
import dev.strata.core.contract.EventRelay;
import java.util.IdentityHashMap;
import java.util.Map;

import dev.strata.core.ModelStore;
import dev.strata.core.Progress;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/** The contract on a cache over the JDBC store on PostgreSQL, each store in a schema of its own. */
class CacheOverPostgreSqlContractTest extends CacheContractTest {

    private final Map<ModelStore, JdbcStoreOptions> made = new IdentityHashMap<>();

    @Override
    protected ModelStore createWrapped(String name, EventRelay relay) {
        JdbcStoreOptions options = PostgreSql.fresh("strata_c_", name);
        JdbcModelStore store = JdbcStores.open(name, options, relay, Progress.NONE);
        made.put(store, options);
        return store;
    }

    @Override
    protected ModelStore reopenWrapped(ModelStore wrapped, EventRelay relay) {
        ((JdbcModelStore) wrapped).close();
        JdbcStoreOptions options = made.remove(wrapped);
        JdbcModelStore again = JdbcStores.open(wrapped.name(), options, relay, Progress.NONE);
        made.put(again, options);
        return again;
    }

    @Override
    protected void disposeWrapped(ModelStore wrapped) {
        ((JdbcModelStore) wrapped).close();
        PostgreSql.drop(made.remove(wrapped));
    }
}
