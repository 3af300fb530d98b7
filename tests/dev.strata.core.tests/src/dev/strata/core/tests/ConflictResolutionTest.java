package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ConflictException;
import dev.strata.core.MergePolicy;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Resolution;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.core.contract.ContractModel;

/** Two sessions on one memory store: a refused commit, each object resolved one way, committed again. */
class ConflictResolutionTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final List<Session> open = new ArrayList<>();
    private ModelStore store;
    private Repository repo;
    private Session mine;
    private Session theirs;
    private EObject a;
    private EObject b;

    @BeforeEach
    void setUp() {
        store = Repositories.memoryStore("conflict-test");
        // Refused commits and whole-object resolution: the merge policy's are in MergeTest.
        repo = Repositories.builder("test", store).packages(M.ePackage).mergePolicy(MergePolicy.REFUSE).build();
        Session setup = open();
        EObject root = M.newItem("root");
        @SuppressWarnings("unchecked")
        List<EObject> children = (List<EObject>) root.eGet(M.children);
        children.add(M.newItem("a"));
        children.add(M.newItem("b"));
        setup.add(root);
        setup.commit();
        mine = open();
        theirs = open();
        a = mine.get(setup.idOf(children.get(0)));
        b = mine.get(setup.idOf(children.get(1)));
    }

    @AfterEach
    void tearDown() {
        open.forEach(Session::close);
    }

    private Session open() {
        Session s = repo.openSession();
        open.add(s);
        return s;
    }

    private Object stored(EObject o, String feature) {
        return store.load(mine.idOf(o)).orElseThrow().value(feature);
    }

    /** The other session changes a's and b's text (and a's count); this one changes their text too, and is refused. */
    private void conflictOnBoth() {
        EObject otherA = theirs.get(mine.idOf(a));
        otherA.eSet(M.text, "their a");
        otherA.eSet(M.count, 7);
        theirs.get(mine.idOf(b)).eSet(M.text, "their b");
        theirs.commit("theirs");
        a.eSet(M.text, "my a");
        b.eSet(M.text, "my b");
        ConflictException e = assertThrows(ConflictException.class, () -> mine.commit("mine"));
        assertEquals(2, e.conflicts().size());
        assertEquals(ObjectState.CONFLICT, mine.state(a));
        assertEquals(ObjectState.CONFLICT, mine.state(b));
    }

    @Test
    void takeTheirsDropsMyChangeAndShowsTheStoredValues() {
        conflictOnBoth();
        mine.resolve(a, Resolution.THEIRS);

        assertEquals(ObjectState.CLEAN, mine.state(a));
        assertEquals("their a", a.eGet(M.text));
        assertEquals(7, a.eGet(M.count));
        assertEquals(2, mine.versionOf(a));
        assertEquals(ObjectState.CONFLICT, mine.state(b), "b is not resolved");
        assertThrows(ConflictException.class, () -> mine.commit(), "b still meets its conflict");
        assertEquals("their b", stored(b, "text"));
    }

    @Test
    void keepMineOverwritesTheirsAtTheNextCommitAndTakesInWhatIDidNotChange() {
        conflictOnBoth();
        mine.resolve(a, Resolution.MINE);
        mine.resolve(b, Resolution.THEIRS);

        assertEquals(ObjectState.DIRTY, mine.state(a));
        assertEquals("my a", a.eGet(M.text));
        assertEquals(7, a.eGet(M.count), "their change of a feature I left alone is taken in");
        assertEquals("their a", mine.persistentValue(a, M.text), "my change is now measured against theirs");
        assertEquals(2, mine.versionOf(a));
        assertEquals(ObjectState.CLEAN, mine.state(b));

        mine.commit("mine, deliberately");

        assertEquals("my a", stored(a, "text"));
        assertEquals(7, stored(a, "count"));
        assertEquals("their b", stored(b, "text"));
        assertEquals(ObjectState.CLEAN, mine.state(a));
        assertEquals(3, mine.versionOf(a));
        assertFalse(mine.isDirty());
    }

    @Test
    void keepMineStillMeetsALaterConflict() {
        conflictOnBoth();
        mine.resolve(a, Resolution.MINE);
        mine.resolve(b, Resolution.MINE);
        theirs.get(mine.idOf(a)).eSet(M.text, "their a again");
        theirs.commit();

        assertThrows(ConflictException.class, () -> mine.commit(), "only the version resolved against is overwritten");
        assertEquals("their a again", stored(a, "text"));
        assertEquals("their b", stored(b, "text"), "nothing of the refused commit was written");
    }

    @Test
    void keepMineWithTheSameValueAsTheirsLeavesNothingToCommit() {
        theirs.get(mine.idOf(a)).eSet(M.text, "same");
        theirs.commit();
        a.eSet(M.text, "same");
        assertThrows(ConflictException.class, () -> mine.commit());
        mine.resolve(a, Resolution.MINE);
        assertEquals(ObjectState.CLEAN, mine.state(a));
        assertFalse(mine.isDirty());
    }

    @Test
    void deletedElsewhereTakeTheirsLetsTheObjectGoAndKeepMineIsRefused() {
        ObjectId aId = mine.idOf(a);
        theirs.delete(theirs.get(aId));
        theirs.commit();
        a.eSet(M.text, "my a");
        assertThrows(ConflictException.class, () -> mine.commit());

        StrataException refused = assertThrows(StrataException.class, () -> mine.resolve(a, Resolution.MINE));
        assertTrue(refused.getMessage().contains("deleted elsewhere"), refused.getMessage());
        assertEquals(ObjectState.CONFLICT, mine.state(a), "a refused resolution changes nothing");

        mine.resolve(a, Resolution.THEIRS);
        assertEquals(ObjectState.DISCARDED, mine.state(a));
        assertTrue(mine.find(aId).isEmpty());
        @SuppressWarnings("unchecked")
        List<EObject> children = (List<EObject>) b.eContainer().eGet(M.children);
        assertEquals(List.of(b), children, "the container no longer holds it");
        assertFalse(mine.isDirty());
    }

    @Test
    void deletedHereAndChangedElsewhereKeepMineDeletesIt() {
        ObjectId aId = mine.idOf(a);
        theirs.get(aId).eSet(M.text, "their a");
        theirs.commit();
        mine.delete(a);
        assertThrows(ConflictException.class, () -> mine.commit());
        assertThrows(StrataException.class, () -> mine.resolve(a, Resolution.THEIRS), "undoing a deletion is a rollback");
        mine.resolve(a, Resolution.MINE);
        mine.commit();
        assertTrue(store.load(aId).isEmpty());
    }

    @Test
    void onlyConflictingObjectsAreResolved() {
        a.eSet(M.text, "my a");
        StrataException e = assertThrows(StrataException.class, () -> mine.resolve(a, Resolution.MINE));
        assertTrue(e.getMessage().contains("not in conflict"), e.getMessage());
        assertEquals(ObjectState.DIRTY, mine.state(a));
    }
}
