package dev.strata.store.route.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StoreType;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.contract.Await;
import dev.strata.store.tests.support.Configurations;
import dev.strata.core.contract.ContractModel;

/** A route store made by configuration, as mkstore and the Stores view make one, over two configured file stores. */
class RouteStoreServiceTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final BundleContext context = FrameworkUtil.getBundle(RouteStoreServiceTest.class).getBundleContext();
    private final Configurations configs = new Configurations(context);
    private final StrataAdmin admin = configs.admin();

    @AfterEach
    void removeConfigurations() {
        configs.removeAll();
    }

    @Test
    void theRouteTypeIsInstalledWithItsSettings() {
        StoreType route = admin.storeType("route");
        assertEquals("dev.strata.store.route", route.factoryPid());
        assertEquals(List.of("shards", "stores.target", "stores.cardinality.minimum", "coordinator.directory", "placement"),
                route.settings().stream().map(s -> s.key()).toList());
        assertEquals("2", route.setting("stores.cardinality.minimum").orElseThrow().defaultValue());
    }

    @Test
    void aConfiguredRouteStoreWaitsForItsShardsThenSpreadsTreesOverThem() throws Exception {
        org.eclipse.emf.ecore.EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        String one = configs.name("shard1");
        String two = configs.name("shard2");
        String routed = configs.name("routed");
        admin.configureStore("file", one, Map.of("directory", Files.createTempDirectory("strata-route-1").toString()));
        admin.configureStore("route", routed, Map.of("shards", one + "," + two,
                "stores.target", "(|(strata.store=" + one + ")(strata.store=" + two + "))",
                "coordinator.directory", Files.createTempDirectory("strata-route-coord").toString()));
        Await.until("the first shard runs", () -> admin.storeStatus(one).running());
        assertFalse(admin.storeStatus(routed).running(), "one of two shards: the route store waits");
        admin.configureStore("file", two, Map.of("directory", Files.createTempDirectory("strata-route-2").toString()));
        StoreStatus status = admin.awaitStore(routed, StrataAdmin.WAIT);
        assertEquals(StoreStatus.State.RUNNING, status.state(), status.detail());
        ModelStore store = admin.store(routed).orElseThrow();
        assertEquals("route", admin.typeOf(store));

        Repository repository = Repositories.builder("routedrepo", store).packages(M.ePackage).build();
        try (Session s = repository.openSession()) {
            for (int i = 0; i < 20; i++) {
                EObject root = M.newItem("root-" + i);
                @SuppressWarnings("unchecked")
                List<EObject> children = (List<EObject>) root.eGet(M.children);
                children.add(M.newItem("child-" + i));
                s.add(root);
            }
            s.commit("twenty trees");
        }
        int first = admin.store(one).orElseThrow().roots().size();
        int second = admin.store(two).orElseThrow().roots().size();
        assertEquals(20, first + second);
        assertTrue(first > 0 && second > 0, "20 trees by hash reach both shards: " + first + " / " + second);
        try (Session s = repository.openSession()) {
            assertEquals(20, s.roots().size());
            assertEquals("root-7", s.roots().get(7).eGet(M.name), "roots in the order they were added");
        }
        assertEquals(1L, store.figures().get("commits"));
        assertEquals(2L, store.figures().get("shards"));
    }
}
