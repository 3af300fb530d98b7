package dev.strata.store.cache.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

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

/** A cache made by configuration, as mkstore and the Stores view make one, over a configured file store. */
class CacheStoreServiceTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final BundleContext context = FrameworkUtil.getBundle(CacheStoreServiceTest.class).getBundleContext();
    private final Configurations configs = new Configurations(context);
    private final StrataAdmin admin = configs.admin();

    @AfterEach
    void removeConfigurations() {
        configs.removeAll();
    }

    @Test
    void theCacheTypeIsInstalledWithItsSettings() {
        StoreType cache = admin.storeType("cache");
        assertEquals("dev.strata.store.cache", cache.factoryPid());
        assertEquals(List.of("store.target", "max.objects"), cache.settings().stream().map(s -> s.key()).toList());
        assertEquals("100000", cache.setting("max.objects").orElseThrow().defaultValue());
        assertEquals(1L, cache.setting("max.objects").orElseThrow().min());
    }

    @Test
    void aConfiguredCacheOverAFileStoreServesSessions() throws Exception {
        org.eclipse.emf.ecore.EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        Path dir = Files.createTempDirectory("strata-cache-service");
        String files = configs.name("files");
        String cached = configs.name("cached");
        admin.configureStore("file", files, Map.of("directory", dir.toString()));
        admin.configureStore("cache", cached, Map.of("store.target", "(strata.store=" + files + ")", "max.objects", "1000"));
        StoreStatus status = admin.awaitStore(cached, StrataAdmin.WAIT);
        assertEquals(StoreStatus.State.RUNNING, status.state(), status.detail());
        ModelStore store = admin.store(cached).orElseThrow();
        assertEquals(cached, store.name());
        assertEquals("cache", admin.typeOf(store));

        Repository repository = Repositories.builder("cachedrepo", store).packages(M.ePackage).build();
        // The file store announces the commit later, on the bus; the cache drops what it names then and
        // announces it again. Read after that, or the drop lands between the sessions' reads.
        java.util.concurrent.CountDownLatch announced = new java.util.concurrent.CountDownLatch(1);
        Hashtable<String, Object> topic = new Hashtable<>();
        topic.put(org.osgi.service.event.EventConstants.EVENT_TOPIC, dev.strata.core.Topics.commit(cached));
        var heard = context.registerService(org.osgi.service.event.EventHandler.class, e -> announced.countDown(), topic);
        try (Session s = repository.openSession()) {
            EObject root = M.newItem("root");
            @SuppressWarnings("unchecked")
            List<EObject> children = (List<EObject>) root.eGet(M.children);
            children.add(M.newItem("child"));
            s.add(root);
            s.commit("through the cache");
        }
        try {
            assertTrue(announced.await(10, java.util.concurrent.TimeUnit.SECONDS), "the cache announced the commit");
        } finally {
            heard.unregister();
        }
        for (int i = 0; i < 2; i++) {
            try (Session s = repository.openSession()) {
                EObject root = s.roots().get(0);
                assertEquals("root", root.eGet(M.name));
                assertEquals("child", ((List<?>) root.eGet(M.children)).stream().map(c -> ((EObject) c).eGet(M.name))
                        .findFirst().orElseThrow());
            }
        }
        Map<String, Long> figures = store.figures();
        assertTrue(figures.get("hits") > 0, "the second session read nothing from the cache: " + figures);
        assertEquals(1000L, figures.get("max.objects"));
        // What the file store holds is what the sessions committed.
        assertEquals(1, admin.store(files).orElseThrow().roots().size());
    }

    @Test
    void aTargetThatSelectsTheCacheItselfIsRefusedSayingSo() throws Exception {
        String files = configs.name("files");
        String cached = configs.name("loop");
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> admin.configureStore("cache",
                cached, Map.of("store.target", "(strata.store=" + cached + ")")));
        assertTrue(own.getMessage().contains("store.target '(strata.store=" + cached + ")' selects the store itself"),
                own.getMessage());
        assertFalse(admin.storeExists(cached));

        // Configured behind the admin service's back, with a filter that also selects other stores: the component refuses.
        admin.configureStore("file", files, Map.of("directory", tempDir()));
        Await.until("the file store runs", () -> admin.storeStatus(files).running());
        ConfigurationAdmin configAdmin = Await.service(context, ConfigurationAdmin.class, null);
        Configuration c = configAdmin.getFactoryConfiguration("dev.strata.store.cache", cached, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("strata.store", cached);
        props.put("store.target", "(strata.store.type=*)");
        c.update(props);
        StoreStatus status = admin.awaitStore(cached, StrataAdmin.WAIT);
        assertEquals(StoreStatus.State.FAILED, status.state(), status.detail());
        assertTrue(status.detail().contains("store.target '(strata.store.type=*)' selects the cache itself"),
                status.detail());
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("strata-cache-service").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
