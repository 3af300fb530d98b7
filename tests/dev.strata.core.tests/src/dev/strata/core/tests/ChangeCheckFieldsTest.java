package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
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
                values(Record.XMI_ID, 42)))));
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

    /** One path moves along the records and values of a large commit: a refusal after records that fit names its own place. */
    @Test
    void aRefusalAfterRecordsThatFitNamesItsOwnPlace() {
        Record fine = new Record(ObjectId.random(), TASK, 0, values("title", "fine", "priority", 1));
        Record alsoFine = new Record(ObjectId.random(), TASK, 0, values("title", "also fine", "dependsOn",
                List.of(ObjectId.random())));
        assertEquals("created[2].type", refusedField(creating(fine, alsoFine, new Record(ObjectId.random(),
                new TypeRef(TASK.nsUri(), "Nothing"), 0, values()))));
        assertEquals("created[2].values.xmi:id", refusedField(creating(fine, alsoFine, new Record(ObjectId.random(),
                TASK, 0, values("title", "t", Record.XMI_ID, 42)))));
        assertEquals("created[1].values.priority", refusedField(creating(fine, new Record(ObjectId.random(), TASK, 0,
                values("title", "t", "dependsOn", List.of(), "priority", "high")))));
    }

    /**
     * A large commit's records: records that fit are passed on in their places, a converted one is
     * copied in its place, and with faults far apart the first record's is refused.
     */
    @Test
    void aLargeCommitKeepsOrderAndRefusesItsFirstFault() {
        int n = 60_000;
        List<Record> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(new Record(ObjectId.random(), TASK, 0, values("title", "t" + i, "priority", i)));
        }
        Record wide = new Record(ObjectId.random(), TASK, 0, values("title", "last", "priority", 7L));
        records.set(n - 1, wide);
        ChangeSet checked = check.values(creating(records.toArray(Record[]::new)));
        assertEquals(n, checked.created().size());
        for (int i = 0; i < n - 1; i++) {
            assertSame(records.get(i), checked.created().get(i), "record " + i);
        }
        assertEquals(wide.id(), checked.created().get(n - 1).id());
        assertEquals(Integer.valueOf(7), checked.created().get(n - 1).value("priority"));

        Record bad = new Record(ObjectId.random(), TASK, 0, values("title", "bad", "priority", "high"));
        records.set(n - 2, bad);
        assertEquals("created[" + (n - 2) + "].values.priority", refusedField(creating(records.toArray(Record[]::new))));
        records.set(5, new Record(ObjectId.random(), new TypeRef(TASK.nsUri(), "Nothing"), 0, values()));
        assertEquals("created[5].type", refusedField(creating(records.toArray(Record[]::new))));
    }

    /** The store's commit builds its result on ids named once; a change set naming one twice is refused first. */
    @Test
    void aChangeSetNamingAnObjectTwiceIsRefused() {
        Record r = new Record(ObjectId.random(), TASK, 0, values("title", "twice"));
        ChangeSet.Change change = new ChangeSet.Change(r.id(), TASK, 1, null, values("title", "again"),
                values("title", "twice"));
        for (ChangeSet cs : List.of(creating(r, r),
                new ChangeSet(UUID.randomUUID(), "fields", "", List.of(r), List.of(change), List.of()),
                new ChangeSet(UUID.randomUUID(), "fields", "", List.of(), List.of(change, change), List.of()))) {
            InvalidChangeException e = assertThrows(InvalidChangeException.class, () -> check.values(cs));
            assertEquals("commit " + cs.commitId() + ": names object " + r.id() + " twice", e.getMessage());
        }
    }

    /** Text of a data type stored as text is refused for a NUL as any text is, not as an invalid literal. */
    @Test
    void textOfADataTypeStoredAsTextIsRefusedForWhatItHolds() {
        org.eclipse.emf.ecore.EcoreFactory f = org.eclipse.emf.ecore.EcoreFactory.eINSTANCE;
        org.eclipse.emf.ecore.EPackage p = f.createEPackage();
        p.setName("coded");
        p.setNsURI("urn:strata:test:coded");
        p.setNsPrefix("coded");
        org.eclipse.emf.ecore.EDataType code = f.createEDataType(); // no instance class: kept as its text
        code.setName("Code");
        org.eclipse.emf.ecore.EClass thing = f.createEClass();
        thing.setName("Thing");
        org.eclipse.emf.ecore.EAttribute a = f.createEAttribute();
        a.setName("code");
        a.setEType(code);
        thing.getEStructuralFeatures().add(a);
        p.getEClassifiers().add(code);
        p.getEClassifiers().add(thing);
        ChangeCheck coded = new ChangeCheck("fields", List.of(p), ChangeCheck.UnknownPackages.REFUSE, true);
        ChangeSet cs = creating(new Record(ObjectId.random(), TypeRef.of(thing), 0, values("code", "a\u0000b")));
        InvalidChangeException e = assertThrows(InvalidChangeException.class, () -> coded.values(cs));
        assertEquals("created[0].values.code", e.field());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("NUL character")
                && !e.getMessage().contains("is not a valid"), e.getMessage());
        assertEquals("ok", coded.values(creating(new Record(ObjectId.random(), TypeRef.of(thing), 0,
                values("code", "ok")))).created().get(0).values().get("code"));
    }
}
