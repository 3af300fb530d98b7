package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.internal.IdList;
import dev.strata.core.store.ChangeCheck;
import dev.strata.example.tasks.TasksPackage;

/**
 * The containment check of a change to a long stored list looks only at the stretch the change
 * alters; these pin that it still takes and refuses what comparing every id before and after did:
 * a child added, moved within the list or to another container, taken out, or listed twice.
 */
class ContainmentCheckTest {

    private static final TypeRef PROJECT = TypeRef.of(TasksPackage.Literals.PROJECT);
    private static final TypeRef TASK = TypeRef.of(TasksPackage.Literals.TASK);
    private static final int TASKS = 2_000;

    private final ChangeCheck check = new ChangeCheck("containment", List.of(TasksPackage.eINSTANCE),
            ChangeCheck.UnknownPackages.REFUSE, true);
    private final Map<ObjectId, Record> store = new HashMap<>();
    private final ObjectId project = ObjectId.random();
    private final ObjectId other = ObjectId.random();
    private final List<ObjectId> tasks = new ArrayList<>();

    @BeforeEach
    void storeAProjectOfManyTasks() {
        for (int i = 0; i < TASKS; i++) {
            ObjectId t = ObjectId.random();
            tasks.add(t);
            store.put(t, new Record(t, TASK, 1, project, Map.of("title", "task " + i)));
        }
        long[] bits = new long[2 * TASKS]; // as a store decodes a long list
        for (int i = 0; i < TASKS; i++) {
            bits[2 * i] = tasks.get(i).value().getMostSignificantBits();
            bits[2 * i + 1] = tasks.get(i).value().getLeastSignificantBits();
        }
        store.put(project, new Record(project, PROJECT, 1, Map.of("name", "p", "tasks", new IdList(bits))));
        store.put(other, new Record(other, PROJECT, 1, Map.of("name", "q", "tasks", List.of())));
    }

