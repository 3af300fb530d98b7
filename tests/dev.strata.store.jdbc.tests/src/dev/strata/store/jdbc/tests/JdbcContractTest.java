package dev.strata.store.jdbc.tests;

import java.util.IdentityHashMap;
import java.util.Map;

import dev.strata.core.ModelStore;
import dev.strata.core.Progress;
import dev.strata.core.contract.ModelStoreContractTest;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/** The store contract on one database; each store gets its own schema (or H2 file), dropped afterwards. */
abstract class JdbcContractTest extends ModelStoreContractTest {

    private final Databases db;
    private final Map<ModelStore, JdbcStoreOptions> made = new IdentityHashMap<>();

    JdbcContractTest(Databases db) {
        this.db = db;
    }

    @Override
    protected ModelStore createStore(String name) {
        JdbcStoreOptions options = db.fresh(name);
        JdbcModelStore store = JdbcStores.open(name, options, events, Progress.NONE);
        made.put(store, options);
        return store;
    }

    /** A new store instance on the same database schema: what it reads is what the tables hold. */
    @Override
    protected ModelStore reopen(ModelStore s) {
        ((JdbcModelStore) s).close();
        JdbcStoreOptions options = made.remove(s);
        beforeReopen(options);
        JdbcModelStore again = JdbcStores.open(s.name(), options, events, Progress.NONE);
        made.put(again, options);
        return again;
    }

    /** What a variant does to the database between closing and reopening a store. */
    protected void beforeReopen(JdbcStoreOptions options) {
    }

    @Override
    protected void disposeStore(ModelStore s) {
        ((JdbcModelStore) s).close();
        db.drop(made.remove(s));
    }
}
