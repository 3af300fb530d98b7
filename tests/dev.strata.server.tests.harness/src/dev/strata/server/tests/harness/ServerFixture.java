package dev.strata.server.tests.harness;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.strata.core.ChangeSet;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.rest.RestModelStore;
import dev.strata.store.rest.RestStoreOptions;
import dev.strata.store.rest.RestStores;

/**
 * A JUnit 5 extension for a test class that talks to one {@link TestServer}: it starts the server
 * before the class and closes it after, and after each test closes what that test opened through it
 * (REST stores, event listeners, anything given to {@link #closeAfterTest}), newest first. Register
 * it as {@code @RegisterExtension static final ServerFixture fixture = new ServerFixture();}.
 */
public final class ServerFixture implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private static final TypeRef ITEM = TypeRef.of(ContractModel.INSTANCE.item);

    private final Map<String, Object> settings;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private TestServer server;

    /** A server with {@link TestServer}'s defaults. */
    public ServerFixture() {
        this(Map.of());
    }

    /** A server with these settings on top of {@link TestServer}'s defaults. */
    public ServerFixture(Map<String, Object> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // Stores check commits against the model: the contract model registers itself on first use.
        assertNotNull(ContractModel.INSTANCE.ePackage);
        server = TestServer.start(settings);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            for (int i = cleanup.size() - 1; i >= 0; i--) {
                cleanup.get(i).close();
            }
        } finally {
            cleanup.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }

    /** The server, running from before the class's first test to after its last. */
    public TestServer server() {
        return server;
    }

    /** Closes this after the current test, before what was given earlier. */
    public <T extends AutoCloseable> T closeAfterTest(T closeable) {
        cleanup.add(closeable);
        return closeable;
    }

    /** A name no other test uses: the server and the event bus outlive a test. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A REST store with these options announcing on the server's Event Admin, closed after the test. */
    public RestModelStore open(String name, RestStoreOptions options) {
        return closeAfterTest(RestStores.open(name, options, server.events));
    }

    /** The events posted on a store's commit topic, in order, until the test ends. */
    public BlockingQueue<Event> listen(String store) {
        BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, Topics.commit(store));
        ServiceRegistration<EventHandler> r = server.context.registerService(EventHandler.class, queue::add, props);
        closeAfterTest(r::unregister);
        return queue;
    }

    /** The next event, waiting at most {@link TestServer#WAIT_MS}; fails naming what was expected. */
    public static Event next(BlockingQueue<Event> events, String expected) throws InterruptedException {
        Event e = events.poll(TestServer.WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(e, "no event within " + TestServer.WAIT_MS + " ms; expected " + expected);
        return e;
    }

    /** A change set creating one contract-model item with this name. */
    public static ChangeSet createItem(ObjectId id, String name) {
        return new ChangeSet(UUID.randomUUID(), "test", "", List.of(new Record(id, ITEM, 0, Map.of("name", name))),
                List.of(), List.of());
    }
}
