package dev.strata.store.mirror.tests;

import java.util.IdentityHashMap;
import java.util.Map;

import org.osgi.service.event.EventAdmin;

import dev.strata.store.tests.support.PostgreSql;
import dev.strata.core.ModelStore;
import dev.strata.core.Progress;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/** The contract on a mirror of a PostgreSQL store (a schema of its own) to a file store, a live backup. */
class MirrorPostgreSqlToFileContractTest extends MirrorContractTest {

    private final FileStoresMade files = new FileStoresMade();
    private final Map<ModelStore, JdbcStoreOptions> databases = new IdentityHashMap<>();

    @Override
    protected ModelStore createPrimary(String name, Relay relay) {
        JdbcStoreOptions options = PostgreSql.fresh("strata_m_", name);
        JdbcModelStore store = JdbcStores.open(name, options, relay, Progress.NONE);
        databases.put(store, options);
        return store;
    }

    @Override
    protected ModelStore createReplica(String name, EventAdmin events) {
        return files.create(name, events);
    }

    @Override
    protected ModelStore reopenInner(ModelStore inner, EventAdmin events) {
        if (files.holds(inner)) {
            return files.reopen(inner, events);
        }
        ((JdbcModelStore) inner).close();
        JdbcStoreOptions options = databases.remove(inner);
        JdbcModelStore again = JdbcStores.open(inner.name(), options, events, Progress.NONE);
        databases.put(again, options);
        return again;
    }

    @Override
    protected void disposeInner(ModelStore inner) throws Exception {
        if (files.holds(inner)) {
            files.dispose(inner);
        } else {
            ((JdbcModelStore) inner).close();
            PostgreSql.drop(databases.remove(inner));
        }
    }
}
