package dev.strata.store.readonly.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcoreFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osgi.service.event.Event;

import dev.strata.core.At;
import dev.strata.core.ChangeSet;
import dev.strata.core.IndexDef;
import dev.strata.core.LockMode;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ModelStore.Capability;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StoreException;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.PastModels;
import dev.strata.core.contract.RecordedEvents;
import dev.strata.core.store.PastStores;
import dev.strata.store.readonly.ReadOnlyModelStore;
import dev.strata.store.readonly.ReadOnlyStores;

/** A read-only view of a memory store: what it refuses, what it passes, and what it announces. */
class ReadOnlyStoreTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final RecordedEvents events = new RecordedEvents();
    private ModelStore base;
    private Repository baseRepo;
    private ReadOnlyModelStore view;

    @BeforeEach
    void setUp() {
        // The base store's events reach the view at once, as the component's subscription would later.
        base = Repositories.memoryStore("base", new org.osgi.service.event.EventAdmin() {
            @Override
            public void postEvent(Event event) {
                events.postEvent(event);
                view.handleEvent(event);
            }

            @Override
            public void sendEvent(Event event) {
                postEvent(event);
            }
        });
        view = ReadOnlyStores.open("ro", base, events);
        baseRepo = Repositories.builder("base", base).packages(M.ePackage).build();
    }

    private ObjectId addTree(String name, String... children) {
        try (Session s = baseRepo.openSession()) {
            EObject root = M.newItem(name);
            for (String c : children) {
                EObject child = M.newItem(c);
                child.eSet(M.count, 1);
                @SuppressWarnings("unchecked")
                List<EObject> list = (List<EObject>) root.eGet(M.children);
                list.add(child);
            }
            s.add(root);
            s.commit("add " + name);
            return s.idOf(root);
        }
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable at = t; at != null; at = at.getCause()) {
            all.append(at.getMessage()).append(" | ");
        }
        return all.toString();
    }

    private void assertRefused(String what, Executable write) {
        StoreException e = assertThrows(StoreException.class, write, what);
        assertTrue(e.getMessage().startsWith("Store 'ro' is a read-only view of store 'base': "), e.getMessage());
        assertTrue(e.getMessage().contains(what), "the message names what was refused (" + what + "): " + e.getMessage());
    }

    @Test
    void everyWriteIsRefusedNamingTheStoresAndWhatAndTheWrappedStoreIsUntouched() {
        ObjectId root = addTree("root", "a");
        Record stored = base.load(root).orElseThrow();
        long logged = base.recentLog(100).size();
        IndexDef countIndex = base.indexes().stream().filter(i -> i.feature().equals("count")).findFirst().orElseThrow();
        UUID commitId = UUID.randomUUID();
        ChangeSet delete = new ChangeSet(commitId, "s", "delete", List.of(), List.of(),
                List.of(new ChangeSet.Deletion(stored)));

        assertRefused("commit " + commitId + " (0 created, 0 changed, 1 deleted)", () -> view.commit(delete));
        Migration migration = Migration.of(ContractModel.NS_URI, Migration.versionOf(M.ePackage),
                Migration.versionOf(M.ePackage) + 1).build();
        assertRefused("migration " + migration.id(), () -> view.migrate(migration));
        assertRefused("recording model version 1 of http://example.org/other (it holds no data of that package)",
                () -> view.initModelVersion("http://example.org/other", 1));
        EPackage other = EcoreFactory.eINSTANCE.createEPackage();
        other.setName("other");
        other.setNsURI("http://example.org/other2");
        assertRefused("laying out storage for http://example.org/other2", () -> view.useModel(List.of(other), List.of()));
        assertRefused("rebuilding the " + countIndex, () -> view.rebuildIndex(countIndex));
        assertRefused("locking 1 object(s) WRITE for alice",
                () -> view.lock("session-1", "alice", List.of(root), LockMode.WRITE, Duration.ofMinutes(1)));
        assertRefused("unlocking every lock of session session-1", () -> view.unlock("session-1", List.of()));

        assertEquals(Map.of("refused", 7L), view.figures());
        assertEquals(stored, base.load(root).orElseThrow(), "the wrapped store still holds the record");
        assertEquals(logged, base.recentLog(100).size(), "nothing was logged");
        assertTrue(base.locks().isEmpty(), "no lock was taken");
    }

    @Test
    void theModelTheWrappedStoreHoldsCanBeUsedAgainAndIndexesDeclared() {
        Map<String, Integer> before = base.modelVersions();
        view.initModelVersion(ContractModel.NS_URI, Migration.versionOf(M.ePackage));
        view.useModel(List.of(M.ePackage), IndexDef.declaredIn(List.of(M.ePackage)));
        view.declareIndexes(IndexDef.declaredIn(List.of(M.ePackage)));
        assertEquals(before, base.modelVersions());
        assertEquals(Map.of("refused", 0L), view.figures());
    }

    @Test
    void capabilitiesAreTheWrappedStoresWithoutThoseOfWrites() {
        Set<Capability> expected = EnumSet.copyOf(base.capabilities());
        expected.removeAll(EnumSet.of(Capability.ATOMIC, Capability.DURABLE, Capability.LOCKS));
        assertEquals(expected, view.capabilities());
        assertTrue(base.capabilities().contains(Capability.LOCKS), "the memory store has locks to take away");
        assertTrue(view.capabilities().contains(Capability.QUERYABLE));
        assertEquals("ro", view.name());
        assertEquals(base, view.wrapped());
    }

    @Test
    void aViewCannotTakeTheNameOfTheStoreItReads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReadOnlyStores.open("base", base, events));
        assertTrue(e.getMessage().contains("'base' cannot have the name of the store it reads"), e.getMessage());
    }

    @Test
    void aSessionOverTheViewReadsAndItsCommitIsRefused() {
        ObjectId root = addTree("root", "a", "b");
        Repository ro = Repositories.builder("ro", view).packages(M.ePackage).build();
        try (Session s = ro.openSession()) {
            EObject read = s.roots().get(0);
            assertEquals("root", read.eGet(M.name));
            assertEquals(List.of("a", "b"), ((List<?>) read.eGet(M.children)).stream()
                    .map(c -> ((EObject) c).eGet(M.name)).toList());
            assertEquals(2, s.query(Query.on(M.item).eq(M.count, 1)).size());
            assertEquals(2L, s.countBy(M.item, M.count).get(1));

            read.eSet(M.name, "renamed");
            s.add(M.newItem("new"));
            RuntimeException e = assertThrows(RuntimeException.class, () -> s.commit("through the view"));
            assertTrue(messages(e).contains("Store 'ro' is a read-only view of store 'base': commit "), messages(e));
            assertTrue(messages(e).contains("(1 created, 1 changed, 0 deleted) is refused"), messages(e));
        }
        assertEquals("root", base.load(root).orElseThrow().values().get("name"));
        assertEquals(1, base.roots().size());
    }

    @Test
    void aRepositoryOverAViewOfAnEmptyStoreIsRefusedForWantOfTheModel() {
        ReadOnlyModelStore empty = ReadOnlyStores.open("ro-empty", Repositories.memoryStore("empty"), events);
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Repositories.builder("ro", empty).packages(M.ePackage).build());
        assertTrue(messages(e).contains("Store 'ro-empty' is a read-only view of store 'empty': recording model version "
                + Migration.versionOf(M.ePackage) + " of " + ContractModel.NS_URI + " (it holds no data of that package)"),
                messages(e));
    }

    @Test
    void commitsOfTheWrappedStoreAreAnnouncedAgainUnderTheViewsName() {
        ObjectId root = addTree("root", "a");
        List<Event> own = events.commits("base");
        List<Event> again = events.commits("ro");
        assertEquals(own.size(), again.size());
        Event first = own.getLast();
        Event announced = again.getLast();
        assertEquals("ro", announced.getProperty(Topics.STORE));
        assertEquals(first.getProperty(Topics.COMMIT_ID), announced.getProperty(Topics.COMMIT_ID));
        assertEquals(first.getProperty(Topics.SEQUENCE), announced.getProperty(Topics.SEQUENCE));
        assertTrue(List.of((String[]) announced.getProperty(Topics.CREATED)).contains(root.toString()));
        // Events of other stores are not the view's to announce.
        view.handleEvent(new Event(Topics.commit("elsewhere"), Map.of(Topics.STORE, "elsewhere")));
        assertEquals(again.size(), events.commits("ro").size());
    }

    @Test
    void pastStatesThroughTheViewAreTheWrappedStores() {
        Map<String, ObjectId> ids = new HashMap<>();
        List<PastModels.Snapshot> history = PastModels.record(baseRepo, ids);
        assertFalse(history.isEmpty());
        Repository ro = Repositories.builder("ro", view).packages(M.ePackage).build();
        for (PastModels.Snapshot then : history) {
            ModelStore pastBase = PastStores.at(base, At.commit(then.sequence()));
            ModelStore pastView = PastStores.at(view, At.commit(then.sequence()));
            assertEquals(pastBase.rootIds(), pastView.rootIds(), "roots as of " + then.sequence());
            List<ObjectId> all = new ArrayList<>(ids.values());
            assertEquals(pastBase.loadAll(all), pastView.loadAll(all), "records as of " + then.sequence());
            assertEquals(pastBase.query(Query.on(TypeRef.of(M.item)).eq("count", 1)),
                    pastView.query(Query.on(TypeRef.of(M.item)).eq("count", 1)), "count = 1 as of " + then.sequence());
            try (Session past = ro.openSession(At.commit(then.sequence()))) {
                assertEquals(then.xmi(), PastModels.xmi(past), "the model through the view as of " + then.sequence());
            }
        }
    }
}
