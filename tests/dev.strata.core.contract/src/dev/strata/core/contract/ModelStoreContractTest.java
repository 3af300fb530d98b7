package dev.strata.core.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EGenericType;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.ETypeParameter;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMap;
import org.eclipse.emf.ecore.util.FeatureMapUtil;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.LockInfo;
import dev.strata.core.LockMode;
import dev.strata.core.LockedException;
import dev.strata.core.IndexDef;
import dev.strata.core.MissingIndexException;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.VetoException;

/**
 * What every {@link ModelStore} must do. A storage bundle's test bundle subclasses this class and
 * implements {@link #createStore(String)}; every test here must pass unchanged.
 * <p>
 * The tests go through Strata's sessions where that is how applications use a store (round trips,
 * conflicts, queries) and through the SPI directly where the SPI itself is the contract
 * (atomicity, idempotent commits, unknown ids).
 */
public abstract class ModelStoreContractTest {

    /** Bounds of the concurrency test: threads, increments per thread, and the time allowed. */
    private static final int THREADS = 4;
    private static final int INCREMENTS = 25;
    private static final long CONCURRENCY_SECONDS = 60;

    protected static final ContractModel M = ContractModel.INSTANCE;
    protected static final TypeRef ITEM = TypeRef.of(M.item);

    private final List<Session> sessions = new ArrayList<>();
    /**
     * Where every store the kit asks for must post its events: pass it to the store when creating
     * and reopening it (the contract checks one event per accepted commit).
     */
    protected final RecordedEvents events = new RecordedEvents();
    protected ModelStore store;
    protected Repository repository;

    /**
     * A store with this name, empty, ready for use, posting its events to {@link #events}. Called
     * once per test (twice for tests that reference another store). Release resources in
     * {@link #disposeStore(ModelStore)}.
     */
    protected abstract ModelStore createStore(String name) throws Exception;

    /** Releases a store made by {@link #createStore(String)}. */
    protected void disposeStore(ModelStore s) throws Exception {
    }

    /**
     * The same store closed and opened again from what it keeps (files, database, server), to show
     * what was really stored. A store with nothing to reopen from (memory) returns itself.
     */
    protected ModelStore reopen(ModelStore s) throws Exception {
        return s;
    }

    /** Reopens a store made here; the test then uses (and disposes) the new one. */
    private ModelStore reopened(ModelStore s) throws Exception {
        ModelStore again = reopen(s);
        created.set(created.indexOf(s), again);
        return again;
    }

    private final List<ModelStore> created = new ArrayList<>();

    private ModelStore newStore(String name) throws Exception {
        ModelStore s = createStore(name);
        created.add(s);
        return s;
    }

