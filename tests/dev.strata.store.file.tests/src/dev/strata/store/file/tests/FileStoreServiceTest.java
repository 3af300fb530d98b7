package dev.strata.store.file.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.ChangeSet;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;

/** A file store made from a Config Admin factory configuration, as the product and an IDE use it. */
class FileStoreServiceTest {

    private static <T> T await(BundleContext context, Class<T> type, String filter) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")"), null);
        tracker.open();
        T service = tracker.waitForService(10_000);
        assertNotNull(service, "no " + type.getSimpleName() + " " + filter + " within 10 s");
        return service;
    }

    @Test
    void aConfiguredFileStoreIsRegisteredPersistsAndAnnouncesCommits() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(FileStoreServiceTest.class).getBundleContext();
        Path dir = Files.createTempDirectory("strata-file-service");
        ConfigurationAdmin admin = await(context, ConfigurationAdmin.class, null);
        Configuration config = admin.getFactoryConfiguration("dev.strata.store.file", "svc", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("strata.store", "svcfiles");
        props.put("directory", dir.toString());
        props.put("format", "binary");
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, Topics.commit("svcfiles"));
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, events::add, topic);
        try {
            config.update(props);
            ModelStore store = await(context, ModelStore.class, "(strata.store=svcfiles)");
            ServiceReference<ModelStore> ref = context.getServiceReferences(ModelStore.class, "(strata.store=svcfiles)")
                    .iterator().next();
            assertEquals("file", ref.getProperty(ModelStore.TYPE));
            assertTrue(store.capabilities().contains(ModelStore.Capability.DURABLE));
            ObjectId id = ObjectId.random();
            store.commit(new ChangeSet(UUID.randomUUID(), "svc", "", List.of(new Record(id,
                    dev.strata.core.TypeRef.of(dev.strata.core.contract.ContractModel.INSTANCE.item), 0, Map.of("name", "kept"))), List.of(), List.of()));
            Event e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "no commit event");
            assertTrue(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith("journal-")));
        } finally {
            config.delete();
            handler.unregister();
        }
        // Deleting the configuration closed the store and released the directory: it opens again.
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            try (var reopened = dev.strata.store.file.FileStores.open("svcfiles",
                    dev.strata.store.file.FileStoreOptions.defaults(dir))) {
                assertEquals(1, reopened.roots().size());
                break;
            } catch (dev.strata.core.StoreException busy) {
                if (System.currentTimeMillis() > end) {
                    throw busy;
                }
                Thread.sleep(100);
            }
        }
        FileStoreContractTest.deleteTree(dir);
    }
}
