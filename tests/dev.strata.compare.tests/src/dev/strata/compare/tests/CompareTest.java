package dev.strata.compare.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.strata.compare.Compare;
import dev.strata.compare.Diff;
import dev.strata.compare.FeatureChange.ListChange;
import dev.strata.compare.FeatureChange.ValueChange;
import dev.strata.compare.ListEdit;
import dev.strata.compare.ListEdits;
import dev.strata.compare.ObjectChange;
import dev.strata.compare.RecordSource;
import dev.strata.core.ChangeSet;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;

/** Diffs of two states built as records, as stores and history keep them. */
class CompareTest {

    private static final TypeRef PROJECT = new TypeRef("urn:strata:test", "Project");
    private static final TypeRef TASK = new TypeRef("urn:strata:test", "Task");

    private final ObjectId p1 = ObjectId.random();
    private final ObjectId p2 = ObjectId.random();
    private final ObjectId t1 = ObjectId.random();
    private final ObjectId t2 = ObjectId.random();
    private final ObjectId t3 = ObjectId.random();

    private Map<ObjectId, Record> state() {
        Map<ObjectId, Record> s = new LinkedHashMap<>();
        put(s, new Record(p1, PROJECT, 3, values("title", "One", "tasks", List.of(t1, t2), "lead", t1)));
        put(s, new Record(p2, PROJECT, 1, values("title", "Two", "tasks", List.of(t3))));
        put(s, new Record(t1, TASK, 5, p1, values("title", "a", "effort", 3, "tags", List.of("x", "y"))));
        put(s, new Record(t2, TASK, 5, p1, values("title", "b", "effort", 8)));
        put(s, new Record(t3, TASK, 2, p2, values("title", "c", "effort", 1)));
        return s;
    }

