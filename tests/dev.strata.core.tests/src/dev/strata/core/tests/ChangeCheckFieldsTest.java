package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.store.ChangeCheck;
import dev.strata.example.tasks.TasksPackage;

/**
 * The place a refused change set names is spelled out only when it is refused; these pin the
 * places exactly, and that records whose values fit as they are pass through unchanged.
 */
class ChangeCheckFieldsTest {

    private static final TypeRef TASK = TypeRef.of(TasksPackage.Literals.TASK);

    private final ChangeCheck check = new ChangeCheck("fields", List.of(TasksPackage.eINSTANCE),
            ChangeCheck.UnknownPackages.REFUSE, true);

    private static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static ChangeSet creating(Record... records) {
        return new ChangeSet(UUID.randomUUID(), "fields", "", List.of(records), List.of(), List.of());
    }

    private String refusedField(ChangeSet cs) {
        return assertThrows(InvalidChangeException.class, () -> check.values(cs)).field();
    }

    @Test
    void aRefusalNamesTheExactPlace() {
        Record fine = new Record(ObjectId.random(), TASK, 0, values("title", "fine"));
        assertEquals("created[1].values.dependsOn[1]", refusedField(creating(fine, new Record(ObjectId.random(), TASK,
                0, values("title", "t", "dependsOn", Arrays.asList(ObjectId.random(), null))))));
        assertEquals("created[0].values.priority", refusedField(creating(new Record(ObjectId.random(), TASK, 0,
                values("priority", "high")))));
        assertEquals("created[0].values.dependsOn[0]", refusedField(creating(new Record(ObjectId.random(), TASK, 0,
                values("dependsOn", List.of("not an id"))))));
        assertEquals("created[0].values.xmi:id", refusedField(creating(new Record(ObjectId.random(), TASK, 0,
                values(Record.XMI_ID, "")))));
        assertEquals("created[0].type", refusedField(creating(new Record(ObjectId.random(),
                new TypeRef(TASK.nsUri(), "Nothing"), 0, values()))));
        assertEquals("changed[0].values.priority", refusedField(new ChangeSet(UUID.randomUUID(), "fields", "",
                List.of(), List.of(new ChangeSet.Change(ObjectId.random(), TASK, 1, null, values("priority", "x"),
                        values("priority", 1))), List.of())));
        assertEquals("changed[0].expectedVersion", refusedField(new ChangeSet(UUID.randomUUID(), "fields", "",
                List.of(), List.of(new ChangeSet.Change(ObjectId.random(), TASK, 0, null, values("priority", 2),
                        values())), List.of())));
    }

    @Test
    void recordsThatFitPassUnchangedAndConvertedValuesAreCopiedInOrder() {
        ObjectId other = ObjectId.random();
        Record fits = new Record(ObjectId.random(), TASK, 0, values("title", "a", "priority", 2, "dependsOn",
                List.of(other)));
        Record converts = new Record(ObjectId.random(), TASK, 0, values("title", "b", "created",
                "2026-01-02T00:00:00Z", "priority", 3));
        ChangeSet checked = check.values(creating(fits, converts));
        assertSame(fits, checked.created().get(0));
        Record c = checked.created().get(1);
        assertNotSame(converts, c);
        assertEquals(List.of("title", "created", "priority"), List.copyOf(c.values().keySet()));
        assertEquals(new Date(java.time.Instant.parse("2026-01-02T00:00:00Z").toEpochMilli()), c.value("created"));
        assertEquals("b", c.value("title"));
        assertEquals(3, c.value("priority"));
        assertEquals(converts.id(), c.id());
    }
}
