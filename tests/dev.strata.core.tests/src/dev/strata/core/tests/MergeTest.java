package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ConflictException;
import dev.strata.core.MergeConflict;
import dev.strata.core.MergeConflictException;
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

/**
 * Two sessions on one memory store under the merge policy: what merges by itself commits without
 * the user, what does not is reported with base, theirs and mine and resolved each way.
 */
class MergeTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final List<Session> open = new ArrayList<>();
    private ModelStore store;
    private Repository repo;
    private Session mine;
    private Session theirs;
    private ObjectId rootId;
    private ObjectId aId;
    private ObjectId bId;

    @BeforeEach
    void setUp() {
        store = Repositories.memoryStore("merge-test");
        repo = Repositories.builder("test", store).packages(M.ePackage).build();
        Session setup = open(repo);
        EObject root = M.newItem("root");
        EObject a = M.newItem("a");
        a.eSet(M.text, "base text");
        list(a, M.tags).addAll(List.of("x", "y", "z"));
        children(root).add(a);
        children(root).add(M.newItem("b"));
        setup.add(root);
        setup.commit();
        rootId = setup.idOf(root);
        aId = setup.idOf(a);
        bId = setup.idOf(children(root).get(1));
        mine = open(repo);
        theirs = open(repo);
        // Both read the model before either changes it (a lazy session reads what it touches when
        // it touches it: prefetch reads it all now).
        mine.roots().forEach(r -> mine.prefetch(r, Integer.MAX_VALUE));
        theirs.roots().forEach(r -> theirs.prefetch(r, Integer.MAX_VALUE));
    }

    @AfterEach
    void tearDown() {
        open.forEach(Session::close);
    }

    private Session open(Repository r) {
        Session s = r.openSession();
        open.add(s);
        return s;
    }

    @SuppressWarnings("unchecked")
    private static List<EObject> children(EObject o) {
        return (List<EObject>) o.eGet(M.children);
    }

    @SuppressWarnings("unchecked")
    private static EList<Object> list(EObject o, EStructuralFeature f) {
        return (EList<Object>) o.eGet(f);
    }

    private Object stored(ObjectId id, String feature) {
        return store.load(id).orElseThrow().value(feature);
    }

    @Test
    void differentFeaturesOfOneObjectMergeWithoutTheUser() {
        EObject a = mine.get(aId);
        theirs.get(aId).eSet(M.count, 7);
        theirs.commit("theirs: count");
        a.eSet(M.text, "my text");

        mine.commit("mine: text");

        assertEquals("my text", stored(aId, "text"));
        assertEquals(7, stored(aId, "count"), "the other change is kept");
        assertEquals(7, a.eGet(M.count), "and shown in this session");
        assertEquals(ObjectState.CLEAN, mine.state(a));
        assertEquals(3, mine.versionOf(a));
        assertTrue(mine.conflicts().isEmpty());
    }

    @Test
    void theSameValueSetOnBothSidesIsStillAConflictSoNoIncrementIsLost() {
        theirs.get(aId).eSet(M.count, 1);
        theirs.commit("their increment");
        EObject a = mine.get(aId);
        a.eSet(M.count, 1);
        a.eSet(M.text, "mine");

        MergeConflictException e = assertThrows(MergeConflictException.class, () -> mine.commit("my increment"));
        MergeConflict c = e.mergeConflicts().get(0);
        assertEquals(List.of(0, 1, 1), java.util.Arrays.asList(c.base(), c.theirs(), c.mine()));

        mine.resolve(c, 2);
        mine.commit();
        assertEquals(2, stored(aId, "count"));
        assertEquals("mine", stored(aId, "text"));
    }

    @Test
    void oneFeatureChangedToDifferentValuesIsAConflictWithTheThreeValues() {
        MergeConflict c = conflictOnText();

        assertEquals(aId, c.id());
        assertEquals("text", c.feature());
        assertEquals(MergeConflict.Kind.CHANGED_BOTH, c.kind());
        assertEquals("base text", c.base());
        assertEquals("their text", c.theirs());
        assertEquals("my text", c.mine());
        assertEquals(List.of(c), mine.conflicts());
        assertEquals(ObjectState.CONFLICT, mine.state(mine.get(aId)));
        assertEquals("their text", stored(aId, "text"), "nothing of mine was written");
        assertEquals("b's change", stored(bId, "text"), "a refused commit writes nothing, not even what merged");
    }

    /** Theirs sets a's text and count, mine sets a's text and b's text; the commit is refused on a's text. */
    private MergeConflict conflictOnText() {
        EObject theirA = theirs.get(aId);
        theirA.eSet(M.text, "their text");
        theirA.eSet(M.count, 5);
        theirs.commit("theirs");
        mine.get(aId).eSet(M.text, "my text");
        mine.get(bId).eSet(M.name, "b2");
        theirs.get(bId).eSet(M.text, "b's change");
        theirs.commit("theirs again");
        MergeConflictException e = assertThrows(MergeConflictException.class, () -> mine.commit("mine"));
        assertEquals(1, e.mergeConflicts().size(), e.getMessage());
        assertTrue(e.getMessage().contains("'base text'") && e.getMessage().contains("'their text'")
                && e.getMessage().contains("'my text'"), e.getMessage());
        return e.mergeConflicts().get(0);
    }

    @Test
    void resolvedTheirsTakesTheStoredValueAndCommitsTheRest() {
        MergeConflict c = conflictOnText();
        EObject a = mine.get(aId);

        mine.resolve(c, Resolution.THEIRS);

        assertEquals("their text", a.eGet(M.text));
        assertEquals(5, a.eGet(M.count), "what only they changed is taken in");
        assertEquals(ObjectState.CLEAN, mine.state(a));
        assertTrue(mine.conflicts().isEmpty());
        mine.commit();
        assertEquals("their text", stored(aId, "text"));
        assertEquals("b2", stored(bId, "name"));
        assertEquals("b's change", stored(bId, "text"));
    }

    @Test
    void resolvedMineOverwritesTheirsDeliberately() {
        MergeConflict c = conflictOnText();
        EObject a = mine.get(aId);

        mine.resolve(c, Resolution.MINE);

        assertEquals(ObjectState.DIRTY, mine.state(a));
        assertEquals("their text", mine.persistentValue(a, M.text), "my change is measured against theirs now");
        mine.commit();
        assertEquals("my text", stored(aId, "text"));
        assertEquals(5, stored(aId, "count"));
    }

    @Test
    void resolvedWithAValueOfTheUsers() {
        MergeConflict c = conflictOnText();

        mine.resolve(c, "both texts");

        mine.commit();
        assertEquals("both texts", stored(aId, "text"));
        assertEquals(5, stored(aId, "count"));
    }

    @Test
    void aConflictThatIsNotOpenIsRefusedClearly() {
        MergeConflict c = conflictOnText();
        mine.resolve(c, Resolution.MINE);
        StrataException e = assertThrows(StrataException.class, () -> mine.resolve(c, Resolution.THEIRS));
        assertTrue(e.getMessage().contains("No open conflict"), e.getMessage());
    }

    @Test
    void listEditsOnBothSidesMerge() {
        list(theirs.get(aId), M.tags).remove("y");
        list(theirs.get(aId), M.tags).add("w");
        theirs.commit();
        List<Object> myTags = list(mine.get(aId), M.tags);
        myTags.add(1, "m");

        mine.commit();

        assertEquals(List.of("x", "m", "z", "w"), stored(aId, "tags"),
                "their removal and insertion kept, mine inserted after the element it followed");
        assertEquals(List.of("x", "m", "z", "w"), myTags);
    }

    @Test
    void twoReorderingsOfOneListConflict() {
        EList<Object> theirTags = list(theirs.get(aId), M.tags);
        theirTags.move(0, 2);
        theirs.commit();
        list(mine.get(aId), M.tags).move(2, 0);

        MergeConflictException e = assertThrows(MergeConflictException.class, () -> mine.commit());
        assertEquals("tags", e.mergeConflicts().get(0).feature());
        assertEquals(List.of("x", "y", "z"), e.mergeConflicts().get(0).base());
    }

    @Test
    void childrenAddedOnBothSidesAreAllKept() {
        EObject theirChild = M.newItem("theirs-child");
        children(theirs.get(rootId)).add(theirChild);
        theirs.commit();
        ObjectId theirChildId = theirs.idOf(theirChild);
        EObject root = mine.get(rootId);
        EObject myChild = M.newItem("my-child");
        children(root).add(0, myChild);

        mine.commit();

        List<?> stored = (List<?>) stored(rootId, "children");
        assertEquals(List.of(mine.idOf(myChild), aId, bId, theirChildId), stored);
        assertEquals(4, children(root).size(), "their child is loaded into this session");
        assertEquals("theirs-child", children(root).get(3).eGet(M.name));
        assertEquals(ObjectState.CLEAN, mine.state(children(root).get(3)));
    }

    @Test
    void changedHereDeletedThereIsAConflict() {
        theirs.delete(theirs.get(bId));
        theirs.commit();
        EObject b = mine.get(bId);
        b.eSet(M.text, "my b");
        mine.get(aId).eSet(M.count, 9);

        MergeConflictException e = assertThrows(MergeConflictException.class, () -> mine.commit());
        MergeConflict c = e.mergeConflicts().stream().filter(x -> x.id().equals(bId)).findFirst().orElseThrow();
        assertEquals(MergeConflict.Kind.DELETED_THEIRS, c.kind());
        assertThrows(StrataException.class, () -> mine.resolve(c, Resolution.MINE), "would re-create it");

        mine.resolve(c, Resolution.THEIRS);

        assertEquals(ObjectState.DISCARDED, mine.state(b));
        mine.commit();
        assertEquals(9, stored(aId, "count"));
        assertFalse(store.load(bId).isPresent());
    }

    @Test
    void deletedHereChangedThereIsAConflictResolvedByDeleting() {
        theirs.get(bId).eSet(M.text, "their b");
        theirs.commit();
        mine.delete(mine.get(bId));

        MergeConflictException e = assertThrows(MergeConflictException.class, () -> mine.commit());
        MergeConflict c = e.mergeConflicts().stream().filter(x -> x.id().equals(bId)).findFirst().orElseThrow();
        assertEquals(MergeConflict.Kind.DELETED_MINE, c.kind());
        assertTrue(c.toString().contains("deleted here"), c.toString());

        mine.resolve(c, Resolution.MINE);
        mine.commit();

        assertFalse(store.load(bId).isPresent());
        assertEquals(List.of(aId), stored(rootId, "children"));
    }

    @Test
    void deletedOnBothSidesIsNoConflict() {
        theirs.delete(theirs.get(bId));
        theirs.commit();
        mine.delete(mine.get(bId));
        mine.get(aId).eSet(M.count, 4);

        mine.commit();

        assertFalse(store.load(bId).isPresent());
        assertEquals(4, stored(aId, "count"));
        assertEquals(List.of(aId), stored(rootId, "children"));
    }

    @Test
    void anObjectMovedThereAndChangedHereKeepsBoth() {
        EObject theirB = theirs.get(bId);
        children(theirB).add(theirs.get(aId)); // a moves under b
        theirs.commit();
        EObject a = mine.get(aId);
        a.eSet(M.text, "my text");

        mine.commit();

        assertEquals(bId, store.load(aId).orElseThrow().container());
        assertEquals("my text", stored(aId, "text"));
        assertSame(mine.get(bId), a.eContainer(), "the session shows the move");
    }

    @Test
    void movedToDifferentContainersIsAConflictKeptMine() {
        EObject root = mine.get(rootId);
        EObject a = mine.get(aId);
        EObject c = M.newItem("c");
        children(root).add(c);
        mine.commit();
        children(theirs.get(bId)).add(theirs.get(aId));
        theirs.commit();
        children(c).add(a);

        MergeConflictException e = assertThrows(MergeConflictException.class, () -> mine.commit());
        MergeConflict move = e.mergeConflicts().stream().filter(x -> x.feature().equals(MergeConflict.CONTAINER))
                .findFirst().orElseThrow();
        assertEquals(rootId, move.base());
        assertEquals(bId, move.theirs());
        assertEquals(mine.idOf(c), move.mine());
        assertThrows(StrataException.class, () -> mine.resolve(move, Resolution.THEIRS));

        for (MergeConflict open : mine.conflicts()) {
            mine.resolve(open, Resolution.MINE);
        }
        mine.commit();

        assertEquals(mine.idOf(c), store.load(aId).orElseThrow().container());
    }

    @Test
    void theRefusePolicyRefusesAsBefore() {
        Repository refusing = Repositories.builder("refusing", store).packages(M.ePackage)
                .mergePolicy(MergePolicy.REFUSE).build();
        assertEquals(MergePolicy.REFUSE, refusing.mergePolicy());
        assertEquals(MergePolicy.MERGE, repo.mergePolicy());
        Session one = open(refusing);
        Session two = open(refusing);
        EObject oneA = one.get(aId);
        two.get(aId).eSet(M.count, 1);
        two.commit();
        oneA.eSet(M.text, "other feature");

        ConflictException e = assertThrows(ConflictException.class, () -> one.commit());
        assertFalse(e instanceof MergeConflictException);
        assertEquals(ObjectState.CONFLICT, one.state(oneA));
        assertEquals(1, stored(aId, "count"));
        assertEquals("base text", stored(aId, "text"), "nothing merged");
    }

    @Test
    void aMergePolicyOfConfigurationIsReadOrRefusedClearly() {
        assertEquals(MergePolicy.REFUSE, MergePolicy.parse(" Refuse "));
        assertEquals(MergePolicy.MERGE, MergePolicy.parse(""));
        StrataException e = assertThrows(StrataException.class, () -> MergePolicy.parse("sometimes"));
        assertTrue(e.getMessage().contains("'sometimes'"), e.getMessage());
    }
}
