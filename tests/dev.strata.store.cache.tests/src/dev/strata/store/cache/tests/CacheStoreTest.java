package dev.strata.store.cache.tests;

import dev.strata.core.contract.EventRelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.strata.core.ChangeSet;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.Await;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.RecordedEvents;
import dev.strata.store.cache.CacheModelStore;
import dev.strata.store.cache.CacheStores;

/** What the cache adds to the contract: it answers repeated reads itself, within its bound, and never stale. */
class CacheStoreTest {

    private static final TypeRef ITEM = TypeRef.of(ContractModel.INSTANCE.item);

    private final RecordedEvents announced = new RecordedEvents();
    private final EventRelay relay = new EventRelay();
    private final ModelStore memory = Repositories.memoryStore("wrapped", relay);
    private final CountingStore counting = new CountingStore(memory);

    private CacheModelStore cache(int maxObjects) {
        CacheModelStore cache = CacheStores.open("cache", counting, maxObjects, announced);
        relay.to(cache);
        return cache;
    }

    private static Record item(ObjectId id, String name) {
        return new Record(id, ITEM, 0, Map.of("name", name));
    }

    private static ChangeSet create(Record... records) {
        return new ChangeSet(UUID.randomUUID(), "test", "", List.of(records), List.of(), List.of());
    }

    private static ChangeSet rename(Record current, String name) {
        return new ChangeSet(UUID.randomUUID(), "test", "", List.of(),
                List.of(new ChangeSet.Change(current.id(), ITEM, current.version(), current.container(),
                        Map.of("name", name), Map.of("name", current.value("name")))),
                List.of());
    }

    @Test
    void aSecondReadIsAHitAndDoesNotReachTheWrappedStore() {
        CacheModelStore cache = cache(100);
        ObjectId root = ObjectId.random();
        ObjectId a = ObjectId.random();
        ObjectId b = ObjectId.random();
        cache.commit(create(new Record(root, ITEM, 0, Map.of("name", "root", "children", List.of(a, b))),
                new Record(a, ITEM, 0, root, Map.of("name", "a")), new Record(b, ITEM, 0, root, Map.of("name", "b"))));

        assertEquals("a", cache.load(a).orElseThrow().value("name"));
        assertEquals("a", cache.load(a).orElseThrow().value("name"));
        assertEquals(1, counting.loads.get(), "the second load reached the wrapped store");
        assertEquals(1L, cache.figures().get("hits"));
        assertEquals(1L, cache.figures().get("misses"));

        Map<ObjectId, Record> tree = cache.loadTree(root);
        assertEquals(List.of(root, a, b), List.copyOf(tree.keySet()));
        assertEquals(tree, cache.loadTree(root));
        assertEquals(tree, cache.loadTrees(List.of(root)));
        assertEquals(1, counting.trees.get(), "a cached tree was read again from the wrapped store");
        // The tree's records fill the record map too.
        assertEquals(Map.of(b, tree.get(b)), cache.loadAll(List.of(b)));
        assertEquals(1, counting.loads.get());
        assertEquals(4L, cache.figures().get("hits"));

        // A commit through the cache: the next read gets the new version, from the wrapped store.
        cache.commit(rename(tree.get(a), "a2"));
        Record a2 = cache.load(a).orElseThrow();
        assertEquals("a2", a2.value("name"));
        assertEquals(2L, a2.version());
        assertEquals(2, counting.loads.get());
        Map<ObjectId, Record> tree2 = cache.loadTree(root);
        assertEquals("a2", tree2.get(a).value("name"), "the tree holding a changed object was kept");
        assertEquals(2, counting.trees.get());
        // Announced once, under the cache's name, for each commit.
        assertEquals(2, announced.commits("cache").size());
        assertEquals("cache", announced.commits("cache").get(1).getProperty(Topics.STORE));
    }

