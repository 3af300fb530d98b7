package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;

/** The memory store as DS registers it, with events delivered by the real Event Admin. */
class MemoryStoreServiceTest {

    private static final TypeRef TASK = TypeRef.of(dev.strata.core.contract.ContractModel.INSTANCE.item);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> handler;
    private ModelStore store;

    @BeforeEach
    void setUp() {
        store = Services.await(ModelStore.class, "(" + ModelStore.NAME + "=memory)");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, Topics.commit("memory"));
        handler = Services.context().registerService(EventHandler.class, events::add, props);
    }

    @AfterEach
    void tearDown() {
        handler.unregister();
    }

    private static ChangeSet create(Record... records) {
        return new ChangeSet(UUID.randomUUID(), "test", "create", List.of(records), List.of(), List.of());
    }

    @Test
    void registeredWithNameAndTypeAndAtomicCapability() {
        assertEquals("memory", store.name());
        assertTrue(store.capabilities().contains(ModelStore.Capability.ATOMIC));
        var ref = Services.context().getServiceReference(ModelStore.class);
        assertEquals("memory", ref.getProperty(ModelStore.TYPE));
    }

    @Test
    void commitIsStoredVersionedAndAnnouncedOnce() throws InterruptedException {
        ObjectId id = ObjectId.random();
        ChangeSet cs = create(new Record(id, TASK, 0, Map.of("name", "write tests")));
        CommitResult result = store.commit(cs);

        assertEquals(1L, result.newVersions().get(id));
        Record loaded = store.load(id).orElseThrow();
        assertEquals("write tests", loaded.value("name"));
        assertEquals(1, loaded.version());

        Event event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no commit event within 10 s");
        assertEquals(Topics.commit("memory"), event.getTopic());
        assertEquals(cs.commitId().toString(), event.getProperty(Topics.COMMIT_ID));
        assertArrayEquals(new String[] { id.toString() }, (String[]) event.getProperty(Topics.CREATED));
        assertEquals(null, events.poll(300, TimeUnit.MILLISECONDS), "a commit is announced exactly once");
    }

    @Test
    void staleVersionIsAConflictAndChangesNothing() {
        ObjectId id = ObjectId.random();
        store.commit(create(new Record(id, TASK, 0, Map.of("name", "a"))));
        ChangeSet first = new ChangeSet(UUID.randomUUID(), "s1", "", List.of(),
                List.of(new ChangeSet.Change(id, TASK, 1, null, Map.of("name", "b"), Map.of("name", "a"))), List.of());
        store.commit(first);
        ChangeSet stale = new ChangeSet(UUID.randomUUID(), "s2", "", List.of(),
                List.of(new ChangeSet.Change(id, TASK, 1, null, Map.of("name", "c"), Map.of("name", "a"))), List.of());

        ConflictException e = assertThrows(ConflictException.class, () -> store.commit(stale));
        assertEquals(List.of(new ConflictException.Conflict(id, 1, 2)), e.conflicts());
        assertTrue(e.getMessage().contains(id.toString()), e.getMessage());
        Record now = store.load(id).orElseThrow();
        assertEquals("b", now.value("name"));
        assertEquals(2, now.version());
    }

    @Test
    void retriedCommitIdIsAppliedOnce() {
        ObjectId id = ObjectId.random();
        ChangeSet cs = create(new Record(id, TASK, 0, Map.of("name", "once")));
        CommitResult first = store.commit(cs);
        CommitResult again = store.commit(cs);
        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        assertEquals(first.sequence(), again.sequence());
    }
}
