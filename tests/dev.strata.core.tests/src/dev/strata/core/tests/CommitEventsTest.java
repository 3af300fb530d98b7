package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.internal.OrderedVersions;

/** The event every store posts for an accepted commit. */
class CommitEventsTest {

    private static final TypeRef THING = new TypeRef("urn:strata:test:events", "Thing");

    private static ObjectId id(String last) {
        return ObjectId.parse("00000000-0000-4000-8000-0000000000" + last);
    }

    @Test
    void versionsFollowTheChangeSetAndOnlyWhatItDidNotNameIsSorted() {
        ObjectId a = id("0a");
        ObjectId b = id("0b");
        ObjectId c = id("0c");
        ObjectId changed = id("0d");
        ObjectId movedLater = id("0f");
        ObjectId movedEarlier = id("0e");
        ChangeSet changes = new ChangeSet(UUID.randomUUID(), "session-1", "three new, one changed",
                List.of(new Record(c, THING, 1, Map.of()), new Record(a, THING, 1, Map.of()), new Record(b, THING, 1, Map.of())),
                List.of(new ChangeSet.Change(changed, THING, 3, null, Map.of("name", "new"), Map.of("name", "old"))),
                List.of());
        // The store also renumbered two objects the change set did not name (a route store moving a tree).
        CommitResult result = new CommitResult(changes.commitId(), 7,
                Map.of(a, 1L, b, 1L, c, 1L, changed, 4L, movedLater, 3L, movedEarlier, 2L), false);

        Event event = CommitEvents.of("events-store", changes, result);

        assertEquals(Topics.commit("events-store"), event.getTopic());
        assertArrayEquals(new String[] { c.toString(), a.toString(), b.toString() }, (String[]) event.getProperty(Topics.CREATED));
        assertArrayEquals(new String[] { changed.toString() }, (String[]) event.getProperty(Topics.CHANGED));
        assertArrayEquals(new String[] { c + "=1", a + "=1", b + "=1", changed + "=4", movedEarlier + "=2", movedLater + "=3" },
                (String[]) event.getProperty(Topics.VERSIONS));
        assertEquals(7L, event.getProperty(Topics.SEQUENCE));
        assertArrayEquals(new String[] { THING.toString() }, (String[]) event.getProperty(Topics.TYPES));
    }

    @Test
    void anObjectTheStoreGaveNoVersionIsLeftOut() {
        ObjectId kept = id("01");
        ObjectId dropped = id("02");
        ChangeSet changes = new ChangeSet(UUID.randomUUID(), "session-2", "",
                List.of(new Record(kept, THING, 1, Map.of()), new Record(dropped, THING, 1, Map.of())), List.of(), List.of());
        CommitResult result = new CommitResult(changes.commitId(), 1, Map.of(kept, 1L), false);

        Event event = CommitEvents.of("events-store", changes, result);

        assertArrayEquals(new String[] { kept + "=1" }, (String[]) event.getProperty(Topics.VERSIONS));
        assertEquals(2, ((String[]) event.getProperty(Topics.CREATED)).length);
    }

    @Test
    void aStoresOrderedVersionsAreAnnouncedInTheirOrderWhateverInstancesTheyHold() {
        ObjectId a = id("0a");
        ObjectId b = id("0b");
        ObjectId changed = id("0c");
        ChangeSet changes = new ChangeSet(UUID.randomUUID(), "session-3", "",
                List.of(new Record(b, THING, 1, Map.of()), new Record(a, THING, 1, Map.of())),
                List.of(new ChangeSet.Change(changed, THING, 1, null, Map.of("name", "new"), Map.of("name", "old"))),
                List.of());
        // As a store in between might answer: equal ids of other instances, not where the change set put them.
        OrderedVersions versions = new OrderedVersions(
                new ObjectId[] { ObjectId.parse(b.toString()), ObjectId.parse(changed.toString()), ObjectId.parse(a.toString()) },
                new long[] { 1, 2, 1 });

        Event event = CommitEvents.of("events-store", changes, new CommitResult(changes.commitId(), 3, versions, false));

        assertArrayEquals(new String[] { b + "=1", changed + "=2", a + "=1" }, (String[]) event.getProperty(Topics.VERSIONS));
    }
}
