package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Savepoint;
import dev.strata.core.Session;
import dev.strata.core.StrataObject;
import dev.strata.core.contract.ContractModel;

/**
 * Change tracking in steady state: an object changed again and again, set back to what the store
 * has, changed in lists, and the order in which pending objects are kept.
 */
class TrackingTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private ModelStore store;
    private Repository repo;
    private Session s;

    @BeforeEach
    void setUp() {
        store = Repositories.memoryStore("tracking-test");
        repo = Repositories.builder("tracking", store).packages(M.ePackage).build();
        s = repo.openSession();
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    @SuppressWarnings("unchecked")
    private static EList<EObject> refs(EObject o, EReference r) {
        return (EList<EObject>) o.eGet(r);
    }

    @SuppressWarnings("unchecked")
    private static EList<String> tags(EObject o) {
        return (EList<String>) o.eGet(M.tags);
    }

    /** A stored root with n children (count 0, tags [x, y] on the root), loaded in the test's session. */
    private EObject stored(int n) {
        try (Session setup = repo.openSession()) {
            EObject root = M.newItem("root");
            for (int i = 0; i < n; i++) {
                refs(root, M.children).add(M.newItem("child " + i));
            }
            tags(root).addAll(List.of("x", "y"));
            setup.add(root);
            setup.commit();
            return s.get(setup.idOf(root));
        }
    }

    @Test
    void aValueChangedManyTimesAndSetBackIsClean() {
        EObject root = stored(0);
        for (int i = 1; i <= 50; i++) {
            root.eSet(M.count, i);
            assertEquals(ObjectState.DIRTY, s.state(root), "count " + i + " differs from the stored 0");
        }
        root.eSet(M.count, 0);
        assertEquals(ObjectState.CLEAN, s.state(root));
        assertFalse(s.isDirty());
        assertTrue(s.pendingChanges().changed().isEmpty(), "nothing differs from the store");
        assertEquals(-1, s.commit().sequence(), "nothing to commit");
        root.eSet(M.count, 7);
        assertEquals(ObjectState.DIRTY, s.state(root), "changed again after going clean");
        assertEquals(7, s.pendingChanges().changed().get(0).newValues().get("count"));
    }

    @Test
    void aLoadedDynamicObjectIsTrackedWithoutAnAdapter() {
        EObject root = stored(2);
        EObject child = refs(root, M.children).get(1);
        assertTrue(root.eAdapters().isEmpty() && child.eAdapters().isEmpty(),
                "objects of a dynamic class a session makes keep its tracker in a field: " + root.eAdapters());
        EObject first = refs(root, M.children).get(0);
        child.eSet(M.count, 5);
        assertEquals(ObjectState.DIRTY, s.state(child));
        child.eSet(M.count, null);
        assertEquals(0, child.eGet(M.count), "null sets a primitive to its default");
        assertEquals(ObjectState.CLEAN, s.state(child), "set back to the stored value");
        assertThrows(ClassCastException.class, () -> child.eSet(M.count, "five"));
        assertTrue(child.eDeliver(), "delivers again after a refused set");
        child.eSet(M.count, 5);
        refs(root, M.children).remove(0);
        assertEquals(ObjectState.DIRTY, s.state(child));
        assertEquals(ObjectState.DIRTY, s.state(root));
        assertEquals(ObjectState.DELETED, s.state(first), "taken out of its container");
        s.rollback();
        assertEquals(List.of(first, child), refs(root, M.children));
        assertEquals(ObjectState.CLEAN, s.state(child));
        assertEquals(ObjectState.CLEAN, s.state(first));
        assertEquals(0, child.eGet(M.count));
    }

    @Test
    void anUnsettableNumberSetToNullIsUnsetAndNotAChange() {
        EAttribute level = attribute("level", EcorePackage.Literals.EINT);
        level.setUnsettable(true);
        EClass gauge = oneClass("gauges", "Gauge", level);
        Repository gauges = repository(gauge);
        ObjectId id;
        try (Session setup = gauges.openSession()) {
            EObject g = EcoreUtil.create(gauge);
            setup.add(g);
            setup.commit();
            id = setup.idOf(g);
        }
        try (Session s2 = gauges.openSession()) {
            EObject g = s2.get(id);
            // EMF stores null (unset) but notifies a SET with the default value 0.
            g.eSet(level, null);
            assertFalse(g.eIsSet(level));
            assertEquals(ObjectState.CLEAN, s2.state(g), "an unset attribute set to null stays unset");
            g.eSet(level, 7);
            assertEquals(ObjectState.DIRTY, s2.state(g));
            g.eSet(level, null);
            assertEquals(ObjectState.CLEAN, s2.state(g), "unset again, as stored");
        }
    }

    @Test
    void aSignedZeroAndANullBesideADefaultAreChangesWithOrWithoutANotification() {
        EAttribute value = attribute("value", EcorePackage.Literals.EDOUBLE);
        EAttribute label = attribute("label", EcorePackage.Literals.ESTRING);
        label.setDefaultValueLiteral("none");
        EClass reading = oneClass("readings", "Reading", value, label);
        Repository readings = repository(reading);
        ObjectId quiet;
        ObjectId heard;
        try (Session setup = readings.openSession()) {
            EObject a = EcoreUtil.create(reading);
            EObject b = EcoreUtil.create(reading);
            a.eSet(label, "a");
            b.eSet(label, "b");
            setup.add(a);
            setup.add(b);
            setup.commit();
            quiet = setup.idOf(a);
            heard = setup.idOf(b);
        }
        try (Session s2 = readings.openSession()) {
            EObject a = s2.get(quiet);
            EObject b = s2.get(heard);
            b.eAdapters().add(new AdapterImpl()); // b notifies; a tells the session directly
            for (EObject r : List.of(a, b)) {
                r.eSet(value, -0.0);
                assertEquals(ObjectState.DIRTY, s2.state(r), "-0.0 is not the stored 0.0");
                r.eSet(value, 0.0);
                assertEquals(ObjectState.CLEAN, s2.state(r), "set back");
                r.eSet(value, -0.0);
                // null beside a default: EMF keeps an explicit null, not the default
                Object stored = r.eGet(label);
                r.eSet(label, null);
                assertEquals(null, r.eGet(label));
                assertEquals(ObjectState.DIRTY, s2.state(r));
                r.eSet(label, stored);
                assertEquals(stored, r.eGet(label));
                r.eSet(label, null); // committed so
            }
            s2.commit();
        }
        try (Session s3 = readings.openSession()) {
            for (ObjectId id : List.of(quiet, heard)) {
                EObject r = s3.get(id);
                assertEquals(Double.NEGATIVE_INFINITY, 1 / (Double) r.eGet(value), "-0.0 was committed");
                assertTrue(r.eIsSet(label) && r.eGet(label) == null, "null, not the default, was committed");
                r.eSet(label, "x");
                assertEquals(ObjectState.DIRTY, s3.state(r));
                r.eSet(label, null);
                assertEquals(ObjectState.CLEAN, s3.state(r), "null is what the store has");
                r.eSet(label, "x"); // from null: the store's null is what this change started from
            }
            long fromNull = s3.commit().sequence();
            // Reverting that commit puts back what it started from: null, not the default.
            assertTrue(s3.revert(fromNull).isEmpty());
            s3.commit();
        }
        try (Session s4 = readings.openSession()) {
            for (ObjectId id : List.of(quiet, heard)) {
                EObject r = s4.get(id);
                assertTrue(r.eIsSet(label) && r.eGet(label) == null, "reverted to null, not to the default");
            }
        }
    }

    private static EAttribute attribute(String name, EClassifier type) {
        EAttribute a = EcoreFactory.eINSTANCE.createEAttribute();
        a.setName(name);
        a.setEType(type);
        return a;
    }

    /** A dynamic package of its own (name, prefix and namespace from {@code name}) with one class. */
    private static EClass oneClass(String name, String className, EAttribute... attributes) {
        EPackage p = EcoreFactory.eINSTANCE.createEPackage();
        p.setName(name);
        p.setNsURI("http://strata.dev/test/tracking/" + name);
        p.setNsPrefix(name);
        EClass c = EcoreFactory.eINSTANCE.createEClass();
        c.setName(className);
        c.getEStructuralFeatures().addAll(List.of(attributes));
        p.getEClassifiers().add(c);
        return c;
    }

    /** A repository on a memory store of the class's package, both named after the package. */
    private static Repository repository(EClass c) {
        String name = c.getEPackage().getName();
        return Repositories.builder(name, Repositories.memoryStore(name)).packages(c.getEPackage()).build();
    }

    /** An object of a Strata base class that counts the notifications it makes. */
    private static final class Counting extends StrataObject {
        int notifications;

        Counting(EClass eClass) {
            eSetClass(eClass);
        }

        @Override
        public void eNotify(Notification notification) {
            notifications++;
            super.eNotify(notification);
        }
    }

    @Test
    void aTrackedSetMakesNoNotificationUntilAnAdapterListens() {
        EAttribute n = attribute("n", EcorePackage.Literals.EINT);
        EClass counter = oneClass("counters", "Counter", n);
        Repository counters = repository(counter);
        ObjectId id;
        try (Session s1 = counters.openSession()) {
            Counting c = new Counting(counter);
            s1.add(c);
            c.notifications = 0;
            c.eSet(n, 4);
            assertEquals(0, c.notifications, "the session was told without a notification");
            assertEquals(4, c.eGet(n));
            assertEquals(ObjectState.NEW, s1.state(c));
            s1.commit();
            c.eSet(n, 5);
            assertEquals(0, c.notifications);
            assertEquals(ObjectState.DIRTY, s1.state(c));
            c.eAdapters().add(new AdapterImpl());
            c.eSet(n, 4);
            assertEquals(1, c.notifications, "with an adapter the object notifies");
            assertEquals(ObjectState.CLEAN, s1.state(c), "set back to the stored value, heard through the notification");
            c.eSet(n, 6);
            s1.commit();
            id = s1.idOf(c);
        }
        try (Session s2 = counters.openSession()) {
            assertEquals(6, s2.get(id).eGet(n));
        }
    }

    @Test
    void aValueAnAdapterChangesAgainIsCommittedAsTheAdapterLeftIt() {
        // The adapter comes before the session's (a dynamic object made by EMF carries it as an
        // adapter): the session hears the adapter's change before the one that caused it.
        EObject item = M.newItem("normalised");
        item.eSet(M.text, "A");
        item.eAdapters().add(new AdapterImpl() {
            @Override
            public void notifyChanged(Notification n) {
                if (n.getFeature() == M.text && n.getNewValue() instanceof String v && !v.equals(v.toUpperCase())) {
                    item.eSet(M.text, v.toUpperCase());
                }
            }
        });
        s.add(item);
        s.commit();
        item.eSet(M.text, "b");
        assertEquals("B", item.eGet(M.text));
        assertEquals(ObjectState.DIRTY, s.state(item), "the text is B, the store has A");
        s.commit();
        try (Session other = repo.openSession()) {
            assertEquals("B", other.get(s.idOf(item)).eGet(M.text));
        }
    }

    @Test
    void aListChangedAndRevertedIsClean() {
        EObject root = stored(3);
        List<EObject> kids = new ArrayList<>(refs(root, M.children));
        tags(root).add("z");
        tags(root).move(0, 2);
        assertEquals(ObjectState.DIRTY, s.state(root));
        tags(root).move(2, 0);
        tags(root).remove("z");
        assertEquals(List.of("x", "y"), tags(root));
        assertEquals(ObjectState.CLEAN, s.state(root), "the tags are the stored ones again");

        refs(kids.get(0), M.related).addAll(List.of(kids.get(1), kids.get(2)));
        refs(kids.get(0), M.related).move(0, 1);
        assertEquals(ObjectState.DIRTY, s.state(kids.get(0)));
        refs(kids.get(0), M.related).clear();
        assertEquals(ObjectState.CLEAN, s.state(kids.get(0)), "no related objects, as stored");

        refs(root, M.children).move(0, 2);
        assertEquals(ObjectState.DIRTY, s.state(root), "children in another order");
        refs(root, M.children).move(2, 0);
        assertEquals(kids, refs(root, M.children));
        assertEquals(ObjectState.CLEAN, s.state(root));
        assertFalse(s.isDirty());
    }

    @Test
    void aSavepointAfterManyChangesRestoresTheValuesItSaw() {
        EObject root = stored(2);
        EObject kid = refs(root, M.children).get(0);
        for (int i = 1; i <= 20; i++) {
            root.eSet(M.count, i);
            kid.eSet(M.text, "kid " + i);
        }
        Savepoint sp = s.savepoint();
        for (int i = 21; i <= 40; i++) {
            root.eSet(M.count, i);
        }
        kid.eSet(M.text, null); // back to the stored value after the savepoint
        assertEquals(ObjectState.CLEAN, s.state(kid));
        s.rollbackTo(sp);
        assertEquals(20, root.eGet(M.count));
        assertEquals("kid 20", kid.eGet(M.text));
        assertEquals(ObjectState.DIRTY, s.state(root));
        assertEquals(ObjectState.DIRTY, s.state(kid));
        ChangeSet pending = s.pendingChanges();
        assertEquals(2, pending.changed().size());
        assertEquals(0, pending.changed().get(0).oldValues().get("count"), "the stored value stays the original");
        s.rollback();
        assertEquals(0, root.eGet(M.count));
        assertEquals(null, kid.eGet(M.text));
        assertEquals(ObjectState.CLEAN, s.state(root));
        assertFalse(s.isDirty());
    }

    @Test
    void pendingObjectsKeepTheOrderOfTheirFirstChange() {
        EObject root = stored(1000); // enough for the touched array to grow and squeeze out holes
        List<EObject> kids = new ArrayList<>(refs(root, M.children));
        for (EObject kid : kids) {
            kid.eSet(M.count, 1);
        }
        // Every other one goes back to clean, then a third of those is changed again: they come last.
        List<ObjectId> expected = new ArrayList<>();
        List<ObjectId> again = new ArrayList<>();
        for (int i = 0; i < kids.size(); i++) {
            if (i % 2 == 0) {
                kids.get(i).eSet(M.count, 0);
            } else {
                expected.add(s.idOf(kids.get(i)));
            }
        }
        assertEquals(500, s.pending().get(ObjectState.DIRTY).size());
        for (int i = 0; i < kids.size(); i += 6) {
            kids.get(i).eSet(M.count, 2);
            again.add(s.idOf(kids.get(i)));
        }
        expected.addAll(again);
        // One that had moved up in the bookkeeping (the holes were squeezed out) goes back to clean.
        kids.get(999).eSet(M.count, 0);
        expected.remove(s.idOf(kids.get(999)));
        assertEquals(expected, s.pendingChanges().changed().stream().map(ChangeSet.Change::id).toList());
        assertEquals(expected.size(), s.pending().get(ObjectState.DIRTY).size());
        s.commit();
        assertFalse(s.isDirty());
        assertEquals(2, store.load(again.get(0)).orElseThrow().value("count"));
        kids.get(1).eSet(M.count, 5);
        assertEquals(List.of(s.idOf(kids.get(1))),
                s.pendingChanges().changed().stream().map(ChangeSet.Change::id).toList(), "tracking goes on after the commit");
    }
}
