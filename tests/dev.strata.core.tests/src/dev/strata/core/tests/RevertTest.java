package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.CommitResult;
import dev.strata.core.MergeConflict;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.core.contract.ContractModel;

/** Reverting a logged commit as a new commit: values, created and deleted objects back as they were. */
class RevertTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private ModelStore store;
    private Repository repo;
    private Session s;
    private ObjectId rootId;
    private ObjectId aId;
    private ObjectId bId;
    private ObjectId cId;
    private Record aBefore;
    private Record bBefore;
    private Record rootBefore;
    private long reverted;

    @SuppressWarnings("unchecked")
    private static List<Object> list(EObject o, org.eclipse.emf.ecore.EStructuralFeature f) {
        return (List<Object>) o.eGet(f);
    }

    @BeforeEach
    void setUp() {
        store = Repositories.memoryStore("revert-test");
        repo = Repositories.builder("test", store).packages(M.ePackage).build();
        s = repo.openSession();
        EObject root = M.newItem("root");
        EObject a = M.newItem("a");
        a.eSet(M.text, "first");
        list(a, M.tags).addAll(List.of("x", "y"));
        EObject b = M.newItem("b");
        list(b, M.children).add(M.newItem("b-child"));
        list(root, M.children).addAll(List.of(a, b));
        list(a, M.related).add(b);
        s.add(root);
        s.commit("one");
        rootId = s.idOf(root);
        aId = s.idOf(a);
        bId = s.idOf(b);
        aBefore = store.load(aId).orElseThrow();
        bBefore = store.load(bId).orElseThrow();
        rootBefore = store.load(rootId).orElseThrow();

        a.eSet(M.text, "second");
        list(a, M.tags).add("z");
        s.delete(b);
        EObject c = M.newItem("c");
        list(root, M.children).add(c);
        CommitResult two = s.commit("two");
        cId = s.idOf(c);
        reverted = two.sequence();
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    @Test
    void aRevertedCommitLeavesTheModelAsBeforeIt() {
        List<MergeConflict> left = s.revert(reverted);

        assertTrue(left.isEmpty(), left.toString());
        assertTrue(s.isDirty());
        s.commit("revert two");

        assertEquals(aBefore.values(), store.load(aId).orElseThrow().values());
        Record b = store.load(bId).orElseThrow();
        assertEquals(bBefore.values(), b.values(), "the deleted object is back with its id, values and child");
        assertEquals(rootId, b.container());
        assertEquals(rootBefore.values(), store.load(rootId).orElseThrow().values());
        assertFalse(store.load(cId).isPresent(), "the object it created is gone");
        ObjectId bChild = (ObjectId) ((List<?>) bBefore.values().get("children")).get(0);
        assertEquals("b-child", store.load(bChild).orElseThrow().value("name"));
        assertEquals(List.of(bId), store.load(aId).orElseThrow().value("related"), "references to it hold again");
    }

    /** An object imported with an xmi:id (or from a file that gave it none) comes back from a reverted deletion with it. */
    @Test
    void aDeletedObjectComesBackWithTheXmiIdItWasImportedWith() {
        org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl file = new org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl(
                org.eclipse.emf.common.util.URI.createURI("memory:/tool.xmi"));
        new org.eclipse.emf.ecore.resource.impl.ResourceSetImpl().getResources().add(file);
        EObject imported = M.newItem("imported");
        EObject named = M.newItem("named by the tool");
        EObject unnamed = M.newItem("named by its path");
        list(imported, M.children).addAll(List.of(named, unnamed));
        file.getContents().add(imported);
        file.setID(imported, "_root");
        file.setID(named, "_diagramPointsHere");
        s.importRoots(List.of(imported));
        s.commit("import");
        ObjectId namedId = s.idOf(named);
        ObjectId unnamedId = s.idOf(unnamed);
        s.delete(named);
        s.delete(unnamed);
        long deletion = s.commit("delete them").sequence();

        assertTrue(s.revert(deletion).isEmpty());
        s.commit("revert the deletion");

        assertEquals("_diagramPointsHere", store.load(namedId).orElseThrow().xmiId());
        assertEquals("", store.load(unnamedId).orElseThrow().xmiId(), "none in its file: none on export");
        try (Session fresh = repo.openSession()) {
            assertEquals("_diagramPointsHere", fresh.xmiId(fresh.get(namedId)));
            assertEquals(null, fresh.xmiId(fresh.get(unnamedId)));
        }
    }

    @Test
    void whatChangedAgainSinceIsKeptAndReported() {
        EObject a = s.get(aId);
        a.eSet(M.text, "third");
        list(a, M.tags).add(0, "w");
        s.commit("three");

        List<MergeConflict> left = s.revert(reverted);

        assertEquals(1, left.size(), left.toString());
        MergeConflict c = left.get(0);
        assertEquals("text", c.feature());
        assertEquals(List.of("second", "third", "first"), java.util.Arrays.asList(c.base(), c.theirs(), c.mine()));
        assertEquals("third", a.eGet(M.text), "a later change is not undone");
        assertEquals(List.of("w", "x", "y"), list(a, M.tags), "the revert's removal of z merges with the later insertion");
        s.commit("revert two, but not the later text");
        assertEquals(ObjectState.CLEAN, s.state(a));
        assertTrue(store.load(bId).isPresent());
    }

    @Test
    void aCommitTheLogDoesNotHoldIsRefusedClearly() {
        StrataException e = assertThrows(StrataException.class, () -> s.revert(reverted + 5));
        assertTrue(e.getMessage().contains("no commit " + (reverted + 5)), e.getMessage());
        assertFalse(s.isDirty());
    }

    @Test
    void aRangeOfCommitsIsUndoneAsOne() {
        EObject a = s.get(aId);
        EObject c = s.get(cId);
        a.eSet(M.text, "third");
        c.eSet(M.text, "made in two, changed in three");
        s.commit("three");
        s.delete(a);
        CommitResult four = s.commit("four");

        List<MergeConflict> left = s.revert(reverted, four.sequence());

        assertTrue(left.isEmpty(), left.toString());
        s.commit("revert two to four");
        assertEquals(aBefore.values(), store.load(aId).orElseThrow().values(),
                "changed twice and then deleted in the range: back as before the range");
        assertEquals(bBefore.values(), store.load(bId).orElseThrow().values());
        assertFalse(store.load(cId).isPresent(), "created and changed in the range: gone");
        assertEquals(rootBefore.values(), store.load(rootId).orElseThrow().values());
        assertEquals(List.of(bId), store.load(aId).orElseThrow().value("related"));
    }

    @Test
    void aRangeKeepsWhatLaterCommitsChanged() {
        EObject c = s.get(cId);
        EObject a = s.get(aId);
        c.eSet(M.text, "three");
        long three = s.commit("three").sequence();
        c.eSet(M.text, "four");
        a.eSet(M.text, "four");
        s.commit("four, after the range");

        List<MergeConflict> left = s.revert(reverted, three);

        // a's text and c's text were set again after the range; c, made in the range, was changed after it.
        assertEquals(List.of(MergeConflict.Kind.CHANGED_BOTH, MergeConflict.Kind.CHANGED_BOTH,
                MergeConflict.Kind.DELETED_MINE),
                left.stream().map(MergeConflict::kind).sorted().toList(), left.toString());
        assertEquals("four", a.eGet(M.text), "a later change is not undone");
        assertEquals("four", c.eGet(M.text));
        assertEquals(ObjectState.CLEAN, s.state(c), "changed after the range: not deleted");
        s.commit("revert two and three");
        assertTrue(store.load(bId).isPresent());
    }

    @Test
    void aRangeMustBeOrderedAndHeldByTheLog() {
        StrataException backwards = assertThrows(StrataException.class, () -> s.revert(reverted, reverted - 1));
        assertTrue(backwards.getMessage().contains("from the older to the newer"), backwards.getMessage());
        StrataException beyond = assertThrows(StrataException.class, () -> s.revert(reverted, reverted + 3));
        assertTrue(beyond.getMessage().contains("no commit " + (reverted + 3)), beyond.getMessage());
        assertFalse(s.isDirty());
    }
}
