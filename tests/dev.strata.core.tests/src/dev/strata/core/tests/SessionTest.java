package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.resource.impl.ResourceImpl;
import org.eclipse.emf.ecore.util.InternalEList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.change.ChangeDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Query;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Savepoint;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.core.StrataResources;
import dev.strata.core.TypeRef;
import dev.strata.core.UriRef;
import dev.strata.core.Validation;
import dev.strata.core.VetoException;
import dev.strata.core.contract.ContractModel;

/** The unit of work: states, commit, rollback, savepoints, vetoes, validation, conflicts, lists. */
class SessionTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final List<Session> open = new ArrayList<>();
    private ModelStore store;
    private Repository repo;
    private Session s;

    @BeforeEach
    void setUp() {
        store = Repositories.memoryStore("session-test");
        repo = Repositories.builder("test", store).packages(M.ePackage).build();
        s = open(repo);
    }

    @AfterEach
    void tearDown() {
        open.forEach(Session::close);
    }

    private Session open(Repository r) {
        Session session = r.openSession();
        open.add(session);
        return session;
    }

    @SuppressWarnings("unchecked")
    private static EList<EObject> refs(EObject o, EReference r) {
        return (EList<EObject>) o.eGet(r);
    }

    @SuppressWarnings("unchecked")
    private static EList<String> tags(EObject o) {
        return (EList<String>) o.eGet(M.tags);
    }

    /** A committed tree root(a, b, c) with a.related = [b, c]; returns it loaded in a fresh session. */
    private EObject committedTree() {
        Session setup = open(repo);
        EObject root = M.newItem("root");
        EObject a = M.newItem("a");
        EObject b = M.newItem("b");
        EObject c = M.newItem("c");
        refs(root, M.children).addAll(List.of(a, b, c));
        refs(a, M.related).addAll(List.of(b, c));
        tags(root).addAll(List.of("x", "y"));
        setup.add(root);
        setup.commit();
        return s.get(setup.idOf(root));
    }

    // ------------------------------------------------------------------ states

    @Test
    void newObjectsAreNewUntilCommittedThenClean() {
        EObject item = s.add(M.newItem("n"));
        EObject kid = M.newItem("kid");
        refs(item, M.children).add(kid);
        assertEquals(ObjectState.NEW, s.state(item));
        assertEquals(ObjectState.NEW, s.state(kid), "contents of a new object are new");
        assertTrue(s.isDirty());
        assertEquals(0, s.versionOf(item));
        s.commit();
        assertEquals(ObjectState.CLEAN, s.state(item));
        assertEquals(ObjectState.CLEAN, s.state(kid));
        assertEquals(1, s.versionOf(item));
        assertFalse(s.isDirty());
    }

    @Test
    void dirtyOnlyWhileAValueDiffersFromTheStoredOne() {
        EObject root = committedTree();
        assertEquals(ObjectState.CLEAN, s.state(root));
        root.eSet(M.text, "changed");
        assertEquals(ObjectState.DIRTY, s.state(root));
        assertNull(s.persistentValue(root, M.text));
        root.eSet(M.text, "again");
        assertEquals(ObjectState.DIRTY, s.state(root));
        root.eSet(M.text, null);
        assertEquals(ObjectState.CLEAN, s.state(root), "setting the stored value back makes it clean");
        assertFalse(s.isDirty());
    }

    @Test
    void anUnsetUnsettableFeatureHasItsDefaultAsStoredValue() {
        // EClassifier.instanceClassName is unsettable: unset on a clean object, and unset again after an edit.
        Repository ecore = Repositories.builder("ecore-unset", Repositories.memoryStore("ecore-unset"))
                .packages(org.eclipse.emf.ecore.EcorePackage.eINSTANCE).build();
        try (Session session = ecore.openSession()) {
            org.eclipse.emf.ecore.EPackage p = org.eclipse.emf.ecore.EcoreFactory.eINSTANCE.createEPackage();
            p.setName("p");
            p.setNsPrefix("p");
            p.setNsURI("urn:strata:test:p");
            org.eclipse.emf.ecore.EClass c = org.eclipse.emf.ecore.EcoreFactory.eINSTANCE.createEClass();
            c.setName("C");
            p.getEClassifiers().add(c);
            session.add(p);
            session.commit();
            org.eclipse.emf.ecore.EAttribute instanceClassName =
                    org.eclipse.emf.ecore.EcorePackage.Literals.ECLASSIFIER__INSTANCE_CLASS_NAME;
            assertNull(session.persistentValue(c, instanceClassName), "clean");
            c.setInstanceClassName("java.lang.Runnable");
            assertNull(session.persistentValue(c, instanceClassName), "dirty");
            assertEquals("C", session.persistentValue(c,
                    org.eclipse.emf.ecore.EcorePackage.Literals.ENAMED_ELEMENT__NAME));
        }
    }

    @Test
    void manyValuedAttributeChangesAreTrackedByContent() {
        EObject root = committedTree();
        tags(root).add("z");
        assertEquals(ObjectState.DIRTY, s.state(root));
        assertEquals(List.of("x", "y"), s.persistentValue(root, M.tags));
        tags(root).remove("z");
        assertEquals(ObjectState.CLEAN, s.state(root));
        tags(root).move(0, 1);
        assertEquals(ObjectState.DIRTY, s.state(root));
        tags(root).move(0, 1);
        assertEquals(ObjectState.CLEAN, s.state(root));
        tags(root).clear();
        assertEquals(ObjectState.DIRTY, s.state(root));
        tags(root).addAll(List.of("x", "y"));
        assertEquals(ObjectState.CLEAN, s.state(root));
        tags(root).set(1, "w");
        assertEquals(ObjectState.DIRTY, s.state(root));
    }

    @Test
    void referenceListChangesAreTrackedIncludingMovesAndRemoveAll() {
        EObject root = committedTree();
        EObject a = refs(root, M.children).get(0);
        EObject b = refs(root, M.children).get(1);
        EObject c = refs(root, M.children).get(2);
        refs(a, M.related).move(1, 0);
        assertEquals(ObjectState.DIRTY, s.state(a));
        refs(a, M.related).move(1, 0);
        assertEquals(ObjectState.CLEAN, s.state(a));
        refs(a, M.related).removeAll(List.of(b, c));
        assertEquals(ObjectState.DIRTY, s.state(a));
        refs(a, M.related).addAll(List.of(b, c));
        assertEquals(ObjectState.CLEAN, s.state(a));
    }

    @Test
    void containmentMovesMakeBothParentsAndTheChildDirty() {
        EObject root = committedTree();
        EObject a = refs(root, M.children).get(0);
        EObject c = refs(root, M.children).get(2);
        refs(a, M.children).add(c);
        assertEquals(ObjectState.DIRTY, s.state(root));
        assertEquals(ObjectState.DIRTY, s.state(a));
        assertEquals(ObjectState.DIRTY, s.state(c), "its container changed");
        ChangeSet pending = s.pendingChanges();
        ChangeSet.Change cChange = pending.changed().stream().filter(ch -> ch.id().equals(s.idOf(c))).findFirst()
                .orElseThrow();
        assertTrue(cChange.containerChanged());
        assertEquals(s.idOf(a), cChange.container());
        // Moving it back restores everything.
        refs(root, M.children).add(c);
        assertEquals(ObjectState.CLEAN, s.state(c));
        assertEquals(ObjectState.CLEAN, s.state(a));
        assertEquals(ObjectState.CLEAN, s.state(root));
    }

    @Test
    void deletedObjectsAndTheirContentsAreDeletedThenGone() {
        EObject root = committedTree();
        EObject a = refs(root, M.children).get(0);
        EObject b = refs(root, M.children).get(1);
        ObjectId bId = s.idOf(b);
        s.delete(b);
        assertEquals(ObjectState.DELETED, s.state(b));
        assertFalse(refs(a, M.related).contains(b), "references to a deleted object are removed");
        assertEquals(ObjectState.DIRTY, s.state(a));
        assertEquals(List.of(b), s.pending().get(ObjectState.DELETED));
        s.commit();
        assertEquals(ObjectState.DISCARDED, s.state(b));
        assertTrue(store.load(bId).isEmpty());
    }

    @Test
    void detachingFromTheContainerDeletesUnlessReattached() {
        EObject root = committedTree();
        EObject c = refs(root, M.children).remove(2);
        assertEquals(ObjectState.DELETED, s.state(c));
        refs(root, M.children).add(c);
        assertEquals(ObjectState.CLEAN, s.state(c));
        assertFalse(s.isDirty());
    }

    @Test
    void rollbackRestoresValuesListsAndContainmentAndDiscardsNewObjects() {
        EObject root = committedTree();
        EObject a = refs(root, M.children).get(0);
        EObject b = refs(root, M.children).get(1);
        EObject c = refs(root, M.children).get(2);
        root.eSet(M.text, "edited");
        tags(root).add("z");
        refs(a, M.children).add(c);
        refs(a, M.related).clear();
        EObject fresh = M.newItem("fresh");
        refs(root, M.children).add(fresh);
        EObject newRoot = s.add(M.newItem("new-root"));
        s.delete(b);

        s.rollback();

        assertNull(root.eGet(M.text));
        assertEquals(List.of("x", "y"), tags(root));
        assertEquals(List.of(a, b, c), refs(root, M.children));
        assertEquals(List.of(b, c), refs(a, M.related));
        assertEquals(ObjectState.DISCARDED, s.state(fresh));
        assertEquals(ObjectState.DISCARDED, s.state(newRoot));
        assertEquals(List.of(root), s.resource().getContents());
        for (EObject o : List.of(root, a, b, c)) {
            assertEquals(ObjectState.CLEAN, s.state(o));
        }
        assertFalse(s.isDirty());
        assertEquals(-1, s.commit().sequence(), "nothing left to commit");
    }

    @Test
    void savepointsRollBackOnlyLaterWork() {
        EObject root = committedTree();
        root.eSet(M.text, "before savepoint");
        EObject early = M.newItem("early");
        refs(root, M.children).add(early);
        Savepoint sp = s.savepoint();
        root.eSet(M.text, "after savepoint");
        tags(root).add("late");
        EObject late = M.newItem("late");
        refs(root, M.children).add(late);
        refs(root, M.children).get(0).eSet(M.count, 99);

        s.rollbackTo(sp);

        assertEquals("before savepoint", root.eGet(M.text));
        assertEquals(List.of("x", "y"), tags(root));
        assertEquals(ObjectState.NEW, s.state(early));
        assertEquals(ObjectState.DISCARDED, s.state(late));
        assertEquals(0, refs(root, M.children).get(0).eGet(M.count));
        assertEquals(ObjectState.CLEAN, s.state(refs(root, M.children).get(0)));
        assertEquals(ObjectState.DIRTY, s.state(root));
        s.commit();
        assertEquals("before savepoint", store.load(s.idOf(root)).orElseThrow().value("text"));
        assertTrue(store.load(s.idOf(early)).isPresent());
        assertThrows(StrataException.class, () -> s.rollbackTo(sp), "a savepoint ends with the commit");
    }

    @Test
    void aSavepointRestoresAValueThatWasSetBackToTheStoredOneAfterIt() {
        EObject root = committedTree();
        tags(root).add("z");
        Savepoint sp = s.savepoint();
        tags(root).remove("z");
        assertEquals(ObjectState.CLEAN, s.state(root));
        s.rollbackTo(sp);
        assertEquals(List.of("x", "y", "z"), tags(root));
        assertEquals(ObjectState.DIRTY, s.state(root));
        s.rollback();
        assertEquals(List.of("x", "y"), tags(root));
        assertEquals(ObjectState.CLEAN, s.state(root));
    }

    @Test
    void aRootLoadedAfterASavepointStaysWhenRollingBackToIt() {
        Session setup = open(repo);
        EObject stored = setup.add(M.newItem("stored-root"));
        setup.commit();
        ObjectId storedId = setup.idOf(stored);
        s.add(M.newItem("new-root"));
        Savepoint sp = s.savepoint();
        EObject loaded = s.get(storedId);
        s.rollbackTo(sp);
        assertEquals(ObjectState.CLEAN, s.state(loaded));
        assertTrue(s.resource().getContents().contains(loaded));
        loaded.eSet(M.text, "edited");
        s.commit();
        assertEquals("edited", store.load(storedId).orElseThrow().value("text"), "an update, not a delete");
    }

    @Test
    void aDeletedObjectPutIntoANewContainerIsMovedNotDeleted() {
        EObject root = committedTree();
        EObject c = refs(root, M.children).get(2);
        ObjectId cId = s.idOf(c);
        s.delete(c);
        EObject holder = M.newItem("holder");
        refs(holder, M.children).add(c);
        s.add(holder);
        assertEquals(ObjectState.DIRTY, s.state(c));
        s.commit();
        assertEquals(s.idOf(holder), store.load(cId).orElseThrow().container());
    }

    @Test
    void rollingBackToAnEarlierSavepointEndsTheLaterOnes() {
        EObject root = committedTree();
        Savepoint first = s.savepoint();
        root.eSet(M.text, "between");
        Savepoint second = s.savepoint();
        refs(root, M.children).add(M.newItem("late"));
        s.rollbackTo(first);
        assertThrows(StrataException.class, () -> s.rollbackTo(second));
        assertNull(root.eGet(M.text));
        assertEquals(ObjectState.CLEAN, s.state(root));
    }

    @Test
    void aNewObjectTakenOutAgainCanBeAddedAgain() {
        EObject item = s.add(M.newItem("again"));
        s.resource().getContents().remove(item);
        assertEquals(ObjectState.DISCARDED, s.state(item));
        s.add(item);
        assertEquals(ObjectState.NEW, s.state(item));
        s.commit();
        assertEquals(1, store.roots().size());
    }

    @Test
    void changeDescriptionRestoresThePersistentStateWhenApplied() {
        EObject root = committedTree();
        EObject a = refs(root, M.children).get(0);
        root.eSet(M.text, "edited");
        tags(root).add("z");
        refs(a, M.related).clear();
        ChangeDescription cd = s.changeDescription();
        cd.applyAndReverse();
        assertNull(root.eGet(M.text));
        assertEquals(List.of("x", "y"), tags(root));
        assertEquals(2, refs(a, M.related).size());
        assertEquals(ObjectState.CLEAN, s.state(root));
        assertEquals(ObjectState.CLEAN, s.state(a));
        cd.applyAndReverse();
        assertEquals("edited", root.eGet(M.text), "reversing the reversed description redoes the edit");
    }

    // ------------------------------------------------------------------ commit checks

    @Test
    void aSessionVetoRejectsTheCommitAndKeepsTheChanges() {
        EObject item = s.add(M.newItem("vetoed"));
        s.addVeto(commit -> {
            if (commit.created().stream().anyMatch(o -> "vetoed".equals(o.eGet(M.name)))) {
                throw new VetoException("no items called 'vetoed'");
            }
        });
        VetoException e = assertThrows(VetoException.class, s::commit);
        assertEquals(List.of("no items called 'vetoed'"), e.reasons());
        assertEquals(ObjectState.NEW, s.state(item));
        assertTrue(store.roots().isEmpty());
        item.eSet(M.name, "accepted");
        s.commit();
        assertEquals(1, store.roots().size());
    }

    @Test
    void validationIsAVeto() {
        EObject nameless = s.add(org.eclipse.emf.ecore.util.EcoreUtil.create(M.item));
        VetoException e = assertThrows(VetoException.class, s::commit);
        assertTrue(e.getMessage().contains("name"), e.getMessage());
        assertEquals(ObjectState.NEW, s.state(nameless));
        assertTrue(store.roots().isEmpty());
    }

    @Test
    void anImportedModelIsReportedNotRefusedAndLaterEditsAreChecked() {
        EObject nameless = org.eclipse.emf.ecore.util.EcoreUtil.create(M.item); // 'name' is required: EMF saves it anyway
        CommitResult result;
        s.importRoots(List.of(nameless));
        result = s.commit();
        assertFalse(result.diagnostics().isEmpty(), "the import is reported");
        assertTrue(result.diagnostics().get(0).contains("name"), result.diagnostics().toString());
        assertEquals(ObjectState.CLEAN, s.state(nameless));
        // Once committed, an edit of the object is validated as usual.
        nameless.eSet(M.text, "edited");
        assertThrows(VetoException.class, s::commit);
    }

    @Test
    void validationSettingsSayWhatRefusesACommit() {
        Repository reporting = Repositories.builder("report", Repositories.memoryStore("report"))
                .packages(M.ePackage).validation(Validation.REPORT).build();
        Session r = open(reporting);
        r.add(org.eclipse.emf.ecore.util.EcoreUtil.create(M.item));
        assertFalse(r.commit().diagnostics().isEmpty(), "REPORT commits and reports");

        Repository off = Repositories.builder("off", Repositories.memoryStore("off"))
                .packages(M.ePackage).validation(Validation.OFF).build();
        Session o = open(off);
        o.add(org.eclipse.emf.ecore.util.EcoreUtil.create(M.item));
        assertEquals(List.of(), o.commit().diagnostics(), "OFF does not validate");

        assertEquals(Validation.VETO_WARNINGS, Validation.parse("warnings"));
        StrataException e = assertThrows(StrataException.class, () -> Validation.parse("strict"));
        assertTrue(e.getMessage().contains("errors") && e.getMessage().contains("report"), e.getMessage());
    }

    @Test
    void anEmfResourceOnARepositoryLoadsSavesAndUnloadsAsEmfToolsExpect() throws Exception {
        EObject item = s.add(M.newItem("stored"));
        s.commit();
        ResourceSet set = new ResourceSetImpl();
        set.getResourceFactoryRegistry().getProtocolToFactoryMap().put(StrataResources.SCHEME,
                StrataResources.factory(n -> n.equals("test") ? Optional.of(repo) : Optional.empty()));
        Resource r = set.getResource(URI.createURI("strata://test/"), true);
        assertEquals(1, r.getContents().size());
        EObject back = r.getContents().get(0);
        assertEquals("stored", back.eGet(M.name));
        assertFalse(r.isModified());
        back.eSet(M.text, "edited by an EMF tool");
        r.getContents().add(M.newItem("added by an EMF tool"));
        assertTrue(r.isModified());
        r.save(null);
        assertFalse(r.isModified());
        assertEquals("edited by an EMF tool", store.load(s.idOf(item)).orElseThrow().value("text"));
        assertEquals(2, store.roots().size());
        r.unload();
        assertTrue(back.eIsProxy(), "unloading turns the objects into proxies, as EMF does");
        assertEquals(2, store.roots().size(), "unloading deletes nothing");
        assertThrows(RuntimeException.class, () -> set.getResource(URI.createURI("strata://unknown/"), true));
    }

    @Test
    void aStrataResourceFindsObjectsByTheXmiIdTheyWereImportedWith() throws Exception {
        // As a diagram file would point at a model element it first knew in a .xmi file.
        org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl tool = new org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl(
                URI.createURI("file:/models/from-a-tool.xmi"));
        EObject item = M.newItem("imported");
        EObject kid = M.newItem("kid");
        refs(item, M.children).add(kid);
        tool.getContents().add(item);
        tool.setID(kid, "_kidOfATool");
        s.importRoots(List.of(item));
        s.commit();
        ResourceSet set = new ResourceSetImpl();
        set.getResourceFactoryRegistry().getProtocolToFactoryMap().put(StrataResources.SCHEME,
                StrataResources.factory(n -> n.equals("test") ? Optional.of(repo) : Optional.empty()));
        EObject found = set.getEObject(URI.createURI("strata://test/#_kidOfATool"), true);
        assertNotNull(found);
        assertEquals("kid", found.eGet(M.name));
        assertNull(set.getResource(URI.createURI("strata://test/"), false).getEObject("_noSuchId"));
        // A proxy a tool saved with that URI resolves the same way.
        EObject proxy = M.newItem("proxy");
        ((InternalEObject) proxy).eSetProxyURI(URI.createURI("strata://test/#_kidOfATool"));
        assertSame(found, org.eclipse.emf.ecore.util.EcoreUtil.resolve(proxy, set));
    }

    @Test
    void aDanglingReferenceIsReportedAtCommit() {
        EObject item = s.add(M.newItem("holder"));
        EObject stray = M.newItem("stray");
        item.eSet(M.partner, stray);
        VetoException e = assertThrows(VetoException.class, s::commit);
        assertTrue(e.getMessage().contains("partner") && e.getMessage().contains("stray"), e.getMessage());
        s.add(stray);
        s.commit();
        assertEquals(s.idOf(stray), store.load(s.idOf(item)).orElseThrow().value("partner"));
    }

    @Test
    void aStrayObjectInAManyValuedReferenceIsAVetoNotACrash() {
        EObject item = s.add(M.newItem("holder"));
        refs(item, M.related).add(M.newItem("stray"));
        VetoException e = assertThrows(VetoException.class, s::commit);
        assertTrue(e.getMessage().contains("related") && e.getMessage().contains("stray"), e.getMessage());
        assertTrue(store.roots().isEmpty());
    }

    @Test
    void objectsInOtherResourcesAreKeptAsUrisAndResolveThroughTheResourceSet() {
        EObject item = s.add(M.newItem("holder"));
        Resource other = new ResourceImpl(URI.createURI("file:/models/other.xmi"));
        EObject outside = M.newItem("outside");
        other.getContents().add(outside);
        refs(item, M.related).add(outside);
        s.commit();
        Object stored = ((List<?>) store.load(s.idOf(item)).orElseThrow().value("related")).get(0);
        URI uri = org.eclipse.emf.ecore.util.EcoreUtil.getURI(outside); // file:/models/other.xmi#outside (its ID)
        assertEquals(new UriRef(uri.toString(), TypeRef.of(M.item)), stored);
        EObject back = open(repo).get(s.idOf(item));
        EObject proxy = (EObject) ((InternalEList<?>) back.eGet(M.related)).basicGet(0);
        assertTrue(proxy.eIsProxy());
        assertEquals(uri, ((InternalEObject) proxy).eProxyURI());
        assertSame(M.item, proxy.eClass());
    }

    @Test
    void aReferenceToADeletedObjectIsDangling() {
        EObject root = committedTree();
        EObject b = refs(root, M.children).get(1);
        EObject other = s.add(M.newItem("other"));
        refs(root, M.children).remove(b); // detached: deleted at commit, references stay
        other.eSet(M.partner, b);
        VetoException e = assertThrows(VetoException.class, s::commit);
        assertTrue(e.getMessage().contains("deleted"), e.getMessage());
    }

    @Test
    void aConflictMarksTheObjectAndRollbackClearsIt() {
        EObject root = committedTree();
        ObjectId id = s.idOf(root);
        Session other = open(repo);
        other.get(id).eSet(M.text, "theirs");
        other.commit();
        root.eSet(M.text, "mine");
        assertThrows(ConflictException.class, s::commit);
        assertEquals(ObjectState.CONFLICT, s.state(root));
        assertTrue(s.pending().containsKey(ObjectState.CONFLICT));
        s.rollback();
        assertEquals(ObjectState.CLEAN, s.state(root));
        // A new session sees the other commit.
        assertEquals("theirs", open(repo).get(id).eGet(M.text));
    }

    @Test
    void theChangeSetCarriesOnlyChangedFeaturesWithOldValuesAndExpectedVersions() {
        EObject root = committedTree();
        root.eSet(M.text, "new text");
        root.eSet(M.count, 5);
        ChangeSet cs = s.pendingChanges();
        assertEquals(1, cs.changed().size());
        ChangeSet.Change c = cs.changed().get(0);
        assertEquals(Set.of("text", "count"), c.newValues().keySet());
        assertEquals("new text", c.newValues().get("text"));
        assertEquals(0, c.oldValues().get("count"));
        assertEquals(1, c.expectedVersion());
        CommitResult result = s.commit("two fields");
        assertEquals(2L, result.newVersions().get(s.idOf(root)));
        assertEquals(2, s.versionOf(root));
    }

    // ------------------------------------------------------------------ identity, keys, queries

    @Test
    void oneObjectPerIdAndLookupByPrimaryKey() {
        EObject root = committedTree();
        ObjectId id = s.idOf(root);
        assertSame(root, s.get(id));
        assertSame(root, s.findByKey(M.item, "root").orElseThrow());
        EObject pending = s.add(M.newItem("pending"));
        assertSame(pending, s.findByKey(M.item, "pending").orElseThrow(), "pending objects are found by key");
        assertTrue(s.findByKey(M.item, "nobody").isEmpty());
    }

    @Test
    void repeatedQueriesAreCachedUntilACommitTouchesTheClass() {
        committedTree();
        Query q = Query.on(M.item).eq(M.count, 0);
        assertEquals(4, s.query(q).size());
        Session other = open(repo);
        other.add(M.newItem("later"));
        other.commit();
        assertEquals(5, s.query(q).size(), "another session's commit invalidates the cached result");
    }

    @Test
    void refreshBringsCleanObjectsUpToDateAndLeavesPendingOnesAlone() {
        EObject root = committedTree();
        EObject a = refs(root, M.children).get(0);
        EObject b = refs(root, M.children).get(1);
        a.eSet(M.text, "mine, pending");
        Session other = open(repo);
        other.get(s.idOf(root)).eSet(M.text, "theirs");
        other.get(s.idOf(a)).eSet(M.count, 7);
        EObject otherB = other.get(s.idOf(b));
        ((List<EObject>) otherB.eGet(M.related)).add(other.get(s.idOf(a)));
        other.commit();

        List<EObject> updated = s.refresh(List.of(s.idOf(root), s.idOf(a), s.idOf(b)));

        assertEquals(Set.of(root, b), Set.copyOf(updated));
        assertEquals("theirs", root.eGet(M.text));
        assertEquals(ObjectState.CLEAN, s.state(root));
        assertEquals(2, s.versionOf(root));
        assertEquals(List.of(a), refs(b, M.related), "references resolve to this session's objects");
        assertEquals(0, a.eGet(M.count), "an object with pending changes is left alone");
        s.commit();
        assertEquals(7, a.eGet(M.count), "its commit merges the other change in");
        assertEquals("mine, pending", repo.store().load(s.idOf(a)).orElseThrow().value("text"));
    }

    @Test
    void refreshAppliesContainmentChangesMadeElsewhere() {
        EObject root = committedTree();
        EObject a = refs(root, M.children).get(0);
        EObject b = refs(root, M.children).get(1);
        EObject c = refs(root, M.children).get(2);
        ObjectId aId = s.idOf(a);
        ObjectId cId = s.idOf(c);
        Session other = open(repo);
        EObject otherRoot = other.get(s.idOf(root));
        EObject otherB = other.get(s.idOf(b));
        refs(otherRoot, M.children).add(0, M.newItem("added"));       // a new child, first
        refs(otherB, M.children).add(other.get(s.idOf(c)));           // c moves into b
        other.delete(other.get(aId));                                   // a is deleted
        other.commit();
        ChangeSet last = store.log(0, 100).get(store.log(0, 100).size() - 1).changes();
        List<ObjectId> touched = new ArrayList<>();
        last.changed().forEach(ch -> touched.add(ch.id()));
        last.deleted().forEach(d -> touched.add(d.id()));

        s.refresh(touched);

        assertEquals(List.of("added", "b"), refs(root, M.children).stream().map(o -> o.eGet(M.name)).toList());
        assertSame(b, refs(root, M.children).get(1), "known objects keep their identity");
        assertEquals(List.of(c), refs(b, M.children), "the moved object follows, same instance");
        assertSame(c, s.get(cId));
        assertEquals(ObjectState.DISCARDED, s.state(a), "deleted elsewhere: gone from the session");
        assertTrue(s.find(aId).isEmpty());
        for (EObject o : List.of(root, b, c, refs(root, M.children).get(0))) {
            assertEquals(ObjectState.CLEAN, s.state(o), o.eGet(M.name) + " is clean after the refresh");
        }
        assertFalse(s.isDirty());
        // The refreshed objects commit on top of the other session's work without conflict.
        c.eSet(M.text, "after");
        s.commit();
        assertEquals("after", store.load(cId).orElseThrow().value("text"));
    }

    @Test
    void refreshDoesNotDropAChildWithPendingChanges() {
        EObject root = committedTree();
        EObject a = refs(root, M.children).get(0);
        a.eSet(M.text, "mine");
        Session other = open(repo);
        other.delete(other.get(s.idOf(a)));
        other.commit();
        s.refresh(List.of(s.idOf(root), s.idOf(a)));
        assertEquals(3, refs(root, M.children).size(), "the container is left as it was");
        assertEquals("mine", a.eGet(M.text));
        assertThrows(ConflictException.class, s::commit);
    }

    @Test
    void aClosedSessionRefusesWorkAndRollsBack() {
        EObject root = committedTree();
        root.eSet(M.text, "unsaved");
        s.close();
        assertTrue(s.isClosed());
        assertNull(store.load(s == null ? null : ObjectId.random()).orElse(null));
        assertThrows(StrataException.class, () -> s.commit());
        assertNull(root.eGet(M.text), "closing rolled back the pending change");
    }

    @Test
    void manySessionsWorkConcurrentlyOnOneRepository() throws Exception {
        EObject root = committedTree();
        ObjectId id = s.idOf(root);
        List<Thread> threads = new ArrayList<>();
        Map<Integer, Throwable> failures = new java.util.concurrent.ConcurrentHashMap<>();
        for (int t = 0; t < 4; t++) {
            int n = t;
            threads.add(new Thread(() -> {
                try (Session mine = repo.openSession()) {
                    EObject r = mine.get(id);
                    EObject kid = M.newItem("thread-" + n);
                    mine.add(kid);
                    assertEquals("root", r.eGet(M.name));
                    mine.commit();
                } catch (Throwable e) {
                    failures.put(n, e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join(30_000);
        }
        assertTrue(failures.isEmpty(), failures.toString());
        assertEquals(5, store.roots().size());
    }
}
