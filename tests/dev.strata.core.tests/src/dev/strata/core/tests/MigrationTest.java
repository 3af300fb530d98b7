package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.Test;

import dev.strata.core.ConflictException;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StrataException;

/** Metamodel evolution: versions recorded with the data, declared migrations applied once. */
class MigrationTest {

    private static final String URI = "http://strata.dev/test/evolving";

    /** Version 1: Note(title, obsolete), Label(text). */
    private static EPackage v1() {
        EPackage p = pkg(1);
        EClass note = eClass(p, "Note");
        attr(note, "title");
        attr(note, "obsolete");
        attr(eClass(p, "Label"), "text");
        return p;
    }

    /** Version 2: Note(heading, priority:int = declared default via migration), Tag(text). */
    private static EPackage v2() {
        EPackage p = pkg(2);
        EClass note = eClass(p, "Note");
        attr(note, "heading");
        EAttribute priority = EcoreFactory.eINSTANCE.createEAttribute();
        priority.setName("priority");
        priority.setEType(EcorePackage.Literals.EINT);
        note.getEStructuralFeatures().add(priority);
        attr(eClass(p, "Tag"), "text");
        return p;
    }

    private static final Migration ONE_TO_TWO = Migration.of(URI, 1, 2)
            .renameFeature("Note", "title", "heading")
            .removeFeature("Note", "obsolete")
            .addFeature("Note", "priority", 3)
            .renameClass("Label", "Tag")
            .build();

    private static EPackage pkg(int version) {
        EPackage p = EcoreFactory.eINSTANCE.createEPackage();
        p.setName("evolving");
        p.setNsPrefix("ev");
        p.setNsURI(URI);
        EcoreUtil.setAnnotation(p, Migration.VERSION_ANNOTATION, "version", String.valueOf(version));
        return p;
    }

    private static EClass eClass(EPackage p, String name) {
        EClass c = EcoreFactory.eINSTANCE.createEClass();
        c.setName(name);
        p.getEClassifiers().add(c);
        return c;
    }

    private static void attr(EClass c, String name) {
        EAttribute a = EcoreFactory.eINSTANCE.createEAttribute();
        a.setName(name);
        a.setEType(EcorePackage.Literals.ESTRING);
        c.getEStructuralFeatures().add(a);
    }

    private record Seeded(ObjectId note, ObjectId label) {
    }

    private static Seeded seed(ModelStore store) {
        EPackage p = v1();
        Repository repo = Repositories.builder("v1", store).packages(p).build();
        try (Session s = repo.openSession()) {
            EClass note = (EClass) p.getEClassifier("Note");
            EObject n = EcoreUtil.create(note);
            n.eSet(note.getEStructuralFeature("title"), "hello");
            n.eSet(note.getEStructuralFeature("obsolete"), "gone");
            EClass label = (EClass) p.getEClassifier("Label");
            EObject l = EcoreUtil.create(label);
            l.eSet(label.getEStructuralFeature("text"), "urgent");
            s.add(n);
            s.add(l);
            s.commit();
            return new Seeded(s.idOf(n), s.idOf(l));
        }
    }

    @Test
    void aMigrationGivingAnOrderedIndexValuesItCannotOrderIsRefusedBeforeItIsWritten() {
        ModelStore store = Repositories.memoryStore("mig-index");
        Seeded ids = seed(store);
        EPackage p = v1();
        Repository repo = Repositories.builder("v1-more", store).packages(p).build();
        try (Session s = repo.openSession()) {
            s.add(EcoreUtil.create((EClass) p.getEClassifier("Note"))); // no title: the migration adds one
            // A second text title: whichever order the migration visits the notes, a number meets a
            // text in the index unless every old value leaves it first.
            org.eclipse.emf.ecore.EObject second = EcoreUtil.create((EClass) p.getEClassifier("Note"));
            second.eSet(((EClass) p.getEClassifier("Note")).getEStructuralFeature("title"), "world");
            s.add(second);
            s.commit();
        }
        dev.strata.core.TypeRef note = new dev.strata.core.TypeRef(URI, "Note");
        store.declareIndexes(List.of(new dev.strata.core.IndexDef(note, "title",
                dev.strata.core.IndexDef.Kind.ORDERED)));
        long head = store.log(0, 100).size();
        // "hello" stays a text, the other note gets the number 7: one ordered index cannot hold both.
        Migration clash = Migration.of(URI, 1, 2).addFeature("Note", "title", 7).build();
        dev.strata.core.InvalidChangeException e = assertThrows(dev.strata.core.InvalidChangeException.class,
                () -> store.migrate(clash));
        assertEquals("title", e.field());
        assertTrue(e.getMessage().contains(clash.id()), e.getMessage());
        assertEquals(Map.of(URI, 1), store.modelVersions(), "nothing was applied");
        assertEquals(head, store.log(0, 100).size(), "nothing was written");
        assertEquals("hello", store.load(ids.note()).orElseThrow().value("title"));

        // Every note's title becoming a number at once is fine: the index then holds numbers only.
        Migration all = Migration.of(URI, 1, 2).removeFeature("Note", "title").addFeature("Note", "title", 7).build();
        store.migrate(all);
        assertEquals(Map.of(URI, 2), store.modelVersions());
        assertEquals(7, store.load(ids.note()).orElseThrow().value("title"));
    }