    private ChangeSet.Change tasksOf(ObjectId p, List<ObjectId> now) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tasks", now);
        return new ChangeSet.Change(p, PROJECT, 1, null, null, values, Map.of());
    }

    private ChangeSet.Change movedTo(ObjectId task, ObjectId container) {
        return new ChangeSet.Change(task, TASK, 1, container, project, Map.of(), Map.of());
    }

    private ChangeSet commit(List<Record> created, List<ChangeSet.Change> changed, List<ObjectId> deleted) {
        return new ChangeSet(UUID.randomUUID(), "containment", "", created, changed,
                deleted.stream().map(d -> new ChangeSet.Deletion(store.get(d))).toList());
    }

    private ChangeSet checked(ChangeSet cs) {
        return check.check(cs, this::read);
    }

    private Map<ObjectId, Record> read(Collection<ObjectId> ids) {
        Map<ObjectId, Record> found = new HashMap<>();
        ids.forEach(id -> {
            if (store.containsKey(id)) {
                found.put(id, store.get(id));
            }
        });
        return found;
    }

    private InvalidChangeException refused(ChangeSet cs) {
        return assertThrows(InvalidChangeException.class, () -> checked(cs));
    }

    private List<ObjectId> tasksWith(java.util.function.Consumer<List<ObjectId>> edit) {
        List<ObjectId> now = new ArrayList<>(tasks);
        edit.accept(now);
        return now;
    }

    @Test
    void aNewTaskAddedAtTheEndOrInTheMiddleIsTaken() {
        for (int at : new int[] {TASKS, TASKS / 2, 0}) {
            ObjectId added = ObjectId.random();
            Record r = new Record(added, TASK, 0, project, Map.of("title", "new"));
            checked(commit(List.of(r), List.of(tasksOf(project, tasksWith(l -> l.add(at, added)))), List.of()));
        }
    }

    @Test
    void aNewTaskNamingAnotherContainerIsRefusedWhereverItIsListed() {
        ObjectId added = ObjectId.random();
        Record r = new Record(added, TASK, 0, other, Map.of("title", "new"));
        InvalidChangeException e = refused(commit(List.of(r), List.of(
                tasksOf(project, tasksWith(l -> l.add(TASKS / 2, added))), tasksOf(other, List.of(added))), List.of()));
        assertEquals("changed[0].values", e.field());
        assertTrue(e.getMessage().contains("container is " + other), e.getMessage());
    }

    @Test
    void aTaskMovedWithinTheListOrTheListReversedIsTaken() {
        checked(commit(List.of(), List.of(tasksOf(project, tasksWith(l -> l.add(l.remove(0))))), List.of()));
        checked(commit(List.of(), List.of(tasksOf(project, tasksWith(java.util.Collections::reverse))), List.of()));
    }

    @Test
    void aStoredTaskListedAgainAnywhereIsListedTwice() {
        ObjectId kept = tasks.get(7);
        for (int at : new int[] {TASKS, TASKS / 2, 0}) {
            InvalidChangeException e = refused(commit(List.of(),
                    List.of(tasksOf(project, tasksWith(l -> l.add(at, kept)))), List.of()));
            assertEquals("changed[0].values", e.field());
            assertTrue(e.getMessage().contains("lists object " + kept + " twice"), e.getMessage());
        }
    }

    @Test
    void aTaskTakenOutIsLostUnlessDeletedOrMoved() {
        ObjectId out = tasks.get(TASKS - 1);
        List<ObjectId> without = tasksWith(l -> l.remove(out));
        InvalidChangeException e = refused(commit(List.of(), List.of(tasksOf(project, without)), List.of()));
        assertEquals("changed[0].values", e.field());
        assertTrue(e.getMessage().contains("takes object " + out + " out of " + project), e.getMessage());

        checked(commit(List.of(), List.of(tasksOf(project, without)), List.of(out)));
        checked(commit(List.of(), List.of(tasksOf(project, without), tasksOf(other, List.of(out)),
                movedTo(out, other)), List.of()));
    }

    @Test
    void aMoveNeedsBothListsToAgree() {
        ObjectId moved = tasks.get(TASKS / 3);
        // still listed by the old project
        InvalidChangeException still = refused(commit(List.of(), List.of(tasksOf(other, List.of(moved)),
                movedTo(moved, other)), List.of()));
        assertEquals("changed[1].container", still.field());
        assertTrue(still.getMessage().contains(project + " still lists it"), still.getMessage());
        // not listed by the new one
        InvalidChangeException unlisted = refused(commit(List.of(), List.of(tasksOf(project,
                tasksWith(l -> l.remove(moved))), movedTo(moved, other)), List.of()));
        assertEquals("changed[1].container", unlisted.field());
        assertTrue(unlisted.getMessage().contains("no containment feature of " + other + " lists it"),
                unlisted.getMessage());
    }

    @Test
    void aListNamingAnUnknownObjectIsRefused() {
        ObjectId unknown = ObjectId.random();
        InvalidChangeException e = refused(commit(List.of(), List.of(tasksOf(project, tasksWith(l -> l.add(unknown)))),
                List.of()));
        assertEquals("changed[0].values", e.field());
        assertTrue(e.getMessage().contains("does not have it"), e.getMessage());
    }

    @Test
    void aTaskTakenOutOfTheMiddleIsLostUnlessDeleted() {
        ObjectId out = tasks.get(TASKS / 2);
        List<ObjectId> without = tasksWith(l -> l.remove(out));
        InvalidChangeException e = refused(commit(List.of(), List.of(tasksOf(project, without)), List.of()));
        assertEquals("changed[0].values", e.field());
        assertTrue(e.getMessage().contains("takes object " + out + " out of " + project), e.getMessage());
        checked(commit(List.of(), List.of(tasksOf(project, without)), List.of(out)));
        // replaced by a new task in its place: the same, and the new one is taken
        ObjectId added = ObjectId.random();
        Record r = new Record(added, TASK, 0, project, Map.of("title", "new"));
        List<ObjectId> replaced = tasksWith(l -> l.set(TASKS / 2, added));
        refused(commit(List.of(r), List.of(tasksOf(project, replaced)), List.of()));
        checked(commit(List.of(r), List.of(tasksOf(project, replaced)), List.of(out)));
    }

    @Test
    void aTaskMovedAwayWhileItsListChangesElsewhereIsStillListed() {
        ObjectId moved = tasks.get(TASKS / 3);
        ObjectId added = ObjectId.random();
        Record r = new Record(added, TASK, 0, project, Map.of("title", "new"));
        // the project's change appends only: the moved task is neither added nor taken out by it
        InvalidChangeException e = refused(commit(List.of(r), List.of(tasksOf(project, tasksWith(l -> l.add(added))),
                tasksOf(other, List.of(moved)), movedTo(moved, other)), List.of()));
        assertEquals("changed[2].container", e.field());
        assertTrue(e.getMessage().contains(project + " still lists it"), e.getMessage());
        // or moves it within the list
        InvalidChangeException within = refused(commit(List.of(), List.of(tasksOf(project,
                tasksWith(l -> l.add(0, l.remove(TASKS / 3)))), tasksOf(other, List.of(moved)), movedTo(moved, other)),
                List.of()));
        assertEquals("changed[2].container", within.field());
    }

    @Test
    void idsListedTwiceAtTheEdgesOrBothNewAreRefused() {
        ObjectId last = tasks.get(TASKS - 1);
        InvalidChangeException atEnd = refused(commit(List.of(), List.of(tasksOf(project, tasksWith(l -> l.add(last)))),
                List.of()));
        assertTrue(atEnd.getMessage().contains("lists object " + last + " twice"), atEnd.getMessage());
        ObjectId added = ObjectId.random();
        Record r = new Record(added, TASK, 0, project, Map.of("title", "new"));
        InvalidChangeException newTwice = refused(commit(List.of(r), List.of(tasksOf(project, tasksWith(l -> {
            l.add(added);
            l.add(added);
        }))), List.of()));
        assertEquals("changed[0].values", newTwice.field());
        assertTrue(newTwice.getMessage().contains("lists object " + added + " twice"), newTwice.getMessage());
    }

    @Test
    void aStoredTaskListedByASecondFeatureIsListedTwice() {
        ObjectId kept = tasks.get(3);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("coordinators", List.of(kept)); // tasks, unchanged, still lists it
        InvalidChangeException e = refused(commit(List.of(),
                List.of(new ChangeSet.Change(project, PROJECT, 1, null, null, values, Map.of())), List.of()));
        assertEquals("changed[0].values", e.field());
        assertTrue(e.getMessage().contains("lists object " + kept + " twice"), e.getMessage());
    }

    @Test
    void aNewIdAStoredListAlreadyNamesIsRefusedBeforeAnythingIsWritten() {
        ObjectId named = tasks.get(11);
        Record again = new Record(named, TASK, 0, project, Map.of("title", "again"));
        InvalidChangeException e = refused(commit(List.of(again), List.of(tasksOf(project,
                tasksWith(l -> l.add(named)))), List.of()));
        assertEquals("changed[0].values", e.field());
        assertTrue(e.getMessage().contains("lists object " + named + " twice"), e.getMessage());
    }
}