    @Test
    void theBoundHoldsAndTheLeastRecentlyReadGoFirst() {
        CacheModelStore cache = cache(10);
        List<ObjectId> ids = new ArrayList<>();
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ObjectId id = ObjectId.random();
            ids.add(id);
            records.add(item(id, "n" + i));
        }
        cache.commit(create(records.toArray(Record[]::new)));
        for (ObjectId id : ids) {
            cache.load(id);
        }
        assertEquals(10L, cache.figures().get("objects"));
        assertEquals(20L, cache.figures().get("evictions"));
        int before = counting.loads.get();
        cache.load(ids.get(20)); // held: read again, it becomes the most recently read
        assertEquals(before, counting.loads.get(), "one of the ten last read was not held");
        cache.load(ids.get(0)); // not held: read through, and the least recently read (21) goes
        assertEquals(before + 1, counting.loads.get(), "the first object read was still held");
        cache.load(ids.get(20));
        assertEquals(before + 1, counting.loads.get(), "the object read again went before older ones");
        cache.load(ids.get(21));
        assertEquals(before + 2, counting.loads.get(), "the least recently read object was kept");
        assertEquals(10L, cache.figures().get("objects"));
    }

    /** A load through the cache that has read from the wrapped store and waits for {@code release} to answer. */
    private CompletableFuture<Optional<Record>> heldLoad(CacheModelStore cache, ObjectId id, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch hasRead = new CountDownLatch(1);
        counting.holdNextLoad(hasRead, release);
        CompletableFuture<Optional<Record>> slow = CompletableFuture.supplyAsync(() -> cache.load(id));
        assertTrue(hasRead.await(10, TimeUnit.SECONDS), "the held load did not start");
        return slow;
    }

    @Test
    void aReadThatStartedBeforeACommitDoesNotFillTheCacheAfterIt() throws Exception {
        CacheModelStore cache = cache(100);
        ObjectId id = ObjectId.random();
        cache.commit(create(item(id, "old")));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Optional<Record>> slow = heldLoad(cache, id, release);

        // The slow reader holds version 1; a commit makes version 2 and returns while it waits.
        Record v1 = memory.load(id).orElseThrow();
        cache.commit(rename(v1, "new"));
        release.countDown();
        assertEquals("old", slow.get(10, TimeUnit.SECONDS).orElseThrow().value("name"),
                "the slow read answers what it read");

        Record now = cache.load(id).orElseThrow();
        assertEquals("new", now.value("name"), "the slow read put the replaced record into the cache");
        assertEquals(2L, now.version());
    }

    @Test
    void aReadThatStartedBeforeAnotherProcessCommitDoesNotFillTheCacheAfterItsEvent() throws Exception {
        CacheModelStore cache = cache(100);
        ObjectId id = ObjectId.random();
        cache.commit(create(item(id, "old")));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Optional<Record>> slow = heldLoad(cache, id, release);

        memory.commit(rename(memory.load(id).orElseThrow(), "theirs")); // its event reaches the cache through the relay
        release.countDown();
        slow.get(10, TimeUnit.SECONDS);
        assertEquals("theirs", cache.load(id).orElseThrow().value("name"));
    }

    @Test
    void aCommitMadeDirectlyToTheWrappedStoreIsSeenAfterItsEvent() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(CacheStoreTest.class).getBundleContext();
        EventAdmin bus = Await.service(context, EventAdmin.class, null);
        String wrappedName = "direct-" + UUID.randomUUID().toString().substring(0, 8);
        ModelStore wrapped = Repositories.memoryStore(wrappedName, bus);
        CacheModelStore cache = CacheStores.open(wrappedName + "-cache", wrapped, 100, bus);
        BlockingQueue<Event> reannounced = new LinkedBlockingQueue<>();
        ServiceRegistration<EventHandler> subscription = context.registerService(EventHandler.class, cache,
                topic(Topics.commit(wrappedName)));
        ServiceRegistration<EventHandler> listener = context.registerService(EventHandler.class, reannounced::add,
                topic(Topics.commit(cache.name())));
        try {
            ObjectId id = ObjectId.random();
            wrapped.commit(create(item(id, "before")));
            assertNotNull(reannounced.poll(10, TimeUnit.SECONDS), "the first commit was not announced as the cache's");
            assertEquals("before", cache.load(id).orElseThrow().value("name"));
            assertEquals("before", cache.load(id).orElseThrow().value("name"));
            assertEquals(1L, cache.figures().get("hits"));

            // Another process's commit: the wrapped store announces it, the cache drops the record.
            wrapped.commit(rename(wrapped.load(id).orElseThrow(), "after"));
            Await.until("the cache reads the commit made to the wrapped store",
                    () -> "after".equals(cache.load(id).orElseThrow().value("name")));
            Event e = reannounced.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "the second commit was not announced as the cache's");
            assertEquals(cache.name(), e.getProperty(Topics.STORE));
            assertEquals(List.of(id.toString()), List.of((String[]) e.getProperty(Topics.CHANGED)));
        } finally {
            subscription.unregister();
            listener.unregister();
        }
    }

    private static Dictionary<String, Object> topic(String topic) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, topic);
        return props;
    }

    @Test
    void aCacheNamedAsItsStoreOrUnboundedIsRefused() {
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> CacheStores.open("wrapped", memory, 10, announced));
        assertTrue(same.getMessage().contains("cannot have the name of the store it wraps"), same.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> CacheStores.open("c", memory, 0, announced));
        assertTrue(none.getMessage().contains("max.objects is 0"), none.getMessage());
    }
}