    @Test
    void aNewStoreRecordsTheModelVersion() {
        ModelStore store = Repositories.memoryStore("mig-new");
        seed(store);
        assertEquals(Map.of(URI, 1), store.modelVersions());
        assertTrue(store.appliedMigrations().isEmpty());
    }

    @Test
    void aDeclaredMigrationIsAppliedOnceAndTheDataReadsInTheNewModel() {
        ModelStore store = Repositories.memoryStore("mig-apply");
        Seeded ids = seed(store);
        EPackage p2 = v2();
        Repository repo = Repositories.builder("v2", store).packages(p2).migration(ONE_TO_TWO).build();

        assertEquals(Map.of(URI, 2), store.modelVersions());
        assertEquals(List.of(ONE_TO_TWO.id()), store.appliedMigrations());
        try (Session s = repo.openSession()) {
            EObject note = s.get(ids.note());
            EClass noteClass = note.eClass();
            assertEquals("hello", note.eGet(noteClass.getEStructuralFeature("heading")));
            assertEquals(3, note.eGet(noteClass.getEStructuralFeature("priority")));
            assertEquals(2, s.versionOf(note), "migrated records get a new version");
            EObject tag = s.get(ids.label());
            assertEquals("Tag", tag.eClass().getName());
            assertEquals("urgent", tag.eGet(tag.eClass().getEStructuralFeature("text")));
        }
        assertTrue(!store.load(ids.note()).orElseThrow().values().containsKey("obsolete"));

        Repositories.builder("v2-again", store).packages(p2).migration(ONE_TO_TWO).build();
        assertEquals(1, store.appliedMigrations().size(), "applied once");
    }

    @Test
    void aSessionThatReadBeforeTheMigrationCannotWriteOldFormData() {
        ModelStore store = Repositories.memoryStore("mig-stale");
        Seeded ids = seed(store);
        EPackage p1 = v1();
        Repository old = Repositories.builder("v1", store).packages(p1).build();
        Session stale = old.openSession();
        EObject note = stale.get(ids.note());
        Repositories.builder("v2", store).packages(v2()).migration(ONE_TO_TWO).build();
        note.eSet(note.eClass().getEStructuralFeature("title"), "late edit");
        assertThrows(ConflictException.class, stale::commit);
        stale.close();
        assertEquals("hello", store.load(ids.note()).orElseThrow().value("heading"));
    }

    @Test
    void withoutAMigrationPathTheStoreIsRefusedWithAClearMessage() {
        ModelStore store = Repositories.memoryStore("mig-missing");
        seed(store);
        StrataException e = assertThrows(StrataException.class,
                () -> Repositories.builder("v2", store).packages(v2()).build());
        assertTrue(e.getMessage().contains("no migration from version 1"), e.getMessage());
        assertEquals(Map.of(URI, 1), store.modelVersions(), "nothing changed");
    }

    @Test
    void dataOfANewerModelIsRefused() {
        ModelStore store = Repositories.memoryStore("mig-newer");
        seed(store);
        Repositories.builder("v2", store).packages(v2()).migration(ONE_TO_TWO).build();
        StrataException e = assertThrows(StrataException.class,
                () -> Repositories.builder("v1", store).packages(v1()).build());
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }
}