    private static Map<String, Object> values(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static void put(Map<ObjectId, Record> s, Record r) {
        s.put(r.id(), r);
    }

    /** The state with one record's features replaced (and its version advanced, as a commit does). */
    private static Map<ObjectId, Record> with(Map<ObjectId, Record> s, ObjectId id, ObjectId container,
            Object... pairs) {
        Map<ObjectId, Record> copy = new LinkedHashMap<>(s);
        Record r = s.get(id);
        copy.put(id, r.with(r.version() + 1, container, values(pairs)));
        return copy;
    }

    private static ObjectChange only(Diff d) {
        assertTrue(d.added().isEmpty() && d.removed().isEmpty(), d.toString());
        assertEquals(1, d.changed().size(), d.toString());
        return d.changed().get(0);
    }

    @Test
    void sameStateGivesAnEmptyDiff() {
        Diff d = Compare.diff(state(), state());
        assertTrue(d.isEmpty(), d.toString());
        assertEquals(0, d.size());
    }

    @Test
    void equalRecordsWithNewerVersionsAndCopiedBytesAreNoChange() {
        Map<ObjectId, Record> before = state();
        before.put(t1, before.get(t1).with(5, Map.of("data", new byte[] { 1, 2, 3 })));
        Map<ObjectId, Record> after = new HashMap<>();
        before.forEach((id, r) -> after.put(id, new Record(id, r.type(), r.version() + 7, r.container(),
                new HashMap<>(r.values()))));
        after.put(t1, after.get(t1).with(12, Map.of("data", new byte[] { 1, 2, 3 })));
        assertTrue(Compare.diff(before, after).isEmpty());
    }

    @Test
    void attributeChangesGiveOldAndNewValues() {
        Map<ObjectId, Record> before = state();
        Map<ObjectId, Record> after = with(before, t2, p1, "title", "B", "effort", 13);
        ObjectChange c = only(Compare.diff(before, after));
        assertEquals(t2, c.id());
        assertEquals(TASK, c.type());
        assertEquals(5, c.version());
        assertFalse(c.containerChanged());
        assertEquals(List.of(new ValueChange("title", "b", "B"), new ValueChange("effort", 8, 13)), c.features());
    }

    @Test
    void unsetSetAndNilAreThreeValues() {
        Map<ObjectId, Record> before = state();
        Map<ObjectId, Record> nil = with(before, t2, p1, "due", Nil.VALUE);
        assertEquals(List.of(new ValueChange("due", null, Nil.VALUE)), only(Compare.diff(before, nil)).features());
        Map<String, Object> unset = new LinkedHashMap<>(before.get(t2).values());
        unset.remove("effort");
        Map<ObjectId, Record> after = new LinkedHashMap<>(before);
        after.put(t2, new Record(t2, TASK, 6, p1, unset));
        assertEquals(List.of(new ValueChange("effort", 8, null)), only(Compare.diff(before, after)).features());
    }

    @Test
    void singleReferenceChangeIsOneValueChangeOfIds() {
        Map<ObjectId, Record> before = state();
        ObjectChange c = only(Compare.diff(before, with(before, p1, null, "lead", t2)));
        assertEquals(new ValueChange("lead", t1, t2), c.feature("lead"));
        assertNull(c.feature("title"));
    }

    @Test
    void containmentMoveChangesTheChildsContainerAndBothParentsLists() {
        Map<ObjectId, Record> before = state();
        Map<ObjectId, Record> after = with(before, p1, null, "tasks", List.of(t1));
        after = with(after, p2, null, "tasks", List.of(t2, t3));
        after = with(after, t2, p2);
        Diff d = Compare.diff(before, after);
        assertTrue(d.added().isEmpty() && d.removed().isEmpty());
        Map<ObjectId, ObjectChange> byId = new HashMap<>();
        d.changed().forEach(c -> byId.put(c.id(), c));
        assertEquals(3, byId.size(), d.toString());

        ObjectChange child = byId.get(t2);
        assertTrue(child.containerChanged());
        assertEquals(p1, child.oldContainer());
        assertEquals(p2, child.newContainer());
        assertTrue(child.features().isEmpty());

        ListChange from = (ListChange) byId.get(p1).feature("tasks");
        assertEquals(List.of(new ListEdit.Remove(1, t2)), from.edits());
        ListChange to = (ListChange) byId.get(p2).feature("tasks");
        assertEquals(List.of(new ListEdit.Insert(0, t2)), to.edits());
        assertEquals(to.newValue(), ListEdits.apply(to.oldValue(), to.edits()));
    }

    @Test
    void referenceListEditsAreInsertionsRemovalsAndMoves() {
        ObjectId a = ObjectId.random(), b = ObjectId.random(), c = ObjectId.random(), d = ObjectId.random();
        ObjectId e = ObjectId.random();
        Map<ObjectId, Record> before = state();
        before = with(before, p2, null, "refs", List.of(a, b, c, d));
        Map<ObjectId, Record> after = with(before, p2, null, "refs", List.of(d, a, c, e));
        ListChange ch = (ListChange) only(Compare.diff(before, after)).feature("refs");
        assertEquals(List.of(new ListEdit.Remove(1, b), new ListEdit.Move(2, 0, d), new ListEdit.Insert(3, e)),
                ch.edits());
        assertEquals(List.of(d, a, c, e), ListEdits.apply(ch.oldValue(), ch.edits()));
    }

    @Test
    void manyValuedAttributeChangeKeepsDuplicatesApart() {
        Map<ObjectId, Record> before = state();
        Map<ObjectId, Record> after = with(before, t1, p1, "tags", List.of("x", "y", "x"));
        ListChange ch = (ListChange) only(Compare.diff(before, after)).feature("tags");
        assertEquals(List.of(new ListEdit.Insert(2, "x")), ch.edits());
    }

    @Test
    void featureMapEntriesAreListElementsComparedByFeatureAndValue() {
        FeatureMapEntry text = new FeatureMapEntry("text", "hello ");
        FeatureMapEntry child = new FeatureMapEntry("b", t3);
        FeatureMapEntry tail = new FeatureMapEntry("text", "!");
        Map<ObjectId, Record> before = with(state(), p2, null, "mixed", List.of(text, child, tail));
        Map<ObjectId, Record> after = with(before, p2, null, "mixed",
                List.of(child, new FeatureMapEntry("text", "hello "), new FeatureMapEntry("text", "?")));
        ListChange ch = (ListChange) only(Compare.diff(before, after)).feature("mixed");
        // "hello " is the same entry (equal feature and value): it moves, the "!" text goes, "?" comes.
        assertEquals(List.of(new ListEdit.Remove(2, tail), new ListEdit.Move(1, 0, child),
                new ListEdit.Insert(2, new FeatureMapEntry("text", "?"))), ch.edits());
        assertEquals(ch.newValue(), ListEdits.apply(ch.oldValue(), ch.edits()));
    }

    @Test
    void objectsOnlyOnOneSideAreAddedOrRemovedWhole() {
        Map<ObjectId, Record> before = state();
        Map<ObjectId, Record> after = with(before, p2, null, "tasks", List.of());
        after.remove(t3);
        ObjectId t4 = ObjectId.random();
        Record added = new Record(t4, TASK, 0, p1, values("title", "d"));
        after.put(t4, added);
        after = with(after, p1, null, "tasks", List.of(t1, t2, t4));
        Diff d = Compare.diff(before, after);
        assertEquals(List.of(added), d.added());
        assertEquals(List.of(before.get(t3)), d.removed());
        assertEquals(2, d.changed().size());
        assertEquals(4, d.size());
    }

    @Test
    void anIdWithAnotherClassIsRemovedAndAdded() {
        Map<ObjectId, Record> before = state();
        Map<ObjectId, Record> after = new LinkedHashMap<>(before);
        Record project = new Record(t3, PROJECT, 1, p2, values("title", "c"));
        after.put(t3, project);
        Diff d = Compare.diff(before, after);
        assertEquals(List.of(before.get(t3)), d.removed());
        assertEquals(List.of(project), d.added());
        assertTrue(d.changed().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Compare.diff(before.get(t3), project));
    }

    @Test
    void sourcesAreComparedInBatchesOverTheGivenIds() {
        Map<ObjectId, Record> before = new HashMap<>();
        List<ObjectId> ids = new ArrayList<>();
        for (int i = 0; i < 25_000; i++) {
            ObjectId id = new ObjectId(new UUID(7, i));
            ids.add(id);
            before.put(id, new Record(id, TASK, 1, values("title", "t" + i)));
        }
        Map<ObjectId, Record> after = new HashMap<>(before);
        after.put(ids.get(12_345), before.get(ids.get(12_345)).with(2, Map.of("title", "changed")));
        after.remove(ids.get(24_999));
        ObjectId extra = ObjectId.random();
        after.put(extra, new Record(extra, TASK, 0, values("title", "new")));
        List<ObjectId> asked = new ArrayList<>(ids);
        asked.add(extra);
        int[] calls = { 0 };
        RecordSource counted = batch -> {
            calls[0]++;
            return RecordSource.of(before).records(batch);
        };
        Diff d = Compare.diff(asked, counted, RecordSource.of(after));
        assertEquals(3, calls[0]);
        assertEquals(List.of(new ValueChange("title", "t12345", "changed")), d.changed().get(0).features());
        assertEquals(List.of(before.get(ids.get(24_999))), d.removed());
        assertEquals(List.of(extra), d.added().stream().map(Record::id).toList());
    }

    @Test
    void aChangeSetReadsAsTheDiffItMakes() {
        Map<ObjectId, Record> s = state();
        ObjectId t4 = ObjectId.random();
        Record created = new Record(t4, TASK, 0, p1, values("title", "d"));
        ChangeSet cs = new ChangeSet(UUID.randomUUID(), "test", "", List.of(created),
                List.of(new ChangeSet.Change(p1, PROJECT, 3, null, values("tasks", List.of(t2, t1, t4)),
                        values("tasks", List.of(t1, t2))),
                        new ChangeSet.Change(t3, TASK, 2, p1, p2, values("title", "C"), values("title", "c"))),
                List.of(new ChangeSet.Deletion(s.get(p2))));
        Diff d = Compare.diff(cs);
        assertEquals(List.of(created), d.added());
        assertEquals(List.of(s.get(p2)), d.removed());
        ListChange tasks = (ListChange) d.changed().get(0).feature("tasks");
        assertEquals(List.of(new ListEdit.Move(1, 0, t2), new ListEdit.Insert(2, t4)), tasks.edits());
        ObjectChange moved = d.changed().get(1);
        assertEquals(2, moved.version());
        assertTrue(moved.containerChanged());
        assertEquals(List.of(new ValueChange("title", "c", "C")), moved.features());
        assertTrue(Compare.diff(new ChangeSet(UUID.randomUUID(), "", "", List.of(), List.of(), List.of())).isEmpty());
    }
}
