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
import dev.strata.core.admin.StrataConfig;
import dev.strata.core.contract.Await;

/** A file store made from a Config Admin factory configuration, as the product and an IDE use it. */
class FileStoreServiceTest {

    @Test
    void aConfiguredFileStoreIsRegisteredPersistsAndAnnouncesCommits() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(FileStoreServiceTest.class).getBundleContext();
        Path dir = Files.createTempDirectory("strata-file-service");
        ConfigurationAdmin admin = Await.service(context, ConfigurationAdmin.class, null);
        Configuration config = admin.getFactoryConfiguration(StrataConfig.FILE_STORE_PID, "svc", "?");
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
            ModelStore store = Await.service(context, ModelStore.class, "(strata.store=svcfiles)");
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
        int roots = Await.result("the store's directory is released", () -> {
            try (var reopened = dev.strata.store.file.FileStores.open("svcfiles",
                    dev.strata.store.file.FileStoreOptions.defaults(dir))) {
                return reopened.roots().size();
            }
        });
        assertEquals(1, roots);
        FileStoreContractTest.deleteTree(dir);
    }
}
