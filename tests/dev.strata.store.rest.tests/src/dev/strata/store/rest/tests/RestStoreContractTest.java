package dev.strata.store.rest.tests;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import dev.strata.core.ModelStore;
import dev.strata.core.contract.ModelStoreContractTest;
import dev.strata.store.rest.RestModelStore;
import dev.strata.store.rest.RestStores;
import dev.strata.server.tests.harness.TestServer;

/**
 * The REST store passes the ModelStore contract against a real server on loopback: each store the
 * contract asks for is a REST client (following the change stream) of a fresh memory store the
 * server serves under another name.
 */
class RestStoreContractTest extends ModelStoreContractTest {

    private static TestServer server;
    private final Map<ModelStore, String> remotes = new HashMap<>();

    @Override
    protected ModelStore createStore(String name) throws Exception {
        if (server == null) {
            server = TestServer.start(Map.of());
        }
        String remote = "srv-" + name;
        server.serveMemoryStore(remote);
        RestModelStore store = RestStores.open(name, server.options(remote), events);
        remotes.put(store, remote);
        return store;
    }

    /** A new client of the same served store: what it reads is what went over the wire and back. */
    @Override
    protected ModelStore reopen(ModelStore s) throws Exception {
        ((RestModelStore) s).close();
        String remote = remotes.remove(s);
        RestModelStore again = RestStores.open(s.name(), server.options(remote), events);
        remotes.put(again, remote);
        return again;
    }

    @Override
    protected void disposeStore(ModelStore store) {
        ((RestModelStore) store).close();
        server.unserve(remotes.remove(store));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