    @BeforeEach
    final void setUpStore() throws Exception {
        store = newStore("contract" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 100000));
        repository = Repositories.builder("contract", store).packages(M.ePackage).build();
    }

    @AfterEach
    final void tearDownStore() throws Exception {
        sessions.forEach(Session::close);
        for (ModelStore s : created) {
            disposeStore(s);
        }
    }

    protected final Session session() {
        Session s = repository.openSession();
        sessions.add(s);
        return s;
    }

    private EObject fullItem(String itemName) {
        EObject o = M.newItem(itemName);
        o.eSet(M.text, "Grüße, \"quotes\" & <xml> \n line");
        o.eSet(M.count, -42);
        o.eSet(M.big, Long.MAX_VALUE);
        o.eSet(M.small, Short.MIN_VALUE);
        o.eSet(M.tiny, (byte) 7);
        o.eSet(M.letter, 'ß');
        o.eSet(M.ratio, 1.5f);
        o.eSet(M.precise, Math.PI);
        o.eSet(M.flag, true);
        o.eSet(M.huge, new BigInteger("123456789012345678901234567890"));
        o.eSet(M.money, new BigDecimal("-12345.678900"));
        o.eSet(M.when, new Date(1_700_000_000_123L));
        o.eSet(M.bytes, new byte[] { 0, 1, -1, 127, -128 });
        o.eSet(M.colorValue, M.color("green"));
        o.eSet(M.link, URI.create("https://example.org/a?b=c#d"));
        @SuppressWarnings("unchecked")
        EList<String> tags = (EList<String>) o.eGet(M.tags);
        tags.addAll(List.of("b", "a", "b"));
        @SuppressWarnings("unchecked")
        EList<Integer> scores = (EList<Integer>) o.eGet(M.scores);
        scores.addAll(List.of(3, 1, 2));
        return o;
    }

    @SuppressWarnings("unchecked")
    private static EList<EObject> list(EObject o, org.eclipse.emf.ecore.EReference r) {
        return (EList<EObject>) o.eGet(r);
    }

    // ------------------------------------------------------------------ round trips

    @Test
    public final void everyAttributeKindRoundTrips() {
        Session s1 = session();
        EObject item = s1.add(fullItem("all"));
        s1.commit();
        ObjectId id = s1.idOf(item);

        EObject back = session().get(id);
        assertEquals("all", back.eGet(M.name));
        assertEquals(item.eGet(M.text), back.eGet(M.text));
        assertEquals(-42, back.eGet(M.count));
        assertEquals(Long.MAX_VALUE, back.eGet(M.big));
        assertEquals(Short.MIN_VALUE, back.eGet(M.small));
        assertEquals((byte) 7, back.eGet(M.tiny));
        assertEquals('ß', back.eGet(M.letter));
        assertEquals(1.5f, back.eGet(M.ratio));
        assertEquals(Math.PI, back.eGet(M.precise));
        assertEquals(true, back.eGet(M.flag));
        assertEquals(new BigInteger("123456789012345678901234567890"), back.eGet(M.huge));
        assertEquals(0, new BigDecimal("-12345.678900").compareTo((BigDecimal) back.eGet(M.money)));
        assertEquals(new Date(1_700_000_000_123L), back.eGet(M.when));
        assertArrayEquals(new byte[] { 0, 1, -1, 127, -128 }, (byte[]) back.eGet(M.bytes));
        assertEquals(M.color("green"), back.eGet(M.colorValue));
        assertEquals(URI.create("https://example.org/a?b=c#d"), back.eGet(M.link));
        assertEquals(List.of("b", "a", "b"), back.eGet(M.tags));
        assertEquals(List.of(3, 1, 2), back.eGet(M.scores));
        Session s3 = session();
        assertEquals(ObjectState.CLEAN, s3.state(s3.get(id)));
    }

    @Test
    public final void unsetAndDefaultValuesRoundTrip() {
        Session s1 = session();
        EObject item = s1.add(M.newItem("bare"));
        s1.commit();
        EObject back = session().get(s1.idOf(item));
        assertNull(back.eGet(M.text));
        assertEquals(0, back.eGet(M.count));
        assertEquals(false, back.eGet(M.flag));
        assertNull(back.eGet(M.when));
        assertNull(back.eGet(M.bytes));
        assertEquals(M.color("red"), back.eGet(M.colorValue));
        assertTrue(((List<?>) back.eGet(M.tags)).isEmpty());
        assertNull(back.eGet(M.partner));
    }

    @Test
    public final void containmentKeepsOrderNestingAndMoves() {
        Session s1 = session();
        EObject root = M.newItem("root");
        EObject a = M.newItem("a");
        EObject b = M.newItem("b");
        EObject c = M.newItem("c");
        EObject deep = M.newItem("deep");
        list(root, M.children).addAll(List.of(a, b, c));
        b.eSet(M.child, deep);
        s1.add(root);
        s1.commit();

        Session s2 = session();
        EObject root2 = s2.get(s1.idOf(root));
        List<EObject> kids = list(root2, M.children);
        assertEquals(List.of("a", "b", "c"), kids.stream().map(k -> k.eGet(M.name)).toList());
        EObject deep2 = (EObject) kids.get(1).eGet(M.child);
        assertEquals("deep", deep2.eGet(M.name));
        assertSame(kids.get(1), deep2.eContainer());

        // Loading a contained object by id places it in its tree.
        Session s3 = session();
        EObject deep3 = s3.get(s1.idOf(deep));
        assertEquals("b", deep3.eContainer().eGet(M.name));
        assertEquals(1, s3.roots().size());

        // Reorder, move c under b, commit, and read again.
        EObject b2 = kids.get(1);
        list(root2, M.children).move(0, 2);
        EObject c2 = list(root2, M.children).get(0);
        list(b2, M.children).add(c2);
        s2.commit();
        EObject root4 = session().get(s1.idOf(root));
        assertEquals(List.of("a", "b"), list(root4, M.children).stream().map(k -> k.eGet(M.name)).toList());
        EObject b4 = list(root4, M.children).get(1);
        assertEquals(List.of("c"), list(b4, M.children).stream().map(k -> k.eGet(M.name)).toList());
        assertEquals(s1.idOf(b), store.load(s1.idOf(c)).orElseThrow().container());
    }

    @Test
    public final void crossReferencesKeepOrderAndResolveToTheSessionsObjects() {
        Session s1 = session();
        EObject root = M.newItem("root");
        EObject x = M.newItem("x");
        EObject y = M.newItem("y");
        list(root, M.children).addAll(List.of(x, y));
        list(root, M.related).addAll(List.of(y, x, root));
        x.eSet(M.partner, y);
        s1.add(root);
        EObject other = s1.add(M.newItem("other-root"));
        other.eSet(M.partner, x);
        s1.commit();

        Session s2 = session();
        EObject otherBack = s2.get(s1.idOf(other));
        EObject xBack = (EObject) otherBack.eGet(M.partner);
        assertFalse(xBack.eIsProxy());
        assertEquals("x", xBack.eGet(M.name));
        assertSame(s2.get(s1.idOf(x)), xBack, "one object per id in a session");
        EObject rootBack = s2.get(s1.idOf(root));
        assertEquals(List.of("y", "x", "root"), list(rootBack, M.related).stream().map(o -> o.eGet(M.name)).toList());
        assertSame(rootBack, list(rootBack, M.related).get(2));
        assertEquals(ObjectState.CLEAN, s2.state(rootBack), "resolving proxies is not a change");
    }

    @Test
    public final void referencesToAnotherStoreAreKeptAsIdsAndResolvedOnDemand() throws Exception {
        ModelStore otherStore = newStore(store.name() + "-other");
        Repository other = Repositories.builder("other", otherStore).packages(M.ePackage).build();
        Session so = other.openSession();
        sessions.add(so);
        EObject remote = so.add(M.newItem("remote"));
        so.commit();

        Repository withOther = Repositories.builder("contract2", store).packages(M.ePackage).otherStore(otherStore)
                .build();
        Session s1 = withOther.openSession();
        sessions.add(s1);
        EObject local = s1.add(M.newItem("local"));
        // An object of the other store, as the other repository's session holds it.
        local.eSet(M.partner, so.get(so.idOf(remote)));
        s1.commit();

        Record stored = store.load(s1.idOf(local)).orElseThrow();
        assertEquals(new dev.strata.core.ExternalRef(otherStore.name(), so.idOf(remote)), stored.value("partner"));
        assertTrue(store.load(so.idOf(remote)).isEmpty(), "the other store's object is not copied");

        Session s2 = withOther.openSession();
        sessions.add(s2);
        EObject resolved = (EObject) s2.get(s1.idOf(local)).eGet(M.partner);
        assertFalse(resolved.eIsProxy());
        assertEquals("remote", resolved.eGet(M.name));
    }

    // ------------------------------------------------------------------ versions and conflicts

    @Test
    public final void versionsAdvanceAndAStaleCommitConflictsWithoutLosingTheOtherUpdate() {
        Session s0 = session();
        EObject item = s0.add(M.newItem("shared"));
        s0.commit();
        ObjectId id = s0.idOf(item);
        assertEquals(1, s0.versionOf(item));

        Session a = session();
        Session b = session();
        EObject inA = a.get(id);
        EObject inB = b.get(id);
        inA.eSet(M.text, "from a");
        inB.eSet(M.text, "from b");
        CommitResult ra = a.commit();
        assertEquals(2L, ra.newVersions().get(id));

        ConflictException e = assertThrows(ConflictException.class, b::commit);
        assertEquals(List.of(new ConflictException.Conflict(id, 1, 2)), e.conflicts());
        assertTrue(e.getMessage().contains(id.toString()) && e.getMessage().contains("v1"), e.getMessage());
        assertEquals(ObjectState.CONFLICT, b.state(inB));
        assertEquals("from b", inB.eGet(M.text), "the session keeps the user's change");
        assertEquals("from a", store.load(id).orElseThrow().value("text"), "no lost update");
        assertEquals(2, store.load(id).orElseThrow().version());
    }

    @Test
    public final void aFailingCommitAppliesNothing() {
        Session s0 = session();
        EObject item = s0.add(M.newItem("x"));
        s0.commit();
        ObjectId id = s0.idOf(item);
        ObjectId fresh = ObjectId.random();
        ChangeSet mixed = new ChangeSet(UUID.randomUUID(), "contract", "", List.of(new Record(fresh, ITEM, 0,
                Map.of("name", "fresh"))), List.of(new ChangeSet.Change(id, ITEM, 7, null, Map.of("text", "stale"),
                        Map.of("text", ""))), List.of());
        assertThrows(ConflictException.class, () -> store.commit(mixed));
        assertTrue(store.load(fresh).isEmpty(), "the created record of a failed commit must not exist");
        assertNull(store.load(id).orElseThrow().value("text"));
        assertEquals(1, store.load(id).orElseThrow().version());
        assertTrue(store.query(Query.on(ITEM).eq("name", "fresh")).isEmpty(), "indexes untouched too");
    }

    @Test
    public final void aRetriedCommitIdIsAppliedOnce() {
        ObjectId id = ObjectId.random();
        ChangeSet cs = new ChangeSet(UUID.randomUUID(), "contract", "", List.of(new Record(id, ITEM, 0,
                Map.of("name", "once", "count", 1))), List.of(), List.of());
        CommitResult first = store.commit(cs);
        CommitResult again = store.commit(cs);
        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        assertEquals(first.sequence(), again.sequence());
        assertEquals(1, store.load(id).orElseThrow().version());
        assertEquals(1, store.query(Query.on(ITEM).eq("name", "once")).size());
    }

    @Test
    public final void creatingAnExistingIdIsRefused() {
        ObjectId id = ObjectId.random();
        store.commit(new ChangeSet(UUID.randomUUID(), "", "", List.of(new Record(id, ITEM, 0, Map.of("name", "a"))),
                List.of(), List.of()));
        assertThrows(StrataException.class, () -> store.commit(new ChangeSet(UUID.randomUUID(), "", "",
                List.of(new Record(id, ITEM, 0, Map.of("name", "b"))), List.of(), List.of())));
        assertEquals("a", store.load(id).orElseThrow().value("name"));
    }

    // ------------------------------------------------------------------ deletes and unknown ids

    @Test
    public final void deletingRemovesTheObjectAndItsContents() {
        Session s1 = session();
        EObject root = M.newItem("root");
        EObject kid = M.newItem("kid");
        EObject grandKid = M.newItem("grandkid");
        list(root, M.children).add(kid);
        kid.eSet(M.child, grandKid);
        EObject keeper = M.newItem("keeper");
        list(root, M.children).add(keeper);
        s1.add(root);
        s1.commit();
        ObjectId kidId = s1.idOf(kid);
        ObjectId grandId = s1.idOf(grandKid);

        Session s2 = session();
        s2.delete(s2.get(kidId));
        s2.commit();
        assertTrue(store.load(kidId).isEmpty());
        assertTrue(store.load(grandId).isEmpty());
        assertTrue(session().find(kidId).isEmpty());
        EObject rootBack = session().get(s1.idOf(root));
        assertEquals(List.of("keeper"), list(rootBack, M.children).stream().map(o -> o.eGet(M.name)).toList());
        assertTrue(store.query(Query.on(ITEM).eq("name", "kid")).isEmpty(), "indexes follow deletes");
    }

    @Test
    public final void unknownIdsAreReportedNotInvented() {
        ObjectId unknown = ObjectId.random();
        assertTrue(store.load(unknown).isEmpty());
        assertTrue(store.loadAll(List.of(unknown)).isEmpty());
        Session s = session();
        assertTrue(s.find(unknown).isEmpty());
        StrataException e = assertThrows(StrataException.class, () -> s.get(unknown));
        assertTrue(e.getMessage().contains(unknown.toString()), e.getMessage());
        ChangeSet change = new ChangeSet(UUID.randomUUID(), "", "", List.of(),
                List.of(new ChangeSet.Change(unknown, ITEM, 1, null, Map.of("text", "x"), Map.of("text", ""))), List.of());
        ConflictException ce = assertThrows(ConflictException.class, () -> store.commit(change));
        assertEquals(-1, ce.conflicts().get(0).actualVersion());
    }

    // ------------------------------------------------------------------ change sets checked before writing

    private static ChangeSet creating(Record... records) {
        return new ChangeSet(UUID.randomUUID(), "contract", "", List.of(records), List.of(), List.of());
    }

    private static ChangeSet changing(ChangeSet.Change... changes) {
        return new ChangeSet(UUID.randomUUID(), "contract", "", List.of(), List.of(changes), List.of());
    }

    private static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** Every refused change set names the place that is wrong and leaves the store exactly as it was. */
    private void assertRefused(String what, ChangeSet cs, String field) {
        List<Record> before = store.roots();
        long logged = store.log(-1, 1000).size();
        InvalidChangeException e = assertThrows(InvalidChangeException.class, () -> store.commit(cs), what);
        assertTrue(e.field().startsWith(field), what + ": field " + e.field() + " in " + e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), what + ": " + e.getMessage());
        assertEquals(before.stream().map(r -> r.id() + "@" + r.version()).toList(),
                store.roots().stream().map(r -> r.id() + "@" + r.version()).toList(), what + ": roots unchanged");
        assertEquals(logged, store.log(-1, 1000).size(), what + ": nothing logged");
        for (Record r : cs.created()) {
            assertTrue(store.load(r.id()).isEmpty(), what + ": nothing created");
        }
    }

    @Test
    public final void aChangeSetThatDoesNotFitTheModelIsRefusedBeforeAnythingIsWritten() {
        ObjectId kept = ObjectId.random();
        store.commit(creating(new Record(kept, ITEM, 0, Map.of("name", "kept", "count", 1))));
        assertRefused("a type of a package the store does not know", creating(new Record(ObjectId.random(),
                new TypeRef("http://elsewhere.example/model", "Item"), 0, Map.of("when", "not a date"))),
                "created[0].type");
        assertRefused("a class the package does not have", creating(new Record(ObjectId.random(),
                new TypeRef(ContractModel.NS_URI, "Nothing"), 0, Map.of())), "created[0].type");
        assertRefused("a string for a date", creating(new Record(ObjectId.random(), ITEM, 0,
                Map.of("name", "d", "when", "not a date"))), "created[0].values.when");
        assertRefused("a string for an int", creating(new Record(ObjectId.random(), ITEM, 0,
                Map.of("name", "n", "count", "seven"))), "created[0].values.count");
        assertRefused("a feature the class does not have", creating(new Record(ObjectId.random(), ITEM, 0,
                Map.of("name", "f", "nope", 1))), "created[0].values.nope");
        assertRefused("null in a list", creating(new Record(ObjectId.random(), ITEM, 0,
                values("name", "l", "tags", java.util.Arrays.asList("a", null)))), "created[0].values.tags[1]");
        assertRefused("one value for a many-valued feature", creating(new Record(ObjectId.random(), ITEM, 0,
                Map.of("name", "m", "tags", "a"))), "created[0].values.tags");
        assertRefused("an unknown literal", creating(new Record(ObjectId.random(), ITEM, 0,
                Map.of("name", "c", "color", "purple"))), "created[0].values.color");
        assertRefused("a change of an unknown object with no version", changing(new ChangeSet.Change(
                ObjectId.random(), ITEM, -1, null, Map.of("text", "x"), Map.of())), "changed[0].expectedVersion");
        assertRefused("a wrongly typed value on an indexed feature", changing(new ChangeSet.Change(kept, ITEM, 1,
                null, Map.of("count", "one"), Map.of("count", 1))), "changed[0].values.count");
        assertEquals(1, store.load(kept).orElseThrow().version());
        assertEquals(List.of(kept), store.query(Query.on(ITEM).eq("count", 1)).stream().map(Record::id).toList());
    }

    @Test
    public final void containmentThatDoesNotAddUpIsRefusedAndAConsistentMoveIsTaken() {
        ObjectId p1 = ObjectId.random();
        ObjectId p2 = ObjectId.random();
        ObjectId kid = ObjectId.random();
        store.commit(creating(new Record(p1, ITEM, 0, Map.of("name", "p1", "children", List.of(kid))),
                new Record(p2, ITEM, 0, Map.of("name", "p2")), new Record(kid, ITEM, 0, p1, Map.of("name", "kid"))));

        assertRefused("a child naming a container that does not list it", creating(new Record(ObjectId.random(),
                ITEM, 0, p2, Map.of("name", "orphan"))), "created[0].container");
        assertRefused("a container that is not there", creating(new Record(ObjectId.random(), ITEM, 0,
                ObjectId.random(), Map.of("name", "lost"))), "created[0].container");
        assertRefused("a list naming an object that does not exist", changing(new ChangeSet.Change(p2, ITEM, 1, null,
                Map.of("children", List.of(ObjectId.random())), Map.of())), "changed[0]");
        assertRefused("a second container listing a contained object", changing(new ChangeSet.Change(p2, ITEM, 1, null,
                Map.of("children", List.of(kid)), Map.of())), "changed[0]");
        assertRefused("a move that leaves the old container listing the object", new ChangeSet(UUID.randomUUID(),
                "contract", "", List.of(), List.of(
                        new ChangeSet.Change(p2, ITEM, 1, null, Map.of("children", List.of(kid)), Map.of()),
                        new ChangeSet.Change(kid, ITEM, 1, p2, p1, Map.of(), Map.of())), List.of()),
                "changed[1].container");
        assertRefused("an object listed by a second containment feature of its container", changing(
                new ChangeSet.Change(p1, ITEM, 1, null, Map.of("child", kid), Map.of())), "changed[0].values");
        assertRefused("an object taken out of its list and left nowhere", changing(new ChangeSet.Change(p1, ITEM, 1,
                null, Map.of("children", List.of()), Map.of("children", List.of(kid)))), "changed[0]");
        assertRefused("a container deleted without its contents", new ChangeSet(UUID.randomUUID(), "contract", "",
                List.of(), List.of(), List.of(new ChangeSet.Deletion(store.load(p1).orElseThrow()))), "deleted[0]");
        ObjectId shared = ObjectId.random();
        ObjectId other = ObjectId.random();
        ObjectId second = ObjectId.random();
        assertRefused("two new containers listing one new object", creating(
                new Record(other, ITEM, 0, Map.of("name", "other", "children", List.of(shared))),
                new Record(second, ITEM, 0, Map.of("name", "second", "children", List.of(shared))),
                new Record(shared, ITEM, 0, other, Map.of("name", "shared"))), "created[1].values");
        ObjectId self = ObjectId.random();
        assertRefused("a new object containing itself", creating(new Record(self, ITEM, 0, self,
                Map.of("name", "self", "children", List.of(self)))), "created[0]");
        ObjectId twice = ObjectId.random();
        assertRefused("a list naming one object twice", creating(
                new Record(other, ITEM, 0, Map.of("name", "other", "children", List.of(twice, twice))),
                new Record(twice, ITEM, 0, other, Map.of("name", "twice"))), "created[0].values");
        // New children of a new container that lists only some of them (a large commit's records are
        // counted per container, not looked up one by one): the first one left out is named.
        ObjectId listedKid = ObjectId.random();
        assertRefused("a new child naming a new container that does not list it", creating(
                new Record(other, ITEM, 0, Map.of("name", "other", "children", List.of(listedKid))),
                new Record(listedKid, ITEM, 0, other, Map.of("name", "listed")),
                new Record(ObjectId.random(), ITEM, 0, other, Map.of("name", "left out")),
                new Record(ObjectId.random(), ITEM, 0, other, Map.of("name", "left out too"))), "created[2].container");
        for (int first = 0; first < 2; first++) { // two new containers leaving out one each: the first in commit order
            ObjectId a = ObjectId.random();
            ObjectId b = ObjectId.random();
            List<Record> records = new java.util.ArrayList<>(List.of(
                    new Record(a, ITEM, 0, Map.of("name", "a", "children", List.of(listedKid))),
                    new Record(b, ITEM, 0, Map.of("name", "b")),
                    new Record(listedKid, ITEM, 0, a, Map.of("name", "listed"))));
            Record fromA = new Record(ObjectId.random(), ITEM, 0, a, Map.of("name", "left out of a"));
            Record fromB = new Record(ObjectId.random(), ITEM, 0, b, Map.of("name", "left out of b"));
            records.addAll(first == 0 ? List.of(fromA, fromB) : List.of(fromB, fromA));
            assertRefused("records left out by two new containers", creating(records.toArray(Record[]::new)),
                    "created[3].container");
        }

        // The same move, consistent: both lists and the child's container change in one commit.
        store.commit(new ChangeSet(UUID.randomUUID(), "contract", "", List.of(), List.of(
                new ChangeSet.Change(p1, ITEM, 1, null, Map.of("children", List.of()), Map.of("children", List.of(kid))),
                new ChangeSet.Change(p2, ITEM, 1, null, Map.of("children", List.of(kid)), Map.of()),
                new ChangeSet.Change(kid, ITEM, 1, p2, p1, Map.of(), Map.of())), List.of()));
        assertEquals(p2, store.load(kid).orElseThrow().container());
        assertEquals(List.of(kid), store.load(p2).orElseThrow().value("children"));

        // From one containment feature to another of the same container, in one change: taken.
        store.commit(changing(new ChangeSet.Change(p2, ITEM, store.load(p2).orElseThrow().version(), null,
                Map.of("children", List.of(), "child", kid), Map.of("children", List.of(kid)))));
        assertEquals(kid, store.load(p2).orElseThrow().value("child"));
        assertEquals(List.of(), store.load(p2).orElseThrow().value("children"));
        assertEquals(p2, store.load(kid).orElseThrow().container());
    }

    // ------------------------------------------------------------------ indexes and queries

    private List<ObjectId> seedQueryData() {
        Session s = session();
        List<ObjectId> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            EObject o = M.newItem("item-" + i);
            o.eSet(M.count, i % 3);
            o.eSet(M.when, new Date(1_000_000L * (10 - i)));
            o.eSet(M.colorValue, M.color(i % 2 == 0 ? "red" : "blue"));
            s.add(o);
            ids.add(null);
        }
        s.commit();
        for (EObject o : s.roots()) {
            ids.set(Integer.parseInt(((String) o.eGet(M.name)).substring(5)), s.idOf(o));
        }
        return ids;
    }

    @Test
    public final void equalityQueriesUseIndexesAndCombineWithAnd() {
        seedQueryData();
        Session s = session();
        Set<Object> names = new HashSet<>();
        s.query(Query.on(M.item).eq(M.count, 1)).forEach(o -> names.add(o.eGet(M.name)));
        assertEquals(Set.of("item-1", "item-4", "item-7"), names);
        List<EObject> both = s.query(Query.on(M.item).eq(M.count, 0).eq(M.colorValue, M.color("red")));
        assertEquals(Set.of("item-0", "item-6"), Set.copyOf(both.stream().map(o -> o.eGet(M.name)).toList()));
        assertEquals(1, s.query(Query.on(M.item).eq(M.name, "item-3")).size(), "the ID attribute is indexed");
    }

    @Test
    public final void rangeOrderAndLimitUseTheOrderedIndex() {
        seedQueryData();
        Session s = session();
        List<EObject> r = s.query(Query.on(M.item).range(M.when, new Date(3_000_000L), new Date(7_000_000L))
                .orderBy(M.when, false));
        assertEquals(List.of("item-7", "item-6", "item-5", "item-4"), r.stream().map(o -> o.eGet(M.name)).toList());
        List<EObject> newest = s.query(Query.on(M.item).orderBy(M.when, true).limit(2));
        assertEquals(List.of("item-0", "item-1"), newest.stream().map(o -> o.eGet(M.name)).toList());
        List<EObject> open = s.query(Query.on(M.item).range(M.when, new Date(9_000_000L), null));
        assertEquals(Set.of("item-0", "item-1"), Set.copyOf(open.stream().map(o -> o.eGet(M.name)).toList()));
    }

    @Test
    public final void countByValue() {
        seedQueryData();
        Map<Object, Long> counts = session().countBy(M.item, M.count);
        assertEquals(Map.of(0, 4L, 1, 3L, 2, 3L), counts);
        Map<Object, Long> colors = store.countBy(ITEM, "color");
        assertEquals(Map.of("red", 5L, "blue", 5L), colors);
    }

    @Test
    public final void sessionQueriesAndCountsSeeTheSessionsPendingWork() {
        seedQueryData();
        Session s = session();
        Query ones = Query.on(M.item).eq(M.count, 1);
        Query newestThree = Query.on(M.item).orderBy(M.when, true).limit(3);
        Function<String, EObject> item = n -> s.findByKey(M.item, n).orElseThrow();
        assertEquals(List.of("item-0", "item-1", "item-2"), names(s.query(newestThree)), "before: the store's answer");

        EObject fresh = M.newItem("fresh");
        fresh.eSet(M.count, 1);
        fresh.eSet(M.when, new Date(20_000_000L));
        s.add(fresh);
        EObject kid = M.newItem("kid");
        kid.eSet(M.count, 1);
        list(item.apply("item-5"), M.children).add(kid);
        item.apply("item-4").eSet(M.count, 2);
        item.apply("item-1").eSet(M.when, new Date(500_000L));
        s.delete(item.apply("item-7"));
        s.delete(item.apply("item-0"));

        assertEquals(Set.of("item-1", "fresh", "kid"), Set.copyOf(names(s.query(ones))),
                "new objects (a root and a child) found before commit; item-4 no longer; deleted item-7 absent");
        assertEquals(Set.of("item-2", "item-4", "item-5", "item-8"),
                Set.copyOf(names(s.query(Query.on(M.item).eq(M.count, 2)))), "item-4 found by its new value");
        assertEquals(List.of("fresh", "item-2", "item-3"), names(s.query(newestThree)),
                "order by current values over store and pending objects; the limit counts after the merge");
        assertEquals(List.of("item-1", "item-9"),
                names(s.query(Query.on(M.item).range(M.when, null, new Date(1_500_000L)).orderBy(M.when, false))),
                "a changed value moves an object into a range");
        assertEquals(Map.of(0, 3L, 1, 3L, 2, 4L), s.countBy(M.item, M.count), "counts follow the pending work");
        assertEquals(3, store.query(Query.on(ITEM).eq("count", 1)).size(), "the store itself has committed data only");

        s.rollback();
        assertEquals(Set.of("item-1", "item-4", "item-7"), Set.copyOf(names(s.query(ones))), "after rollback: the store's");
        assertEquals(List.of("item-0", "item-1", "item-2"), names(s.query(newestThree)));
        assertEquals(Map.of(0, 4L, 1, 3L, 2, 3L), s.countBy(M.item, M.count));
    }

    private static List<Object> names(List<EObject> objects) {
        return objects.stream().map(o -> o.eGet(M.name)).toList();
    }

    @Test
    public final void aQueryWithoutIndexFailsNamingTheIndexToDeclare() {
        MissingIndexException e = assertThrows(MissingIndexException.class,
                () -> store.query(Query.on(ITEM).eq("text", "x")));
        assertTrue(e.getMessage().contains("Item.text") && e.getMessage().contains(IndexDef.ANNOTATION_SOURCE),
                e.getMessage());
        MissingIndexException order = assertThrows(MissingIndexException.class,
                () -> store.query(Query.on(ITEM).range("count", 1, 2)));
        assertTrue(order.getMessage().contains("ordered index on Item.count"), order.getMessage());
    }

    @Test
    public final void indexesFollowChanges() {
        List<ObjectId> ids = seedQueryData();
        Session s = session();
        s.get(ids.get(1)).eSet(M.count, 2);
        s.commit();
        assertEquals(2, store.query(Query.on(ITEM).eq("count", 1)).size());
        assertEquals(4, store.query(Query.on(ITEM).eq("count", 2)).size());
    }

    @Test
    public final void aUniqueIndexViolationIsAVetoAndWritesNothing() {
        Session s = session();
        s.add(M.newItem("dup"));
        s.commit();
        Session s2 = session();
        EObject second = s2.add(M.newItem("dup"));
        EObject innocent = s2.add(M.newItem("innocent"));
        VetoException e = assertThrows(VetoException.class, s2::commit);
        assertTrue(e.getMessage().contains("dup") && e.getMessage().contains("unique"), e.getMessage());
        assertEquals(ObjectState.NEW, s2.state(second));
        assertTrue(store.query(Query.on(ITEM).eq("name", "innocent")).isEmpty());
        // Renaming fixes it and the retry succeeds.
        second.eSet(M.name, "dup-2");
        s2.commit();
        assertEquals(ObjectState.CLEAN, s2.state(innocent));
        assertEquals(3, store.roots().size());
    }

    @Test
    public final void aUniqueValueClaimedTwiceInOneCommitIsAVeto() {
        Session s = session();
        s.add(M.newItem("twin"));
        s.add(M.newItem("twin"));
        VetoException e = assertThrows(VetoException.class, s::commit);
        assertTrue(e.getMessage().contains("twin") && e.getMessage().contains("unique"), e.getMessage());
        assertTrue(store.roots().isEmpty(), "nothing written");
    }

    @Test
    public final void rootsAreListed() {
        Session s = session();
        EObject a = s.add(M.newItem("a"));
        list(a, M.children).add(M.newItem("a1"));
        EObject b = s.add(M.newItem("b"));
        s.commit();
        assertEquals(Set.of("a", "b"), Set.copyOf(store.roots().stream().map(r -> r.value("name")).toList()));
        assertEquals(2, session().roots().size());
        // A root moved into a container is no longer one; a child moved out is one; a deleted root is gone.
        EObject a1 = list(a, M.children).get(0);
        list(a, M.children).add(b);
        s.resource().getContents().add(a1); // moved out of a: a root now
        s.commit();
        assertEquals(Set.of("a", "a1"), Set.copyOf(store.roots().stream().map(r -> r.value("name")).toList()));
        s.delete(a1);
        s.commit();
        assertEquals(List.of("a"), store.roots().stream().map(r -> r.value("name")).toList());
        assertEquals(List.of("a"), session().roots().stream().map(o -> o.eGet(M.name)).toList());
    }

    // ------------------------------------------------------------------ model versions

    @Test
    public final void modelVersionsAndMigrationsAreRecordedWithTheData() {
        assertEquals(Map.of(ContractModel.NS_URI, 1), store.modelVersions(), "the repository recorded version 1");
        Session s = session();
        EObject item = s.add(M.newItem("old"));
        item.eSet(M.text, "kept");
        s.commit();
        ObjectId id = s.idOf(item);
        dev.strata.core.Migration m = dev.strata.core.Migration.of(ContractModel.NS_URI, 1, 2)
                .renameFeature("Item", "text", "note").addFeature("Item", "extra", 5).build();
        store.migrate(m);
        Record migrated = store.load(id).orElseThrow();
        assertEquals("kept", migrated.value("note"));
        assertFalse(migrated.values().containsKey("text"));
        assertEquals(5, migrated.value("extra"));
        assertEquals(2, migrated.version());
        assertEquals(Map.of(ContractModel.NS_URI, 2), store.modelVersions());
        assertEquals(List.of(m.id()), store.appliedMigrations());
        assertEquals(1, store.query(Query.on(ITEM).eq("name", "old")).size(), "indexes follow migrated records");
        assertThrows(StrataException.class, () -> store.migrate(m), "a migration applies from its version only");
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    public final void treesLoadedDuringConcurrentCommitsAreNeverHalfCommitted() throws Exception {
        Session s0 = session();
        EObject root = M.newItem("tree");
        for (int i = 0; i < 20; i++) {
            list(root, M.children).add(M.newItem("leaf-" + i));
        }
        s0.add(root);
        s0.commit();
        ObjectId rootId = s0.idOf(root);
        AtomicInteger commits = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Thread writer = new Thread(() -> {
            // Each commit replaces one leaf and reorders the rest: the tree always has 20 leaves.
            for (int i = 0; i < 300 && System.nanoTime() < deadline; i++) {
                try (Session w = repository.openSession()) {
                    EObject r = w.get(rootId);
                    EList<EObject> leaves = list(r, M.children);
                    w.delete(leaves.get(0));
                    leaves.move(0, leaves.size() - 1);
                    leaves.add(M.newItem("leaf-new-" + i));
                    w.commit();
                    commits.incrementAndGet();
                } catch (ConflictException e) {
                    // another writer would retry; this one just goes on
                }
            }
        });
        writer.start();
        int reads = 0;
        try {
            while (writer.isAlive() && reads < 2000) {
                try (Session r = repository.openSession()) {
                    EObject tree = r.get(rootId);
                    assertEquals(20, list(tree, M.children).size(), "a load saw part of a commit");
                }
                reads++;
            }
        } finally {
            writer.join(30_000);
        }
        assertTrue(commits.get() > 0 && reads > 0, commits.get() + " commits, " + reads + " reads");
    }

    @Test
    public final void explicitLocksKeepOtherSessionsOffUntilCommitRollbackCloseOrLeaseEnd() throws Exception {
        assertTrue(store.capabilities().contains(ModelStore.Capability.LOCKS), store.capabilities().toString());
        Session s0 = session();
        EObject item = s0.add(M.newItem("locked"));
        s0.commit();
        ObjectId id = s0.idOf(item);
        Session a = session();
        Session b = session();
        a.setAuthor("ada");
        EObject inA = a.get(id);
        EObject inB = b.get(id);

        a.lock(List.of(inA), LockMode.WRITE);
        LockedException refused = assertThrows(LockedException.class, () -> b.lock(List.of(inB), LockMode.READ));
        assertEquals(a.id(), refused.held().get(0).owner());
        assertEquals("ada", refused.held().get(0).holder());
        assertTrue(refused.getMessage().contains("write-locked by ada"), refused.getMessage());
        inB.eSet(M.text, "from b");
        assertThrows(LockedException.class, b::commit, "a commit touching the locked object is refused");
        assertTrue(b.isDirty(), "and keeps its changes");
        assertEquals(List.of(id), store.locks().stream().map(LockInfo::id).toList());

        inA.eSet(M.text, "from a");
        a.commit();
        assertTrue(store.locks().isEmpty(), "a commit lets the session's locks go: " + store.locks());
        assertThrows(ConflictException.class, b::commit, "the same feature was changed meanwhile");
        b.rollback();

        // Read locks are shared; a write lock then waits for all of them.
        Session c = session();
        a.lock(List.of(a.get(id)), LockMode.READ);
        b.lock(List.of(b.get(id)), LockMode.READ);
        assertEquals(2, store.locks().size());
        assertThrows(LockedException.class, () -> c.lock(List.of(c.get(id)), LockMode.WRITE));
        a.close();
        b.rollback();
        assertTrue(store.locks().isEmpty(), "close and rollback let them go: " + store.locks());

        // A lease that is not renewed ends by itself, as a crashed holder's does.
        Session d = session();
        d.setLockLease(java.time.Duration.ofMillis(300));
        d.lock(List.of(d.get(id)), LockMode.WRITE);
        assertThrows(LockedException.class, () -> c.lock(List.of(c.get(id)), LockMode.WRITE));
        Await.until("the lease of d's lock ends", () -> {
            c.lock(List.of(c.get(id)), LockMode.WRITE);
            return true;
        });
        assertEquals(c.id(), store.locks().get(0).owner());
        c.rollback();
        assertThrows(StrataException.class, () -> d.setLockLease(java.time.Duration.ZERO));
    }

    @Test
    public final void concurrentCommitsFromSeveralThreadsLoseNoUpdate() throws Exception {
        Session s0 = session();
        EObject counter = s0.add(M.newItem("counter"));
        s0.commit();
        ObjectId id = s0.idOf(counter);
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        Set<ObjectId> createdIds = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONCURRENCY_SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < INCREMENTS && System.nanoTime() < deadline; i++) {
                        // Each increment is retried on conflict, a bounded number of times.
                        for (int attempt = 0; attempt < 200 && System.nanoTime() < deadline; attempt++) {
                            try (Session s = repository.openSession()) {
                                EObject c = s.get(id);
                                c.eSet(M.count, (Integer) c.eGet(M.count) + 1);
                                EObject extra = s.add(M.newItem("t" + thread + "-" + i + "-" + attempt));
                                s.commit();
                                createdIds.add(s.idOf(extra));
                                successes.incrementAndGet();
                                break;
                            } catch (ConflictException e) {
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get(CONCURRENCY_SECONDS + 10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // A commit that never returns: where every thread waits is what tells why.
                    throw new AssertionError("A committing thread did not finish within " + (CONCURRENCY_SECONDS + 10)
                            + " s (" + successes.get() + " commits, " + conflicts.get() + " conflicts); threads:\n"
                            + threadDump(), e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(THREADS * INCREMENTS, successes.get(), "every increment eventually committed");
        Record stored = store.load(id).orElseThrow();
        assertEquals(successes.get(), stored.value("count"), "no lost update (" + conflicts.get() + " conflicts seen)");
        assertEquals(1 + successes.get(), stored.version());
        assertEquals(createdIds.size(), store.loadAll(createdIds).size());
        assertNotNull(store.capabilities());
    }

    /** The stacks of this JVM's threads, for a test that found one stuck. */
    private static String threadDump() {
        StringBuilder out = new StringBuilder();
        for (java.lang.management.ThreadInfo t : java.lang.management.ManagementFactory.getThreadMXBean()
                .dumpAllThreads(true, true)) {
            out.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
            if (t.getLockName() != null) {
                out.append(" on ").append(t.getLockName()).append(" held by ").append(t.getLockOwnerName());
            }
            out.append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                out.append("    at ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    public final void everyAcceptedCommitIsAnnouncedOnceInOrderAndARefusedOneNot() {
        Session s = session();
        EObject a = s.add(M.newItem("announced"));
        List<CommitResult> accepted = new ArrayList<>();
        accepted.add(s.commit());
        a.eSet(M.count, 5);
        accepted.add(s.commit());
        ObjectId id = s.idOf(a);
        Session other = session();
        other.get(id).eSet(M.count, 6);
        accepted.add(other.commit());
        a.eSet(M.count, 7);
        assertThrows(ConflictException.class, s::commit, "s read version 2, other wrote 3");
        other.get(id).eSet(M.count, 8);
        accepted.add(other.commit()); // after the refusal: an event of the refused commit would come before it
        List<String> expected = accepted.stream().map(r -> r.commitId().toString()).toList();
        List<Event> seen = Await.result("the event of every commit of " + store.name(), () -> {
            List<Event> commits = events.commits(store.name());
            return commits.stream().anyMatch(e -> expected.get(3).equals(e.getProperty(Topics.COMMIT_ID))) ? commits
                    : null;
        });
        assertEquals(expected, seen.stream().map(e -> e.getProperty(Topics.COMMIT_ID)).toList(),
                "one event per accepted commit, in order");
        assertEquals(accepted.stream().map(CommitResult::sequence).toList(),
                seen.stream().map(e -> e.getProperty(Topics.SEQUENCE)).toList());
    }

    @Test
    public final void aRebuiltIndexAnswersAsBeforeAlsoAfterReopening() throws Exception {
        seedQueryData();
        IndexDef count = store.indexes().stream().filter(i -> i.feature().equals("count")).findFirst()
                .orElseThrow(() -> new AssertionError("the model declares an index on Item.count"));
        Set<ObjectId> before = ids(store.query(Query.on(ITEM).eq("count", 1)));
        assertEquals(3, before.size());
        store.rebuildIndex(count);
        assertEquals(before, ids(store.query(Query.on(ITEM).eq("count", 1))));
        store = reopened(store);
        Repositories.builder("contract", store).packages(M.ePackage).build(); // declares the model's indexes
        store.rebuildIndex(count);
        assertEquals(before, ids(store.query(Query.on(ITEM).eq("count", 1))));
    }

    private static Set<ObjectId> ids(List<Record> records) {
        return records.stream().map(Record::id).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    public final void whatWasCommittedIsReadBackAfterReopeningAndSequencesGoOn() throws Exception {
        Session s = session();
        EObject a = s.add(M.newItem("a"));
        EObject b = s.add(M.newItem("b"));
        EObject moved = M.newItem("moved");
        EObject gone = M.newItem("gone");
        list(a, M.children).addAll(List.of(moved, gone));
        s.commit();
        a.eSet(M.count, 3);
        list(b, M.children).add(moved);
        ObjectId goneId = s.idOf(gone);
        EcoreUtil.delete(gone);
        long last = s.commit().sequence();
        List<ObjectId> roots = store.roots().stream().map(Record::id).toList();
        Map<ObjectId, Record> trees = store.loadTrees(roots);
        store = reopened(store);
        assertEquals(roots, store.roots().stream().map(Record::id).toList());
        assertEquals(trees, store.loadTrees(roots), "records, versions and containers as committed");
        assertTrue(store.load(goneId).isEmpty(), "the deleted object stays deleted");
        Repository again = Repositories.builder("contract", store).packages(M.ePackage).build();
        try (Session t = again.openSession()) {
            t.get(s.idOf(a)).eSet(M.count, 4);
            long next = t.commit().sequence();
            assertTrue(next > last, "a commit after reopening gets a new sequence: " + next + " after " + last);
        }
    }

    @Test
    public final void rootsKeepTheOrderTheyWereAddedIn() throws Exception {
        Session s1 = session();
        List<Object> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = "root-" + (i * 7 % 12); // an order that sorting would not give
            s1.add(M.newItem(name));
            names.add(name);
        }
        s1.commit();
        s1.add(M.newItem("later"));
        names.add("later");
        s1.commit();
        store = reopened(store);
        repository = Repositories.builder("contract", store).packages(M.ePackage).build();
        assertEquals(names, store.roots().stream().map(r -> r.value("name")).toList());
        assertEquals(names, session().roots().stream().map(o -> o.eGet(M.name)).toList());
    }

    /**
     * Time travel: a session opened at each past commit shows the whole model as it was just
     * after that commit (the XMI exported then), whatever came later; queries answer for then
     * too. Needs a log that keeps change sets with their old values.
     */
    @Test
    public final void aSessionAtAPastCommitShowsTheModelAsItWasThen() {
        Map<String, ObjectId> ids = new java.util.HashMap<>();
        List<PastModels.Snapshot> history = PastModels.record(repository, ids);
        for (PastModels.Snapshot then : history) {
            assertTrue(store.logFloor() <= then.sequence(), "the log must reach back to commit " + then.sequence()
                    + " made a moment ago; its floor is " + store.logFloor());
            Session past = repository.openSession(dev.strata.core.At.commit(then.sequence()));
            sessions.add(past);
            assertEquals(then.xmi(), PastModels.xmi(past), "the model as of commit " + then.sequence() + " ("
                    + then.description() + ")");
            Set<Object> countOne = new HashSet<>();
            past.query(Query.on(M.item).eq(M.count, 1)).forEach(o -> countOne.add(o.eGet(M.name)));
            // The same query, answered in memory over the exported model, must agree.
            Set<Object> expected = new HashSet<>();
            PastModels.load(then.xmi()).forEach(o -> {
                if (Integer.valueOf(1).equals(o.eGet(M.count))) {
                    expected.add(o.eGet(M.name));
                }
            });
            assertEquals(expected, countOne, "count = 1 as of commit " + then.sequence());
        }
        assertThrows(StrataException.class, () -> repository.openSession(dev.strata.core.At.commit(
                history.getLast().sequence() + 1000)), "a commit that has not happened yet");
    }

    /**
     * What a follower of the store relies on to resume (a REST client's change stream): the epoch
     * names the history, stays the same while the store is open and when it is reopened from what it
     * keeps, and the log holds every commit after its floor.
     */
    @Test
    public final void aFollowerCanResumeFromTheLogWithinOneEpoch() throws Exception {
        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sequences.add(store.commit(new ChangeSet(UUID.randomUUID(), "contract", "", List.of(new Record(
                    ObjectId.random(), ITEM, 0, Map.of("name", "logged-" + i))), List.of(), List.of())).sequence());
        }
        String epoch = store.epoch();
        assertNotNull(epoch);
        assertFalse(epoch.isEmpty(), "a store that logs commits names its epoch, so that a follower can tell"
                + " this store's sequences from those of another one");
        assertEquals(epoch, store.epoch(), "the epoch of an open store does not change");
        long seen = sequences.get(0);
        assertTrue(store.logFloor() <= seen, "the log must still reach back to a commit just made; floor "
                + store.logFloor() + ", commit " + seen);
        assertEquals(sequences.subList(1, 4), store.log(seen, 10).stream().map(c -> c.sequence()).toList(),
                "resuming after the first commit gives the three others");

        store = reopened(store);
        assertEquals(epoch, store.epoch(), "a store reopened from what it keeps has the same history");
        long floor = store.logFloor();
        List<Long> kept = store.log(floor, 1000).stream().map(c -> c.sequence()).toList();
        assertTrue(kept.containsAll(sequences.stream().filter(q -> q > floor).toList()),
                "the reopened store's log holds every commit after its floor " + floor + "; it has " + kept
                        + ", the commits were " + sequences);
    }

    /**
     * History as people read it: each logged commit carries the committer's user name and the time
     * the store accepted it (to the millisecond, within the commit call), and the newest commits
     * are read without the whole log, oldest of them first; the same after reopening.
     */
    @Test
    public final void theLogKeepsTimeAndAuthorAndReadsTheNewestCommits() throws Exception {
        Session s = session();
        assertEquals(System.getProperty("user.name"), s.author(), "a session commits as the OS user by default");
        List<java.time.Instant[]> windows = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            if (i == 3) {
                s.setAuthor("ada");
            }
            s.add(M.newItem("history-" + i));
            java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            sequences.add(s.commit("commit " + i).sequence());
            windows.add(new java.time.Instant[] { before, java.time.Instant.now() });
        }
        assertThrows(IllegalArgumentException.class, () -> s.setAuthor(" "), "a blank author is refused");

        List<dev.strata.core.LoggedCommit> newest = store.recentLog(3);
        assertEquals(sequences.subList(2, 5), newest.stream().map(c -> c.sequence()).toList(),
                "recentLog(3) is the newest three, oldest first");
        assertEquals(sequences, store.recentLog(1000).stream().map(c -> c.sequence())
                .filter(sequences::contains).toList(), "more than the log holds gives all of it, in order");
        assertTrue(store.recentLog(0).isEmpty(), "recentLog(0) is empty");
        assertEquals(List.of(sequences.get(4)), store.recentLog(1).stream().map(c -> c.sequence()).toList());
        checkTimesAndAuthors(store.recentLog(5), sequences, windows);

        store = reopened(store);
        long floor = store.logFloor();
        List<dev.strata.core.LoggedCommit> kept = store.recentLog(5).stream().filter(c -> c.sequence() > floor)
                .toList();
        assertEquals(sequences.stream().filter(q -> q > floor).toList(), kept.stream().map(c -> c.sequence()).toList(),
                "after reopening, the newest commits after the floor " + floor);
        checkTimesAndAuthors(kept, sequences, windows);
    }

    /**
     * History: every logged commit after the history floor carries its values before and after:
     * created records whole, each change's new and old values, each deleted record as it was; the
     * same after reopening. The history floor is at or above the log floor.
     */
    @Test
    public final void theLogKeepsEachCommitsValuesBeforeAndAfter() throws Exception {
        Session s = session();
        EObject item = M.newItem("before");
        item.eSet(M.count, 1);
        s.add(item);
        long created = s.commit("create").sequence();
        ObjectId id = s.idOf(item);
        item.eSet(M.name, "after");
        item.eSet(M.count, 2);
        long changed = s.commit("change").sequence();
        s.delete(item);
        long deleted = s.commit("delete").sequence();
        assertTrue(store.historyFloor() >= store.logFloor(), "the history floor " + store.historyFloor()
                + " is at or above the log floor " + store.logFloor());
        assertTrue(store.historyFloor() < created, "commits just made carry their values; history floor "
                + store.historyFloor() + ", first commit " + created);
        checkValuesBeforeAndAfter(store.log(store.historyFloor(), 1000), id, created, changed, deleted);
        checkValuesBeforeAndAfter(store.recentLog(3), id, created, changed, deleted);

        store = reopened(store);
        long floor = store.historyFloor();
        if (floor < created) {
            checkValuesBeforeAndAfter(store.log(floor, 1000), id, created, changed, deleted);
        }
    }

    private static void checkValuesBeforeAndAfter(List<dev.strata.core.LoggedCommit> log, ObjectId id, long created,
            long changed, long deleted) {
        Map<Long, ChangeSet> bySequence = new java.util.HashMap<>();
        log.forEach(c -> bySequence.put(c.sequence(), c.changes()));
        ChangeSet create = bySequence.get(created);
        assertNotNull(create, "commit " + created + " is in the log " + bySequence.keySet());
        assertEquals(List.of(id), create.created().stream().map(Record::id).toList());
        assertEquals("before", create.created().get(0).value("name"), "the created record has its values");
        assertEquals(1, create.created().get(0).value("count"));

        ChangeSet change = bySequence.get(changed);
        assertNotNull(change, "commit " + changed + " is in the log");
        assertEquals(1, change.changed().size());
        ChangeSet.Change c = change.changed().get(0);
        assertEquals(id, c.id());
        assertEquals("after", c.newValues().get("name"), "the new value");
        assertEquals("before", c.oldValues().get("name"), "the value before");
        assertEquals(2, c.newValues().get("count"));
        assertEquals(1, c.oldValues().get("count"));

        ChangeSet delete = bySequence.get(deleted);
        assertNotNull(delete, "commit " + deleted + " is in the log");
        assertEquals(1, delete.deleted().size());
        Record last = delete.deleted().get(0).last();
        assertEquals(id, last.id());
        assertEquals("after", last.value("name"), "the deleted record as it was");
        assertEquals(2, last.value("count"));
    }

    private static void checkTimesAndAuthors(List<dev.strata.core.LoggedCommit> logged, List<Long> sequences,
            List<java.time.Instant[]> windows) {
        String user = System.getProperty("user.name");
        for (dev.strata.core.LoggedCommit c : logged) {
            int i = sequences.indexOf(c.sequence());
            assertTrue(i >= 0, "commit " + c.sequence() + " is one of " + sequences);
            java.time.Instant[] w = windows.get(i);
            assertNotNull(c.time(), "commit " + c.sequence() + " has the time the store accepted it");
            assertFalse(c.time().isBefore(w[0]) || c.time().isAfter(w[1]), "commit " + c.sequence() + " logged at "
                    + c.time() + ", made between " + w[0] + " and " + w[1]);
            assertEquals(i >= 3 ? "ada" : user, c.author(), "the author of commit " + c.sequence());
            assertEquals("commit " + i, c.changes().message());
        }
    }

    // ------------------------------------------------------------------ lazy sessions

    /** Ids of the tree {@link #lazyTree} commits: root, children c0..c9, grandchildren g00..g93. */
    private record LazyTree(ObjectId root, List<ObjectId> children, List<List<ObjectId>> grandchildren) {
    }

    /**
     * A root with ten children of four children each; c1 refers to g73 ({@code related}) and to
     * c2 ({@code partner}).
     */
    private LazyTree lazyTree() {
        Session s = session();
        EObject root = M.newItem("root");
        for (int i = 0; i < 10; i++) {
            EObject c = M.newItem("c" + i);
            list(root, M.children).add(c);
            for (int j = 0; j < 4; j++) {
                list(c, M.children).add(M.newItem("g" + i + j));
            }
        }
        EObject c1 = list(root, M.children).get(1);
        list(c1, M.related).add(list(list(root, M.children).get(7), M.children).get(3));
        c1.eSet(M.partner, list(root, M.children).get(2));
        s.add(root);
        s.commit();
        List<ObjectId> children = new ArrayList<>();
        List<List<ObjectId>> grandchildren = new ArrayList<>();
        for (EObject c : list(root, M.children)) {
            children.add(s.idOf(c));
            grandchildren.add(list(c, M.children).stream().map(s::idOf).toList());
        }
        return new LazyTree(s.idOf(root), children, grandchildren);
    }

    private Session countedSession(CountingStore counted) {
        Session s = Repositories.builder("counted", counted).packages(M.ePackage).build().openSession();
        sessions.add(s);
        return s;
    }

    @Test
    public final void aLazySessionReadsOnlyWhatIsTouched() {
        LazyTree t = lazyTree();
        CountingStore counted = new CountingStore(store);
        Session s = countedSession(counted);
        assertTrue(s.lazyLoading(), "lazy loading is the default");

        EObject root = s.get(t.root());
        assertEquals("root", root.eGet(M.name));
        assertEquals(1, counted.records.get(), "the root alone, without its tree");
        EObject c3 = list(root, M.children).get(3);
        assertEquals(11, counted.records.get(), "the root's children, not theirs");
        assertEquals("c3", c3.eGet(M.name));
        assertEquals(List.of("g30", "g31", "g32", "g33"), list(c3, M.children).stream().map(o -> o.eGet(M.name)).toList());
        assertEquals(15, counted.records.get(), "one child's children");

        // An object asked for by id before its container's list was read: one record.
        EObject g73 = s.get(t.grandchildren().get(7).get(3));
        assertEquals("g73", g73.eGet(M.name));
        assertEquals(16, counted.records.get());
        assertSame(list(root, M.children).get(7), g73.eContainer());
        assertSame(s.resource(), g73.eResource());
        assertEquals(0, counted.treeReads.get(), "no whole tree read");

        // Cross references come when touched, resolving to the session's objects.
        EObject c1 = list(root, M.children).get(1);
        assertSame(g73, list(c1, M.related).get(0));
        assertSame(list(root, M.children).get(2), c1.eGet(M.partner));
        assertEquals(16, counted.records.get(), "targets already read are not read again");
        assertFalse(s.isDirty(), "reading is no change");

        // Off: an object comes with its root's whole tree, as for classes that cannot load lazily.
        CountingStore eager = new CountingStore(store);
        Session e = countedSession(eager);
        e.setLazyLoading(false);
        EObject eagerRoot = e.get(t.root());
        assertEquals(1, eager.treeReads.get());
        assertTrue(eager.records.get() >= 51, eager.records + " records read");
        assertEquals(4, list(list(eagerRoot, M.children).get(9), M.children).size());
    }

    @Test
    public final void prefetchReadsASubtreeAtOnce() {
        LazyTree t = lazyTree();
        CountingStore counted = new CountingStore(store);
        Session s = countedSession(counted);
        EObject root = s.get(t.root());
        assertThrows(IllegalArgumentException.class, () -> s.prefetch(root, -1));
        s.prefetch(root, 0);
        assertEquals(11, counted.records.get(), "depth 0: the root's own lists, not its children's");
        s.prefetch(root, 1);
        assertEquals(51, counted.records.get(), "depth 1: the children's lists too");
        EObject c7 = list(root, M.children).get(7);
        assertEquals("g73", list(c7, M.children).get(3).eGet(M.name));
        assertSame(list(c7, M.children).get(3), list(list(root, M.children).get(1), M.related).get(0));
        assertEquals(51, counted.records.get(), "nothing left to read");
        assertFalse(s.isDirty());
    }

    @Test
    public final void aLazySessionKeepsOneObjectPerId() {
        LazyTree t = lazyTree();
        Session s = session();
        ObjectId g73Id = t.grandchildren().get(7).get(3);
        EObject g73 = s.get(g73Id);
        EObject c7 = s.get(t.children().get(7));
        assertSame(c7, g73.eContainer(), "read on their own, linked as stored");
        assertSame(g73, s.get(g73Id));
        EObject root = s.get(t.root());
        assertSame(c7, list(root, M.children).get(7), "the list takes the objects read before it");
        assertEquals(10, list(root, M.children).size());
        assertSame(g73, list(c7, M.children).get(3));
        assertEquals(4, list(c7, M.children).size(), "nothing twice");
        assertSame(g73, list(list(root, M.children).get(1), M.related).get(0));
        assertEquals(ObjectState.CLEAN, s.state(g73));
        assertEquals(ObjectState.CLEAN, s.state(c7));
        assertEquals(t.grandchildren().get(7).get(3), s.idOf(g73));
        assertTrue(s.pending().isEmpty());
        assertEquals(0, s.pendingChanges().changed().size() + s.pendingChanges().created().size());
    }

    @Test
    public final void pendingChangesOfALazySessionAreNeverLetGo() {
        LazyTree t = lazyTree();
        Session s = session();
        EObject c5 = list(s.get(t.root()), M.children).get(5);
        c5.eSet(M.name, "changed");
        list(c5, M.children).add(M.newItem("new"));
        s.delete(s.get(t.grandchildren().get(2).get(0)));
        java.lang.ref.WeakReference<EObject> held = new java.lang.ref.WeakReference<>(c5);
        c5 = null;
        collect(held);
        assertNotNull(held.get(), "an object with pending changes stays in the session");
        assertSame(held.get(), s.get(t.children().get(5)));
        assertEquals("changed", held.get().eGet(M.name));
        assertEquals(ObjectState.DIRTY, s.state(held.get()));
        ChangeSet pending = s.pendingChanges();
        assertEquals(1, pending.created().size());
        assertEquals(1, pending.deleted().size());
        s.commit();
        Session after = session();
        EObject back = after.get(t.children().get(5));
        assertEquals("changed", back.eGet(M.name));
        assertEquals(5, list(back, M.children).size());
        assertTrue(after.find(t.grandchildren().get(2).get(0)).isEmpty());
    }

    @Test
    public final void rollbackAndSavepointsCoverWhatIsReadLater() {
        LazyTree t = lazyTree();
        Session s = session();
        EObject root = s.get(t.root());
        var sp = s.savepoint();
        EObject c2 = list(root, M.children).get(2); // read after the savepoint
        c2.eSet(M.name, "renamed");
        list(c2, M.children).add(M.newItem("new"));
        EObject g73 = s.get(t.grandchildren().get(7).get(3)); // read on its own, then moved
        list(list(root, M.children).get(0), M.children).add(g73);
        assertTrue(s.isDirty());

        s.rollbackTo(sp);
        assertEquals("c2", c2.eGet(M.name));
        assertEquals(4, list(c2, M.children).size());
        EObject c7 = list(root, M.children).get(7);
        assertSame(c7, g73.eContainer());
        assertSame(g73, list(c7, M.children).get(3));
        assertEquals(4, list(list(root, M.children).get(0), M.children).size());
        assertFalse(s.isDirty(), s.pending().toString());

        c2.eSet(M.name, "again");
        list(c7, M.children).remove(0);
        s.rollback();
        assertEquals("c2", c2.eGet(M.name));
        assertEquals(4, list(c7, M.children).size());
        assertFalse(s.isDirty());
        assertEquals(ObjectState.CLEAN, s.state(g73));
    }

    @Test
    public final void refreshReachesWhatALazySessionHasNotReadYet() {
        LazyTree t = lazyTree();
        Session a = session();
        EObject root = a.get(t.root());
        EObject g73 = a.get(t.grandchildren().get(7).get(3)); // its container's list not read

        Session b = session();
        EObject rootB = b.get(t.root());
        list(rootB, M.children).get(1).eSet(M.name, "c1-b");
        list(rootB, M.children).add(M.newItem("c10"));
        b.delete(b.get(t.grandchildren().get(7).get(3)));
        b.commit();

        a.refresh(List.of(t.root(), t.children().get(7)));
        assertEquals(11, list(root, M.children).size());
        assertEquals("c1-b", list(root, M.children).get(1).eGet(M.name));
        EObject c7 = list(root, M.children).get(7);
        assertEquals(List.of("g70", "g71", "g72"), list(c7, M.children).stream().map(o -> o.eGet(M.name)).toList());
        assertEquals(ObjectState.DISCARDED, a.state(g73), "deleted elsewhere: out of the session");
        assertTrue(a.find(t.grandchildren().get(7).get(3)).isEmpty());
        assertFalse(a.isDirty());
    }

    @Test
    public final void aCommitAfterLazyReadingWritesExactlyTheChanges() {
        LazyTree t = lazyTree();
        Session s = session();
        EObject root = s.get(t.root());
        EObject c4 = list(root, M.children).get(4);
        c4.eSet(M.name, "c4-new");
        list(c4, M.children).add(M.newItem("g4new"));
        s.get(t.grandchildren().get(7).get(3)).eSet(M.count, 7);

        ChangeSet pending = s.pendingChanges();
        assertEquals(1, pending.created().size());
        assertEquals(0, pending.deleted().size());
        Map<ObjectId, Set<String>> changed = new java.util.HashMap<>();
        pending.changed().forEach(c -> changed.put(c.id(), c.newValues().keySet()));
        assertEquals(Map.of(t.children().get(4), Set.of("name", "children"), t.grandchildren().get(7).get(3),
                Set.of("count")), changed);
        s.commit();
        assertFalse(s.isDirty());

        Session eager = session();
        eager.setLazyLoading(false);
        EObject back = eager.get(t.root());
        assertEquals("c4-new", list(back, M.children).get(4).eGet(M.name));
        assertEquals(5, list(list(back, M.children).get(4), M.children).size());
        assertEquals(7, list(list(back, M.children).get(7), M.children).get(3).eGet(M.count));
        assertEquals("c1", list(back, M.children).get(1).eGet(M.name), "what was only read is unchanged");
        assertEquals(1, list(list(back, M.children).get(1), M.related).size());
    }

    // ------------------------------------------------------------------ long lists, a page at a time

    /** A session whose lists longer than {@code page} children are read a page at a time. */
    private Session pagedSession(ModelStore over, int page) {
        String before = System.setProperty("strata.session.listPage", Integer.toString(page));
        try {
            Session s = Repositories.builder("paged", over).packages(M.ePackage).build().openSession();
            sessions.add(s);
            return s;
        } finally {
            if (before == null) {
                System.clearProperty("strata.session.listPage");
            } else {
                System.setProperty("strata.session.listPage", before);
            }
        }
    }

    /**
     * Runs the collector until the reference is cleared (bounded: ten rounds; a test that expects
     * the object kept proves nothing if the collector never runs, but then the loop ends).
     */
    private static void collect(java.lang.ref.WeakReference<?> ref) {
        for (int i = 0; i < 10 && ref.get() != null; i++) {
            byte[][] garbage = new byte[64][];
            for (int j = 0; j < garbage.length; j++) {
                garbage[j] = new byte[64 * 1024];
            }
            System.gc();
        }
    }

    @Test
    public final void aLongListIsReadAPageAtATime() {
        LazyTree t = lazyTree();
        CountingStore counted = new CountingStore(store);
        Session s = pagedSession(counted, 3);
        EObject root = s.get(t.root());
        EList<EObject> children = list(root, M.children);
        assertEquals(10, children.size());
        assertEquals(1, counted.records.get(), "the list's ids come with its owner's record");
        EObject c4 = children.get(4);
        assertEquals("c4", c4.eGet(M.name));
        assertEquals(4, counted.records.get(), "one page: c3, c4, c5");
        assertSame(c4, children.get(4));
        assertEquals("c5", children.get(5).eGet(M.name));
        assertEquals(4, counted.records.get(), "the page is held");
        assertSame(root, c4.eContainer());
        assertSame(M.children, c4.eContainmentFeature());
        assertEquals(4, children.indexOf(c4));
        assertTrue(children.contains(c4));
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"),
                children.stream().map(o -> o.eGet(M.name)).toList());
        assertEquals(11, counted.records.get(), "each child read once");
        assertEquals(t.children(), children.stream().map(s::idOf).toList());
        // Asked for by id: the object the list gives.
        assertSame(children.get(8), s.get(t.children().get(8)));
        // References resolve to the session's objects, through the paged list.
        EObject c1 = children.get(1);
        EObject g73 = list(c1, M.related).get(0);
        assertEquals("g73", g73.eGet(M.name));
        assertSame(children.get(7), g73.eContainer());
        assertSame(children.get(2), c1.eGet(M.partner));
        assertFalse(s.isDirty(), "reading is no change");
        assertEquals(0, counted.treeReads.get());
    }

    @Test
    public final void theFirstReadOfALongListTakesAFewChildrenThenPagesGrow() {
        Session w = session();
        EObject root = M.newItem("root");
        for (int i = 0; i < 700; i++) {
            list(root, M.children).add(M.newItem("c" + i));
        }
        w.add(root);
        w.commit();
        CountingStore counted = new CountingStore(store);
        Session s = pagedSession(counted, 500);
        EList<EObject> children = list(s.get(w.idOf(root)), M.children);
        assertEquals(1, counted.records.get());
        assertEquals("c0", children.get(0).eGet(M.name));
        assertEquals(1 + 64, counted.records.get(), "the first read takes 64 children, not a page of 500");
        assertEquals("c64", children.get(64).eGet(M.name));
        assertEquals(1 + 256, counted.records.get(), "then four times as many (the 64 held are not read again)");
        assertEquals("c256", children.get(256).eGet(M.name));
        assertEquals(1 + 500, counted.records.get(), "then full pages");
        assertEquals("c699", children.get(699).eGet(M.name));
        assertEquals(1 + 700, counted.records.get());
        assertEquals(java.util.stream.IntStream.range(0, 700).mapToObj(i -> "c" + i).toList(),
                children.stream().map(o -> o.eGet(M.name)).toList(), "every child in order");
    }

    @Test
    public final void aReleasedChildIsReadAgainWithItsIdentity() {
        LazyTree t = lazyTree();
        Session s = pagedSession(store, 3);
        EObject root = s.get(t.root());
        EList<EObject> children = list(root, M.children);
        EObject c1 = children.get(1);
        java.lang.ref.WeakReference<EObject> c4 = new java.lang.ref.WeakReference<>(children.get(4));
        children.get(7); // another page: c4's is no longer held by the list
        collect(c4);
        assertNull(c4.get(), "a clean child nothing holds is released");

        EObject again = children.get(4);
        assertEquals("c4", again.eGet(M.name));
        assertEquals(ObjectState.CLEAN, s.state(again));
        assertEquals(t.children().get(4), s.idOf(again));
        assertSame(again, s.get(t.children().get(4)), "one object per id again");
        assertSame(root, again.eContainer());
        assertEquals(List.of("g40", "g41", "g42", "g43"), list(again, M.children).stream().map(o -> o.eGet(M.name)).toList());
        assertSame(c1, children.get(1), "what the application holds is never released");
        assertFalse(s.isDirty());
    }

    @Test
    public final void pendingWorkInAPagedListIsNeverReleased() {
        LazyTree t = lazyTree();
        Session s = pagedSession(store, 3);
        EList<EObject> children = list(s.get(t.root()), M.children);
        children.get(4).eSet(M.name, "c4-changed");
        java.lang.ref.WeakReference<EObject> c4 = new java.lang.ref.WeakReference<>(children.get(4));
        children.get(7);
        collect(c4);
        assertNotNull(c4.get(), "a child with pending changes stays");
        assertSame(c4.get(), children.get(4));
        assertEquals(ObjectState.DIRTY, s.state(c4.get()));
        s.commit();
        children.get(0);
        collect(c4);
        assertNull(c4.get(), "committed, it is clean again and can be released");
        assertEquals("c4-changed", children.get(4).eGet(M.name));
        Session other = session();
        assertEquals("c4-changed", other.get(t.children().get(4)).eGet(M.name));

        // A rollback of a change to a child read again after a release.
        children.get(6).eSet(M.name, "c6-changed");
        s.rollback();
        assertEquals("c6", children.get(6).eGet(M.name));
        assertFalse(s.isDirty());
    }

    /**
     * The stored value of a long list nothing changed reads its children as they are asked for, as
     * the list does (a view showing the first few of a million read them all to copy them), and
     * stays the stored value once the list changes.
     */
    @Test
    @SuppressWarnings("unchecked")
    public final void theStoredValueOfAPagedListIsReadAPageAtATime() {
        LazyTree t = lazyTree();
        CountingStore counted = new CountingStore(store);
        Session s = pagedSession(counted, 3);
        EObject root = s.get(t.root());
        EList<EObject> children = list(root, M.children);
        List<?> stored = (List<?>) s.persistentValue(root, M.children);
        assertEquals(10, stored.size());
        assertEquals(1, counted.records.get(), "no child read for the stored value");
        assertSame(children.get(4), stored.get(4));
        assertEquals(4, counted.records.get(), "one page: c3, c4, c5");
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) stored).remove(0));

        EObject c2 = children.get(2);
        children.remove(c2); // the list changes; the stored value stays
        children.add(M.newItem("c10"));
        assertEquals(10, stored.size());
        assertSame(c2, stored.get(2));
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"),
                stored.stream().map(o -> ((EObject) o).eGet(M.name)).toList());
        assertEquals(stored, s.persistentValue(root, M.children), "the value kept since the change");
        s.rollback();
    }

    @Test
    public final void aPagedListChangesAsAnyList() {
        LazyTree t = lazyTree();
        Session s = pagedSession(store, 3);
        EObject root = s.get(t.root());
        EList<EObject> children = list(root, M.children);
        EObject c2 = children.get(2);
        children.add(M.newItem("c10"));
        children.move(0, 9);
        children.remove(c2);
        assertEquals(10, children.size());
        assertEquals(List.of("c9", "c0", "c1", "c3", "c4", "c5", "c6", "c7", "c8", "c10"),
                children.stream().map(o -> o.eGet(M.name)).toList());
        var sp = s.savepoint();
        children.remove(0);
        s.rollbackTo(sp);
        assertEquals("c9", children.get(0).eGet(M.name));
        s.commit();
        Session other = session();
        assertEquals(List.of("c9", "c0", "c1", "c3", "c4", "c5", "c6", "c7", "c8", "c10"),
                list(other.get(t.root()), M.children).stream().map(o -> o.eGet(M.name)).toList());
        assertTrue(other.find(t.children().get(2)).isEmpty(), "removed from its container: deleted");

        Session again = pagedSession(store, 3);
        EList<EObject> back = list(again.get(t.root()), M.children);
        back.clear();
        again.rollback();
        assertEquals(10, back.size());
        assertEquals("c10", back.get(9).eGet(M.name));
    }

    /**
     * New children appended to a long list (a New Child, an import) keep it paged: no child is
     * read to add, take back, roll back, show as changed or commit them.
     */
    @Test
    public final void appendingToAPagedListReadsNoChild() {
        LazyTree t = lazyTree();
        CountingStore counted = new CountingStore(store);
        Session s = pagedSession(counted, 3);
        EObject root = s.get(t.root());
        EList<EObject> children = list(root, M.children);
        List<Notification> told = new ArrayList<>();
        root.eAdapters().add(new AdapterImpl() {
            @Override
            public void notifyChanged(Notification n) {
                told.add(n);
            }
        });
        EObject c10 = M.newItem("c10");
        children.add(c10);
        children.addAll(List.of(M.newItem("c11"), M.newItem("c12")));
        assertEquals(1, counted.records.get(), "only the owner's record: no child read to append");
        assertEquals(List.of(Notification.ADD, Notification.ADD_MANY), told.stream().map(Notification::getEventType).toList(),
                "told as for any list");
        assertEquals(10, told.get(0).getPosition());
        assertEquals(11, told.get(1).getPosition());
        assertEquals(13, children.size());
        assertSame(c10, children.get(10));
        assertEquals(10, children.indexOf(c10));
        assertTrue(children.contains(c10));
        assertSame(root, c10.eContainer());
        assertEquals(ObjectState.NEW, s.state(c10));
        assertEquals(ObjectState.DIRTY, s.state(root));
        assertEquals(10, ((List<?>) s.persistentValue(root, M.children)).size());
        assertEquals(10, s.unchangedPrefix(root, M.children));

        EObject c12 = children.remove(12);
        assertEquals("c12", c12.eGet(M.name));
        assertNull(c12.eContainer());
        var sp = s.savepoint();
        children.add(M.newItem("c13"));
        children.remove(c10);
        s.rollbackTo(sp);
        assertEquals(List.of("c10", "c11"), List.of(children.get(10).eGet(M.name), children.get(11).eGet(M.name)));
        assertEquals(12, children.size());
        assertEquals(1, counted.records.get(), "a removal at the end and a rollback read no child either");

        EObject moved = M.newItem("moved");
        children.add(moved);
        EObject c0 = children.get(0);
        int before = counted.records.get();
        list(c0, M.children).add(moved); // from the end of one long list to the end of another
        assertSame(c0, moved.eContainer());
        assertEquals(12, children.size());
        EObject dropped = M.newItem("dropped");
        children.add(dropped);
        EcoreUtil.remove(dropped);
        assertEquals(12, children.size());
        assertEquals(before, counted.records.get(), "the lists stay paged");

        s.commit();
        assertEquals(before, counted.records.get(), "a commit writes the list from its ids");
        assertEquals(ObjectState.CLEAN, s.state(root));
        assertEquals(ObjectState.CLEAN, s.state(c10));
        assertSame(c10, children.get(10));
        assertEquals(10, children.indexOf(c10));
        int read = counted.records.get();
        assertEquals("c4", children.get(4).eGet(M.name), "the stored children still read a page at a time");
        assertEquals(read + 3, counted.records.get(), "one page: c3, c4, c5");
        Session other = session();
        EObject theirs = other.get(t.root());
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11"),
                list(theirs, M.children).stream().map(o -> o.eGet(M.name)).toList());
        assertEquals(List.of("g00", "g01", "g02", "g03", "moved"),
                list(list(theirs, M.children).get(0), M.children).stream().map(o -> o.eGet(M.name)).toList());

        // Appended after the commit, then rolled back; appended and taken back: nothing pending.
        children.add(M.newItem("c14"));
        s.rollback();
        assertEquals(12, children.size());
        assertSame(c10, children.get(10));
        EObject c15 = M.newItem("c15");
        children.add(c15);
        children.remove(c15);
        assertEquals(ObjectState.CLEAN, s.state(root), "set back to what is stored");
        assertEquals(12, s.unchangedPrefix(root, M.children));
    }

    /**
     * A child taken out of a long list (removed, moved to its end) leaves the list paged: no other
     * child is read to remove it, roll the removal back or commit it. A deletion and two children
     * moved out at once are stored and rolled back as in any list.
     */
    @Test
    public final void removingFromAPagedListReadsNoOtherChild() {
        LazyTree t = lazyTree();
        CountingStore counted = new CountingStore(store);
        Session s = pagedSession(counted, 3);
        EObject root = s.get(t.root());
        EList<EObject> children = list(root, M.children);
        EObject c4 = children.get(4);
        EObject c0 = children.get(0);
        int before = counted.records.get();
        assertTrue(children.remove(c4));
        assertEquals(before, counted.records.get(), "no other child read to remove one");
        assertNull(c4.eContainer());
        assertEquals(9, children.size());
        assertEquals(-1, children.indexOf(c4));
        assertSame(c0, children.get(0));
        assertEquals(ObjectState.DIRTY, s.state(root));
        assertEquals(10, ((List<?>) s.persistentValue(root, M.children)).size());
        assertEquals(4, s.unchangedPrefix(root, M.children));

        var sp = s.savepoint();
        children.remove(0);
        children.add(c4); // taken out, then appended: moved to the end
        assertEquals(8, children.indexOf(c4));
        s.rollbackTo(sp);
        assertSame(c0, children.get(0));
        assertNull(c4.eContainer());
        assertEquals(9, children.size());
        s.rollback();
        assertEquals(before, counted.records.get(), "rolled back from the ids, no child read");
        assertSame(root, c4.eContainer());
        assertSame(c4, children.get(4));
        assertEquals(10, children.size());
        assertEquals(ObjectState.CLEAN, s.state(root));
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"),
                children.stream().map(o -> o.eGet(M.name)).toList());

        children.remove(c4);
        children.add(c4);
        children.remove(children.get(1));
        s.commit();
        assertEquals(ObjectState.CLEAN, s.state(root));
        Session other = session();
        assertEquals(List.of("c0", "c2", "c3", "c5", "c6", "c7", "c8", "c9", "c4"),
                list(other.get(t.root()), M.children).stream().map(o -> o.eGet(M.name)).toList());
        assertTrue(other.find(t.children().get(1)).isEmpty(), "removed from its container: deleted");
        assertTrue(other.find(t.grandchildren().get(1).get(0)).isEmpty(), "with what it held");

        // Two children moved out at once (EMF tells their removals as one), a deletion: rolled back.
        EObject c2 = children.get(1);
        EObject c3 = children.get(2);
        EObject c0again = children.get(0);
        list(c0again, M.children).addAll(List.of(c2, c3));
        assertEquals(List.of("c0", "c5", "c6", "c7", "c8", "c9", "c4"), children.stream().map(o -> o.eGet(M.name)).toList());
        assertEquals(6, list(c0again, M.children).size());
        EObject c6 = children.get(2);
        s.delete(c6);
        assertEquals(6, children.size());
        s.rollback();
        assertEquals(List.of("c0", "c2", "c3", "c5", "c6", "c7", "c8", "c9", "c4"),
                children.stream().map(o -> o.eGet(M.name)).toList());
        assertSame(c6, children.get(4));
        assertEquals(List.of("g60", "g61", "g62", "g63"), list(c6, M.children).stream().map(o -> o.eGet(M.name)).toList());
        assertEquals(4, list(c0again, M.children).size());
        assertFalse(s.isDirty());

        s.delete(children.get(0));
        s.commit();
        assertEquals(List.of("c2", "c3", "c5", "c6", "c7", "c8", "c9", "c4"),
                list(session().get(t.root()), M.children).stream().map(o -> o.eGet(M.name)).toList());
    }

    /** A child moved to the end of a long list from another: both lists are stored, in order. */
    @Test
    public final void aChildMovedToTheEndOfAPagedListIsStoredThere() {
        LazyTree t = lazyTree();
        CountingStore counted = new CountingStore(store);
        Session s = pagedSession(counted, 3);
        EObject root = s.get(t.root());
        EList<EObject> children = list(root, M.children);
        EObject c4 = children.get(4);
        EObject g40 = list(c4, M.children).get(0);
        int before = counted.records.get();
        children.add(g40);
        assertEquals(before, counted.records.get(), "neither the list it left nor this one is read whole");
        assertSame(root, g40.eContainer());
        assertEquals(11, children.size());
        assertEquals(3, list(c4, M.children).size());
        s.commit();
        Session other = session();
        EObject otherRoot = other.get(t.root());
        assertEquals("g40", list(otherRoot, M.children).get(10).eGet(M.name));
        assertEquals(t.grandchildren().get(4).get(0), other.idOf(list(otherRoot, M.children).get(10)));
        assertEquals(List.of("g41", "g42", "g43"),
                list(list(otherRoot, M.children).get(4), M.children).stream().map(o -> o.eGet(M.name)).toList());
    }

    /** An appended list moved within is read whole; rollbacks give back what was there. */
    @Test
    public final void anAppendedListChangedFurtherRollsBackWhole() {
        LazyTree t = lazyTree();
        Session s = pagedSession(store, 3);
        EObject root = s.get(t.root());
        EList<EObject> children = list(root, M.children);
        List<String> stored = children.stream().map(o -> (String) o.eGet(M.name)).toList();
        children.add(M.newItem("new"));
        var sp = s.savepoint();
        EObject c3 = children.get(3);
        children.remove(c3);
        children.move(0, 9); // a move: the list is made whole
        assertEquals(10, children.size());
        assertEquals(10, ((List<?>) s.persistentValue(root, M.children)).size());
        assertEquals(0, s.unchangedPrefix(root, M.children));
        s.rollbackTo(sp);
        List<String> withNew = new ArrayList<>(stored);
        withNew.add("new");
        assertEquals(withNew, children.stream().map(o -> o.eGet(M.name)).toList());
        assertSame(root, c3.eContainer());
        assertEquals(10, s.unchangedPrefix(root, M.children));
        s.rollback();
        assertEquals(stored, children.stream().map(o -> o.eGet(M.name)).toList());
        assertFalse(s.isDirty());

        children.add(M.newItem("kept"));
        children.remove(children.get(0));
        s.commit();
        List<String> expected = new ArrayList<>(stored.subList(1, 10));
        expected.add("kept");
        assertEquals(expected, list(session().get(t.root()), M.children).stream().map(o -> o.eGet(M.name)).toList());
    }

    /** Children one session appended and committed, and a refresh bringing another's: one list, in order. */
    @Test
    public final void aPagedListAppendedToIsRefreshedWithWhatOthersAppended() {
        LazyTree t = lazyTree();
        Session a = pagedSession(store, 3);
        EObject root = a.get(t.root());
        EList<EObject> children = list(root, M.children);
        EObject mine = M.newItem("mine");
        children.add(mine);
        a.commit();
        Session b = session();
        list(b.get(t.root()), M.children).add(M.newItem("theirs"));
        b.commit();
        a.refresh(List.of(t.root()));
        assertEquals(12, children.size());
        assertSame(mine, children.get(10));
        assertEquals("theirs", children.get(11).eGet(M.name));
        assertEquals("c9", children.get(9).eGet(M.name));
        assertFalse(a.isDirty());
    }

    @Test
    public final void theUnchangedPrefixOfAListIsWhereItsChangeStarts() {
        Session s = session();
        EObject root = M.newItem("root");
        for (int i = 0; i < 5; i++) {
            list(root, M.children).add(M.newItem("c" + i));
        }
        s.add(root);
        s.commit();
        EList<EObject> children = list(root, M.children);
        assertEquals(5, s.unchangedPrefix(root, M.children), "nothing changed: every value");
        children.move(4, 2);
        assertEquals(2, s.unchangedPrefix(root, M.children));
        children.add(0, M.newItem("first"));
        assertEquals(0, s.unchangedPrefix(root, M.children));
        assertThrows(IllegalArgumentException.class, () -> s.unchangedPrefix(root, M.name));
    }

    @Test
    public final void aPagedListIsRefreshedWithoutReadingIt() {
        LazyTree t = lazyTree();
        CountingStore counted = new CountingStore(store);
        Session a = pagedSession(counted, 3);
        EObject root = a.get(t.root());
        EList<EObject> children = list(root, M.children);
        EObject c9 = children.get(9);
        EObject c0 = children.get(0);

        Session b = session();
        EList<EObject> theirs = list(b.get(t.root()), M.children);
        theirs.add(M.newItem("c10"));
        b.delete(b.get(t.children().get(9)));
        b.commit();

        Session stale = pagedSession(store, 3);
        EList<EObject> staleList = list(stale.get(t.root()), M.children);
        Session c = session();
        c.delete(c.get(t.children().get(5)));
        c.commit();
        StrataException e = assertThrows(StrataException.class, () -> staleList.get(5));
        assertTrue(e.getMessage().contains("refresh"), e.getMessage());

        int before = counted.records.get();
        a.refresh(List.of(t.root()));
        assertTrue(counted.records.get() - before <= 2, "the newer record, not the children: "
                + (counted.records.get() - before));
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c6", "c7", "c8", "c10"),
                children.stream().map(o -> o.eGet(M.name)).toList(), "c9 deleted by one commit, c5 by another");
        assertSame(c0, children.get(0));
        assertEquals(ObjectState.DISCARDED, a.state(c9), "deleted elsewhere: out of the session");
        assertFalse(a.isDirty());
    }

    // ------------------------------------------------------------------ fidelity: models nobody here wrote

    @Test
    public final void ecoreMetamodelRoundTripsExactly() throws Exception {
        List<EObject> ecore = Corpus.ecoreMetamodel();
        assertTrue(ModelDiff.size(ecore) > 400, "Ecore.ecore has its 476 objects");
        assertRoundTrip("ecore", List.of(EcorePackage.eINSTANCE), ecore, roots -> {
            EPackage p = (EPackage) roots.get(0);
            EClass attribute = (EClass) p.getEClassifier("EAttribute");
            attribute.setName("EAttributeRenamed");
            ((EClass) p.getEClassifier("EReference")).getEStructuralFeatures().remove(0);
            // Stored objects whose in-step pairs change: a super type added, an eType replaced.
            ((EClass) p.getEClassifier("EAnnotation")).getESuperTypes().add((EClass) p.getEClassifier("ENamedElement"));
            ((EAttribute) ((EClass) p.getEClassifier("ENamedElement")).getEStructuralFeatures().get(0))
                    .setEType(p.getEClassifier("EJavaObject"));
            EClass extra = EcoreFactory.eINSTANCE.createEClass();
            extra.setName("Extra");
            extra.getESuperTypes().add((EClass) p.getEClassifier("ENamedElement"));
            // A type parameter with a bound and a reference typed by it: eGenericType set, eType not.
            ETypeParameter t = EcoreFactory.eINSTANCE.createETypeParameter();
            t.setName("T");
            EGenericType bound = EcoreFactory.eINSTANCE.createEGenericType();
            bound.setEClassifier(p.getEClassifier("ENamedElement"));
            t.getEBounds().add(bound);
            extra.getETypeParameters().add(t);
            EGenericType generic = EcoreFactory.eINSTANCE.createEGenericType();
            generic.setETypeParameter(t);
            EReference items = EcoreFactory.eINSTANCE.createEReference();
            items.setName("items");
            items.setUpperBound(-1);
            items.setEGenericType(generic);
            extra.getEStructuralFeatures().add(items);
            EAttribute note = EcoreFactory.eINSTANCE.createEAttribute();
            note.setName("note");
            note.setEType(EcorePackage.Literals.ESTRING); // outside the model: Ecore's registered package
            note.setUnsettable(true);
            extra.getEStructuralFeatures().add(note);
            p.getEClassifiers().add(extra);
        });
    }

    @Test
    public final void umlMetamodelAsEcoreRoundTripsExactly() throws Exception {
        List<EObject> uml = Corpus.umlMetamodelAsEcore();
        assertTrue(ModelDiff.size(uml) > 5_000, "UML.ecore holds " + ModelDiff.size(uml) + " objects");
        assertRoundTrip("umlecore", List.of(EcorePackage.eINSTANCE), uml, roots -> {
            EPackage p = (EPackage) roots.get(0);
            ((EClass) p.getEClassifier("Comment")).setName("Remark");
            ((EClass) p.getEClassifier("Association")).getEStructuralFeatures().remove(0);
        });
    }

    @Test
    public final void shippedUmlModelsRoundTripExactly() throws Exception {
        for (String model : Corpus.UML_MODELS) {
            List<EObject> roots = Corpus.uml(model);
            assertRoundTrip("uml", Corpus.packagesOf(roots), roots, r -> {
                org.eclipse.uml2.uml.NamedElement first = (org.eclipse.uml2.uml.NamedElement) r.get(0);
                first.setName(first.getName() + " edited");
                first.setVisibility(org.eclipse.uml2.uml.VisibilityKind.PUBLIC_LITERAL); // set to the default
                first.createOwnedComment().setBody("a comment\nover two lines");
            });
        }
    }

    @Test
    public final void generatedModelsOfAnyMetamodelRoundTripExactly() throws Exception {
        EPackage.Registry.INSTANCE.put(FidelityModel.NS_URI, FidelityModel.INSTANCE.ePackage);
        List<EPackage> packages = List.of(FidelityModel.INSTANCE.ePackage, M.ePackage);
        for (long seed = 1; seed <= 3; seed++) {
            List<EObject> model = new InstanceGenerator(seed).generate(packages, 6);
            long s = seed;
            assertRoundTrip("generated" + seed, packages, model, roots -> {
                // A second generation of values over the same objects.
                InstanceGenerator again = new InstanceGenerator(s + 100);
                List<EObject> more = again.generate(packages, 1);
                EObject first = roots.get(0);
                for (EStructuralFeature f : first.eClass().getEAllStructuralFeatures()) {
                    if (f instanceof EAttribute && f.isUnsettable() && first.eIsSet(f)) {
                        first.eUnset(f);
                    }
                }
                roots.addAll(more);
            });
        }
    }

    @Test
    public final void unsettableFeaturesKeepUnsetSetToTheDefaultAndSetToNullApart() throws Exception {
        EPackage.Registry.INSTANCE.put(FidelityModel.NS_URI, FidelityModel.INSTANCE.ePackage);
        EPackage p = FidelityModel.INSTANCE.ePackage;
        EClass boxClass = (EClass) p.getEClassifier("Box");
        EStructuralFeature label = boxClass.getEStructuralFeature("label");
        EStructuralFeature level = boxClass.getEStructuralFeature("level");
        EStructuralFeature single = boxClass.getEStructuralFeature("single");
        EStructuralFeature best = boxClass.getEStructuralFeature("best");
        EObject unset = EcoreUtil.create(boxClass);
        EObject toDefault = EcoreUtil.create(boxClass);
        toDefault.eSet(level, 5);
        toDefault.eSet(label, null); // null is the default of a string
        EObject toNull = EcoreUtil.create(boxClass);
        toNull.eSet(single, null);
        toNull.eSet(best, null);
        toNull.eSet(label, null);
        assertTrue(toNull.eIsSet(single) && toNull.eIsSet(best) && toNull.eIsSet(label));
        assertRoundTrip("unsettable", List.of(p), List.of(unset, toDefault, toNull), roots -> {
            roots.get(0).eSet(best, null); // unset to set-to-null
            roots.get(2).eUnset(single); // set-to-null to unset
            roots.get(2).eSet(label, "now a value");
        });
    }

    /**
     * A plain string attribute whose default is "none": EMF holds null there as set, apart from
     * the default (its XMI drops it; its binary resource keeps it). Null, the default and a value
     * each come back as they were, and change into one another.
     */
    @Test
    public final void aPlainAttributeWithADefaultSetToNullComesBackNullNotTheDefault() throws Exception {
        EPackage.Registry.INSTANCE.put(FidelityModel.NS_URI, FidelityModel.INSTANCE.ePackage);
        EPackage p = FidelityModel.INSTANCE.ePackage;
        EClass boxClass = (EClass) p.getEClassifier("Box");
        EStructuralFeature tag = boxClass.getEStructuralFeature("tag");
        EObject toNull = EcoreUtil.create(boxClass);
        toNull.eSet(tag, null);
        assertTrue(toNull.eIsSet(tag) && toNull.eGet(tag) == null, "EMF keeps null beside the default as set");
        EObject atDefault = EcoreUtil.create(boxClass);
        assertEquals("none", atDefault.eGet(tag));
        EObject valued = EcoreUtil.create(boxClass);
        valued.eSet(tag, "red");
        assertRoundTrip("nulltag", List.of(p), List.of(toNull, atDefault, valued), roots -> {
            roots.get(0).eSet(tag, "now red"); // null to a value
            roots.get(1).eSet(tag, null); // the default to null
            roots.get(2).eSet(tag, null); // a value to null
        });
    }

    @Test
    public final void featureMapsKeepEveryEntryInOrder() throws Exception {
        EPackage.Registry.INSTANCE.put(FidelityModel.NS_URI, FidelityModel.INSTANCE.ePackage);
        EPackage p = FidelityModel.INSTANCE.ePackage;
        EClass docClass = (EClass) p.getEClassifier("Doc");
        EClass leafClass = (EClass) p.getEClassifier("Leaf");
        EClass boxClass = (EClass) p.getEClassifier("Box");
        EObject doc = EcoreUtil.create(docClass);
        EObject target = EcoreUtil.create(boxClass);
        target.eSet(boxClass.getEStructuralFeature("name"), "target");
        EObject note = EcoreUtil.create(leafClass);
        note.eSet(leafClass.getEStructuralFeature("name"), "inside");
        FeatureMap mixed = (FeatureMap) doc.eGet(docClass.getEStructuralFeature("mixed"));
        FeatureMapUtil.addText(mixed, "Hello ");
        mixed.add(docClass.getEStructuralFeature("para"), "first");
        mixed.add(docClass.getEStructuralFeature("note"), note);
        FeatureMapUtil.addText(mixed, " and\n");
        mixed.add(docClass.getEStructuralFeature("link"), target);
        FeatureMapUtil.addComment(mixed, " a comment ");
        mixed.add(docClass.getEStructuralFeature("size"), 7);
        FeatureMapUtil.addCDATA(mixed, "<raw> & text");
        mixed.add(docClass.getEStructuralFeature("para"), "second");
        assertEquals(List.of("first", "second"), doc.eGet(docClass.getEStructuralFeature("para")));

        assertRoundTrip("featuremaps", List.of(p), List.of(doc, target), roots -> {
            EObject d = roots.get(0);
            FeatureMap m = (FeatureMap) d.eGet(docClass.getEStructuralFeature("mixed"));
            m.remove(0); // the first text
            m.move(m.size() - 1, 0); // "first" to the end
            @SuppressWarnings("unchecked")
            EList<EObject> notes = (EList<EObject>) d.eGet(docClass.getEStructuralFeature("note"));
            EObject another = EcoreUtil.create(leafClass);
            another.eSet(leafClass.getEStructuralFeature("name"), "added");
            notes.add(another); // through the feature that delegates to the map: a new child
            FeatureMapUtil.addText(m, 1, "inserted ");
        });
    }

    /**
     * Two sessions edit UML2's shipped standard profile at once (not our model: UML2 keeps derived
     * unions such as ownedElement in step with the lists a change touches): different features of one
     * stereotype, comments on two, a stereotype added at each end of the profile. The second commit
     * merges by itself; the stored model equals EMF applying both edits in sequence. Then both rename
     * one stereotype: a conflict with the three names, resolved with a value.
     */
    @Test
    public final void concurrentEditsOfAShippedUmlModelMergeAsIfMadeInSequence() throws Exception {
        String model = "UML_PROFILES/Standard.profile.uml";
        List<EObject> roots = Corpus.uml(model);
        List<EObject> expected = Corpus.uml(model);
        List<EPackage> packages = Corpus.packagesOf(roots);
        Repository repo = Repositories.builder("umlmerge", store).packages(packages.toArray(EPackage[]::new)).build();
        Session a = repo.openSession();
        sessions.add(a);
        a.importRoots(roots);
        a.commit("import " + model);
        List<ObjectId> ids = roots.stream().map(a::idOf).toList();
        Session b = repo.openSession();
        sessions.add(b);
        List<EObject> bRoots = ids.stream().map(b::get).toList();

        java.util.function.Consumer<List<EObject>> editA = r -> {
            org.eclipse.uml2.uml.Profile profile = (org.eclipse.uml2.uml.Profile) r.get(0);
            org.eclipse.uml2.uml.Stereotype first = profile.getOwnedStereotypes().get(0);
            first.setName(first.getName() + " (A)");
            first.createOwnedComment().setBody("from A");
            profile.createOwnedStereotype("AddedByA", false);
        };
        java.util.function.Consumer<List<EObject>> editB = r -> {
            org.eclipse.uml2.uml.Profile profile = (org.eclipse.uml2.uml.Profile) r.get(0);
            org.eclipse.uml2.uml.Stereotype first = profile.getOwnedStereotypes().get(0);
            first.setIsAbstract(!first.isAbstract());
            profile.getOwnedStereotypes().get(1).createOwnedComment().setBody("from B");
            org.eclipse.uml2.uml.Stereotype added = org.eclipse.uml2.uml.UMLFactory.eINSTANCE.createStereotype();
            added.setName("AddedByB");
            profile.getPackagedElements().add(0, added);
        };
        editA.accept(roots);
        editB.accept(bRoots);
        a.commit("A");
        b.commit("B, merged with A");
        editA.accept(expected);
        editB.accept(expected);
        // As EMF saves them (ModelDiff): the sessions resolve UML's metamodel in resource sets of their own.
        assertNoDifference(expected, readBack("umlmerge", packages, ids), model + " after two concurrent sessions");

        repo = Repositories.builder("umlmerge", store).packages(packages.toArray(EPackage[]::new)).build(); // reopened
        Session c = repo.openSession();
        Session d = repo.openSession();
        sessions.add(c);
        sessions.add(d);
        String base = ((org.eclipse.uml2.uml.Profile) c.get(ids.get(0))).getOwnedStereotypes().get(2).getName();
        ((org.eclipse.uml2.uml.Profile) c.get(ids.get(0))).getOwnedStereotypes().get(2).setName("C");
        ((org.eclipse.uml2.uml.Profile) d.get(ids.get(0))).getOwnedStereotypes().get(2).setName("D");
        c.commit("C");
        dev.strata.core.MergeConflictException refused = assertThrows(dev.strata.core.MergeConflictException.class,
                () -> d.commit("D"));
        assertEquals(1, refused.mergeConflicts().size(), refused.getMessage());
        dev.strata.core.MergeConflict name = refused.mergeConflicts().get(0);
        assertEquals(List.of("name", base, "C", "D"), java.util.Arrays.asList(name.feature(), name.base(),
                name.theirs(), name.mine()));
        d.resolve(name, "C and D");
        d.commit("D, resolved");
        ((org.eclipse.uml2.uml.Profile) expected.get(0)).getOwnedStereotypes().get(2).setName("C and D");
        assertNoDifference(expected, readBack("umlmerge", packages, ids), model + " after a resolved conflict");
    }

    @Test
    public final void xmiIdsAreKeptOnImportAndWrittenBackOnExport() throws Exception {
        String model = "UML_PROFILES/Standard.profile.uml";
        List<EObject> original = Corpus.uml(model);
        XMLResource originalResource = (XMLResource) original.get(0).eResource();
        assertNotNull(originalResource.getID(original.get(0)), model + " has xmi:ids");
        List<EObject> imported = Corpus.uml(model); // a second load, which moves into the session
        List<EPackage> packages = Corpus.packagesOf(imported);
        Repository repo = Repositories.builder("xmiids", store).packages(packages.toArray(EPackage[]::new)).build();
        Session s1 = repo.openSession();
        sessions.add(s1);
        s1.importRoots(imported);
        s1.commit("import " + model);
        List<ObjectId> ids = imported.stream().map(s1::idOf).toList();
        s1.close();

        List<EObject> back = readBack("xmiids", packages, ids);
        Session s2 = sessions.get(sessions.size() - 1);
        // Exported as the console exports: a copy in an XMI resource, each object with the session's xmiId.
        EcoreUtil.Copier copier = new EcoreUtil.Copier();
        List<EObject> copies = new ArrayList<>(copier.copyAll(back));
        copier.copyReferences();
        // A .uml resource as UML2 makes it (profile packages are found through its schema locations).
        org.eclipse.emf.common.util.URI uri = org.eclipse.emf.common.util.URI.createURI("memory:/export.uml");
        XMLResource export = (XMLResource) new ResourceSetImpl().createResource(uri);
        export.getContents().addAll(copies);
        copier.forEach((o, copy) -> export.setID(copy, s2.xmiId(o)));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        export.save(bytes, null);

        XMLResource reread = (XMLResource) new ResourceSetImpl().createResource(uri);
        reread.load(new java.io.ByteArrayInputStream(bytes.toByteArray()), null);
        // Feature by feature: EMF's EqualityHelper wants the very same classes, and each resource set
        // defines the profile's stereotype classes anew.
        List<String> diff = ModelDiff.of(original, reread.getContents());
        assertTrue(diff.isEmpty(), model + " exported from the store, " + diff.size() + " differences:\n  "
                + String.join("\n  ", diff));
        List<EObject> expected = new ArrayList<>();
        List<EObject> actual = new ArrayList<>();
        original.forEach(r -> {
            expected.add(r);
            r.eAllContents().forEachRemaining(expected::add);
        });
        reread.getContents().forEach(r -> {
            actual.add(r);
            r.eAllContents().forEachRemaining(actual::add);
        });
        assertEquals(expected.size(), actual.size());
        int kept = 0;
        for (int i = 0; i < expected.size(); i++) {
            String id = originalResource.getID(expected.get(i));
            assertEquals(id, reread.getID(actual.get(i)), "xmi:id of " + EcoreUtil.getURI(expected.get(i)));
            kept += id == null ? 0 : 1;
        }
        assertTrue(kept > 100, "only " + kept + " xmi:ids compared");
    }

    /**
     * Ecore's metamodel file names its objects by path, with no xmi:id: imported, stored, read back
     * and exported as the console exports, it is the file it was, character for character (before,
     * every object got its Strata id as an xmi:id and every reference became one).
     */
    @Test
    public final void objectsImportedWithoutXmiIdsAreExportedWithoutThem() throws Exception {
        java.net.URL file = EcorePackage.class.getResource("/model/Ecore.ecore");
        List<EObject> original = Corpus.ecoreMetamodel();
        assertNull(((XMLResource) original.get(0).eResource()).getID(original.get(0)), "Ecore.ecore names objects by path");
        List<EObject> imported = Corpus.ecoreMetamodel();
        List<EPackage> packages = Corpus.packagesOf(imported);
        Repository repo = Repositories.builder("noxmiids", store).packages(packages.toArray(EPackage[]::new)).build();
        Session s1 = repo.openSession();
        sessions.add(s1);
        s1.importRoots(imported);
        s1.commit("import Ecore.ecore");
        List<ObjectId> ids = imported.stream().map(s1::idOf).toList();
        s1.close();

        List<EObject> back = readBack("noxmiids", packages, ids);
        Session s2 = sessions.get(sessions.size() - 1);
        assertNull(s2.xmiId(back.get(0)), "no xmi:id to write for the package");
        EcoreUtil.Copier copier = new EcoreUtil.Copier();
        List<EObject> copies = new ArrayList<>(copier.copyAll(back));
        copier.copyReferences();
        org.eclipse.emf.common.util.URI uri = org.eclipse.emf.common.util.URI.createURI(file.toString());
        XMLResource export = (XMLResource) new org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl().createResource(uri);
        new ResourceSetImpl().getResources().add(export);
        export.getContents().addAll(copies);
        copier.forEach((o, copy) -> export.setID(copy, s2.xmiId(o)));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        export.save(bytes, Map.of(XMLResource.OPTION_ENCODING, "UTF-8"));
        String exported = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        String expected;
        try (var in = file.openStream()) {
            expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertFalse(exported.contains("xmi:id"), "xmi:ids written:\n" + exported.lines().limit(8).toList());
        assertEquals(expected.replace("\r\n", "\n"), exported.replace("\r\n", "\n"), "Ecore.ecore exported from the store");
    }

    /**
     * Commits copies of the roots through a session, reopens the store and checks that a fresh
     * session gives back objects equal to the roots, feature by feature and with EMF's
     * EqualityHelper; then applies the same edit to both, commits, reopens and checks again.
     *
     * @param edit changes a list of roots in place (it may add roots)
     */
    protected final void assertRoundTrip(String name, List<EPackage> packages, List<EObject> original,
            java.util.function.Consumer<List<EObject>> edit) throws Exception {
        List<EObject> expected = new ArrayList<>(EcoreUtil.copyAll(original));
        List<EObject> copies = new ArrayList<>(EcoreUtil.copyAll(original));
        Repository repo = Repositories.builder(name, store).packages(packages.toArray(EPackage[]::new)).build();
        Session s1 = repo.openSession();
        sessions.add(s1);
        s1.importRoots(copies); // a model EMF loads and saves: validation reports, never refuses
        s1.commit("import " + name);
        List<ObjectId> ids = new ArrayList<>(copies.stream().map(s1::idOf).toList());
        s1.close();

        List<EObject> back = readBack(name, packages, ids);
        assertSameModel(expected, back, name + ": after the first commit");

        // The same edit on both sides, then a second round trip.
        Session s2 = sessions.get(sessions.size() - 1);
        edit.accept(expected);
        List<EObject> edited = new ArrayList<>(back);
        edit.accept(edited);
        for (EObject o : edited.subList(back.size(), edited.size())) {
            s2.add(o);
        }
        s2.commit("edit " + name);
        for (EObject o : edited.subList(back.size(), edited.size())) {
            ids.add(s2.idOf(o));
        }
        s2.close();
        assertSameModel(expected, readBack(name, packages, ids), name + ": after an edit");
    }

    private List<EObject> readBack(String name, List<EPackage> packages, List<ObjectId> ids) throws Exception {
        store = reopened(store);
        Repository repo = Repositories.builder(name, store).packages(packages.toArray(EPackage[]::new)).build();
        Session s = repo.openSession();
        sessions.add(s);
        List<EObject> back = new ArrayList<>();
        for (ObjectId id : ids) {
            back.add(s.get(id));
        }
        return back;
    }

    private static void assertNoDifference(List<EObject> expected, List<EObject> actual, String what) {
        List<String> diff = ModelDiff.of(expected, actual);
        assertTrue(diff.isEmpty(), what + ", " + diff.size() + " differences:\n  " + String.join("\n  ", diff));
    }

    private static void assertSameModel(List<EObject> expected, List<EObject> actual, String what) {
        assertNoDifference(expected, actual, what);
        // EMF compares attribute values with equals(); byte arrays are compared by content here.
        EcoreUtil.EqualityHelper equality = new EcoreUtil.EqualityHelper() {
            @Override
            protected boolean haveEqualAttribute(EObject a, EObject b, EAttribute attribute) {
                if (a.eGet(attribute) instanceof byte[] x && b.eGet(attribute) instanceof byte[] y) {
                    return a.eIsSet(attribute) == b.eIsSet(attribute) && java.util.Arrays.equals(x, y);
                }
                return super.haveEqualAttribute(a, b, attribute);
            }
        };
        assertTrue(equality.equals(expected, actual), () -> what + ": EMF's EqualityHelper finds a difference: "
                + firstDifference(expected, actual));
    }

    /** Where EMF's equality first fails: the pair of objects (in content order) and the feature. */
    private static String firstDifference(List<EObject> expected, List<EObject> actual) {
        class Features extends EcoreUtil.EqualityHelper {
            private static final long serialVersionUID = 1L;

            boolean same(EObject a, EObject b, EStructuralFeature f) {
                return haveEqualFeature(a, b, f);
            }
        }
        List<EObject> x = new ArrayList<>();
        List<EObject> y = new ArrayList<>();
        expected.forEach(r -> {
            x.add(r);
            r.eAllContents().forEachRemaining(x::add);
        });
        actual.forEach(r -> {
            y.add(r);
            r.eAllContents().forEachRemaining(y::add);
        });
        if (x.size() != y.size()) {
            return x.size() + " objects expected, " + y.size() + " found";
        }
        // Objects matched by their place in content order, so that references between them compare.
        Features features = new Features();
        for (int i = 0; i < x.size(); i++) {
            features.put(x.get(i), y.get(i));
        }
        for (int i = 0; i < x.size(); i++) {
            EObject a = x.get(i);
            EObject b = y.get(i);
            if (a.eClass() != b.eClass()) {
                return "object " + i + " is a " + a.eClass().getName() + ", found a " + b.eClass().getName();
            }
            for (EStructuralFeature f : a.eClass().getEAllStructuralFeatures()) {
                if (!f.isDerived() && !features.same(a, b, f)) {
                    return a.eClass().getName() + " " + EcoreUtil.getURI(a).fragment() + " ." + f.getName()
                            + (f.isTransient() ? " (transient)" : "") + ": expected " + a.eGet(f) + ", found "
                            + b.eGet(f);
                }
            }
        }
        return "not found object by object";
    }
}
