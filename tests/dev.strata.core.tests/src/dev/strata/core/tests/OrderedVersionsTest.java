package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.internal.MemoryStore;
import dev.strata.core.internal.OrderedVersions;

/** A commit's versions in the change set's order: the map, and what a store answers and announces. */
class OrderedVersionsTest {

    /** A class every store knows (EMF's own package is always registered). */
    private static final TypeRef ITEM = TypeRef.of(org.eclipse.emf.ecore.EcorePackage.Literals.EANNOTATION);

    @Test
    void everyIdIsFoundAndNothingElse() {
        int n = 5_000;
        ObjectId[] ids = new ObjectId[n];
        long[] versions = new long[n];
        Map<ObjectId, Long> expected = new HashMap<>();
        for (int i = 0; i < n; i++) {
            // Random ids, and ids whose hashes are all 0 (UUID folds its two halves): the worst case of probing.
            ids[i] = i % 2 == 0 ? ObjectId.random() : new ObjectId(new UUID(i, (long) i << 32));
            versions[i] = i + 1;
            expected.put(ids[i], versions[i]);
        }
        OrderedVersions map = new OrderedVersions(ids, versions);

        assertEquals(n, map.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1L, map.get(ids[i]), "id " + i);
            assertEquals(i + 1L, map.getOrDefault(new ObjectId(ids[i].value()), -1L), "an equal id of another instance, " + i);
            assertEquals(i + 1L, map.versionOf(i, ids[i], -1));
            assertEquals(i + 1L, map.versionOf((i + 1) % n, ids[i], -1), "another id at that position: looked up");
        }
        assertNull(map.get(ObjectId.random()));
        assertEquals(-1L, map.versionOf(n, ObjectId.random(), -1));
        assertFalse(map.containsKey("not an id"));
        assertEquals(expected, map);
        assertEquals(map, expected);
        assertEquals(expected.hashCode(), map.hashCode());
        List<ObjectId> order = new ArrayList<>(map.keySet());
        assertEquals(List.of(ids), order, "iterated in the order given");
        assertThrows(UnsupportedOperationException.class, () -> map.put(ObjectId.random(), 1L));
        assertThrows(UnsupportedOperationException.class, () -> map.keySet().iterator().remove());
        assertThrows(IllegalArgumentException.class, () -> new OrderedVersions(new ObjectId[1], new long[2]));
        assertThrows(NullPointerException.class, () -> new OrderedVersions(new ObjectId[1], new long[1]));
        assertTrue(new OrderedVersions(new ObjectId[0], new long[0]).isEmpty());
        assertNull(new OrderedVersions(new ObjectId[0], new long[0]).get(ids[0]));
    }

    @Test
    void aStoreAnswersAndAnnouncesVersionsInTheChangeSetsOrder() {
        List<Event> posted = new ArrayList<>();
        EventAdmin events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        };
        MemoryStore store = new MemoryStore("ordered-versions", events);
        List<Record> created = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            created.add(new Record(ObjectId.random(), ITEM, 0, Map.of("source", "n" + i)));
        }
        CommitResult first = store.commit(new ChangeSet(UUID.randomUUID(), "t", "", created, List.of(), List.of()));
        List<ObjectId> createdIds = created.stream().map(Record::id).toList();
        assertEquals(createdIds, new ArrayList<>(first.newVersions().keySet()), "not copied into a hash map's order");
        createdIds.forEach(id -> assertEquals(1L, first.newVersions().get(id)));

        Record added = new Record(ObjectId.random(), ITEM, 0, Map.of("source", "added"));
        ObjectId later = createdIds.get(40);
        ObjectId earlier = createdIds.get(3);
        CommitResult second = store.commit(new ChangeSet(UUID.randomUUID(), "t", "", List.of(added),
                List.of(new ChangeSet.Change(later, ITEM, 1, null, Map.of("source", "x"), Map.of("source", "n40")),
                        new ChangeSet.Change(earlier, ITEM, 1, null, Map.of("source", "y"), Map.of("source", "n3"))),
                List.of()));

        assertEquals(List.of(added.id(), later, earlier), new ArrayList<>(second.newVersions().keySet()));
        assertEquals(List.of(1L, 2L, 2L), new ArrayList<>(second.newVersions().values()));
        assertEquals(2L, store.load(earlier).orElseThrow().version());
        Event announced = posted.get(posted.size() - 1);
        assertEquals(second.sequence(), announced.getProperty(Topics.SEQUENCE));
        assertArrayEquals(new String[] { added.id() + "=1", later + "=2", earlier + "=2" }, (String[]) announced.getProperty(Topics.VERSIONS));
    }
}
