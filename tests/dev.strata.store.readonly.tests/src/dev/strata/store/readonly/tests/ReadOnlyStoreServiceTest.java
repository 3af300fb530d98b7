package dev.strata.store.readonly.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.Topics;
import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StoreType;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.contract.Await;
import dev.strata.store.tests.support.Configurations;
import dev.strata.core.contract.ContractModel;

/** A read-only store made by configuration, as mkstore and the Stores view make one, over a configured file store. */
class ReadOnlyStoreServiceTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final BundleContext context = FrameworkUtil.getBundle(ReadOnlyStoreServiceTest.class).getBundleContext();
    private final Configurations configs = new Configurations(context);
    private final StrataAdmin admin = configs.admin();

    @AfterEach
    void removeConfigurations() {
        configs.removeAll();
    }

    @Test
    void theReadOnlyTypeIsInstalledWithItsSetting() {
        StoreType type = admin.storeType("readonly");
        assertEquals("dev.strata.store.readonly", type.factoryPid());
        assertEquals(List.of("store.target"), type.settings().stream().map(s -> s.key()).toList());
    }

    @Test
    void aConfiguredViewOfAFileStoreReadsHearsItsCommitsAndRefusesWrites() throws Exception {
        org.eclipse.emf.ecore.EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        String files = configs.name("files");
        String ro = configs.name("ro");
        admin.configureStore("file", files, Map.of("directory", TempDirs.make().toString()));
        admin.configureStore("readonly", ro, Map.of("store.target", "(strata.store=" + files + ")"));
        StoreStatus status = admin.awaitStore(ro, StrataAdmin.WAIT);
        assertEquals(StoreStatus.State.RUNNING, status.state(), status.detail());
        ModelStore view = admin.store(ro).orElseThrow();
        ModelStore file = admin.store(files).orElseThrow();
        assertEquals(ro, view.name());
        assertEquals("readonly", admin.typeOf(view));
        assertFalse(view.capabilities().contains(ModelStore.Capability.ATOMIC), view.capabilities().toString());

        List<Event> heard = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> topic = new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, Topics.commit(ro)));
        ServiceRegistration<EventHandler> listener = context.registerService(EventHandler.class, heard::add, topic);
        try {
            Repository writer = Repositories.builder("writer", file).packages(M.ePackage).build();
            try (Session s = writer.openSession()) {
                s.add(M.newItem("written"));
                s.commit("to the file store");
            }
            Await.until("the view announces the file store's commit", () -> heard.size() == 1);
            assertEquals(ro, heard.get(0).getProperty(Topics.STORE));

            Repository reader = Repositories.builder("reader", view).packages(M.ePackage).build();
            try (Session s = reader.openSession()) {
                assertEquals("written", s.roots().get(0).eGet(M.name));
                s.roots().get(0).eSet(M.name, "changed");
                RuntimeException e = assertThrows(RuntimeException.class, () -> s.commit("through the view"));
                String all = e.getMessage() + (e.getCause() == null ? "" : " | " + e.getCause().getMessage());
                assertTrue(all.contains("Store '" + ro + "' is a read-only view of store '" + files + "': commit "), all);
            }
            assertEquals("written", file.roots().get(0).values().get("name"), "the file store keeps what it had");
            assertEquals(1, heard.size(), "a refused commit is not announced");
            assertEquals(Map.of("refused", 1L), view.figures());
        } finally {
            listener.unregister();
        }
    }

    @Test
    void aTargetThatSelectsTheViewItselfIsRefusedSayingSo() throws Exception {
        String files = configs.name("files");
        String ro = configs.name("loop");
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
                () -> admin.configureStore("readonly", ro, Map.of("store.target", "(strata.store=" + ro + ")")));
        assertTrue(own.getMessage().contains("selects the store itself"), own.getMessage());
        assertFalse(admin.storeExists(ro));

        // Configured behind the admin service's back, with a filter that also selects other stores: the component refuses.
        admin.configureStore("file", files, Map.of("directory", TempDirs.make().toString()));
        Await.until("the file store runs", () -> admin.storeStatus(files).running());
        ConfigurationAdmin configAdmin = Await.service(context, ConfigurationAdmin.class, null);
        Configuration c = configAdmin.getFactoryConfiguration("dev.strata.store.readonly", ro, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("strata.store", ro);
        props.put("store.target", "(strata.store.type=*)");
        c.update(props);
        StoreStatus status = admin.awaitStore(ro, StrataAdmin.WAIT);
        assertEquals(StoreStatus.State.FAILED, status.state(), status.detail());
        assertTrue(status.detail().contains("store.target '(strata.store.type=*)' selects the read-only store itself"),
                status.detail());
    }
}
