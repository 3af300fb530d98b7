package dev.strata.store.jdbc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.ChangeSet;
import dev.strata.core.ConflictException;
import dev.strata.core.IndexDef;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Progress;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StoreException;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.FidelityModel;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/** What the JDBC store promises beyond the contract: plain SQL tables, failures, other processes. */
class JdbcStoreTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).run();
        }
    }

    private JdbcStoreOptions fresh(Databases db, String name) {
        JdbcStoreOptions o = db.fresh(name);
        cleanup.add(() -> db.drop(o));
        return o;
    }

    private JdbcModelStore open(String name, JdbcStoreOptions o, EventAdmin events) {
        JdbcModelStore s = JdbcStores.open(name, o, events, Progress.NONE);
        cleanup.add(s::close);
        return s;
    }

    private static Repository repository(JdbcModelStore store) {
        return Repositories.builder("jdbc-test", store).packages(M.ePackage).build();
    }

    @SuppressWarnings("unchecked")
    private static EList<Object> list(EObject o, org.eclipse.emf.ecore.EStructuralFeature f) {
        return (EList<Object>) o.eGet(f);
    }

    private static <T> T service(BundleContext context, Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        T s = t.waitForService(10_000);
        assertNotNull(s, "no " + type.getSimpleName() + " service");
        return s;
    }

    // ------------------------------------------------------------------ plain SQL

    @Test
    void tablesFollowTheModelAndPlainSqlReadsThem() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "sql" + db.ordinal());
            JdbcModelStore store = open("sql", o, null);
            Session s = repository(store).openSession();
            EObject parent = s.add(M.newItem("parent"));
            parent.eSet(M.count, 7);
            parent.eSet(M.colorValue, M.color("blue"));
            list(parent, M.tags).addAll(List.of("x", "y", "x"));
            list(parent, M.children).add(M.newItem("kid"));
            s.commit();
            String table = store.tableOf(TypeRef.of(M.item));
            assertEquals("contract_item", table, db.name());
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                try (ResultSet r = st.executeQuery("SELECT name, count, color, version FROM contract_item WHERE container IS NULL")) {
                    assertTrue(r.next(), db.name());
                    assertEquals("parent", r.getString(1));
                    assertEquals(7, r.getInt(2));
                    assertEquals("blue", r.getString(3));
                    assertEquals(1, r.getLong(4));
                }
                List<String> tags = new ArrayList<>();
                try (ResultSet r = st.executeQuery("SELECT element FROM contract_item__tags ORDER BY pos")) {
                    while (r.next()) {
                        tags.add(r.getString(1));
                    }
                }
                assertEquals(List.of("x", "y", "x"), tags, db.name());
                try (ResultSet r = st.executeQuery("SELECT COUNT(*) FROM contract_item k JOIN contract_item p"
                        + " ON k.container = p.id WHERE p.name = 'parent'")) {
                    r.next();
                    assertEquals(1, r.getInt(1), "containment is a parent column " + db.name());
                }
                try (ResultSet r = st.executeQuery("SELECT created, message FROM strata_commit ORDER BY seq DESC")) {
                    assertTrue(r.next());
                    assertEquals(2, r.getInt(1), "the log says how many objects the commit created");
                }
                // Declared Strata indexes are SQL indexes; the ID attribute's is unique.
                DatabaseMetaData meta = c.getMetaData();
                boolean uniqueName = false;
                boolean countIndexed = false;
                try (ResultSet r = meta.getIndexInfo(db == Databases.MARIADB ? o.schema() : null,
                        db == Databases.MARIADB ? null : c.getSchema(), table, false, false)) {
                    while (r.next()) {
                        String column = r.getString("COLUMN_NAME");
                        if ("name".equalsIgnoreCase(column) && !r.getBoolean("NON_UNIQUE")) {
                            uniqueName = true;
                        }
                        if ("count".equalsIgnoreCase(column)) {
                            countIndexed = true;
                        }
                    }
                }
                assertTrue(uniqueName, "unique index on name in " + db.name());
                assertTrue(countIndexed, "index on count in " + db.name());
            }
        }
    }

    @Test
    void aDatabaseFromBeforeTheRootAndContainerBookkeepingIsFilledInOnOpening() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "roots" + db.ordinal());
            JdbcModelStore store = open("roots", o, null);
            Session s = repository(store).openSession();
            EObject a = s.add(M.newItem("a"));
            list(a, M.children).add(M.newItem("a1"));
            s.add(M.newItem("b"));
            s.commit();
            s.close();
            store.close();
            // As a database written before strata_root and strata_object.container: empty, marker rows absent.
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                st.execute("DELETE FROM strata_root");
                st.execute("UPDATE strata_object SET container = NULL");
                st.execute("DELETE FROM strata_meta WHERE id IN (2, 3)");
            }
            JdbcModelStore again = open("roots", o, null);
            assertEquals(List.of("a", "b"), again.roots().stream().map(r -> r.value("name")).toList(), db.name());
            try (Session fresh = repository(again).openSession()) {
                EObject back = fresh.roots().get(0);
                assertEquals(List.of("a1"), list(back, M.children).stream().map(k -> ((EObject) k).eGet(M.name))
                        .toList(), "the tree is read through the containers filled in, " + db.name());
            }
        }
    }

    /**
     * A commit log from before authors were kept (strata_commit without the author column, no
     * marker row 4) gets the column on opening; its rows read with the time they always had
     * (committed_at) and no author, and later commits carry theirs.
     */
    @Test
    void aCommitLogFromBeforeAuthorsGetsTheColumnAndItsRowsReadWithoutAuthor() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "authors" + db.ordinal());
            JdbcModelStore store = open("authors", o, null);
            try (Session s = repository(store).openSession()) {
                s.add(M.newItem("old"));
                s.commit("old");
            }
            java.time.Instant oldTime = store.recentLog(1).get(0).time();
            store.close();
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE strata_commit DROP COLUMN author");
                st.execute("DELETE FROM strata_meta WHERE id = 4");
            }
            JdbcModelStore again = open("authors", o, null);
            List<dev.strata.core.LoggedCommit> log = again.recentLog(10);
            assertEquals(List.of("old"), log.stream().map(c -> c.changes().message()).toList(), db.name());
            assertEquals("", log.get(0).author(), "a row from before authors has none, " + db.name());
            assertEquals(oldTime, log.get(0).time(), "and keeps its committed_at, " + db.name());
            try (Session s = repository(again).openSession()) {
                s.setAuthor("grace");
                s.add(M.newItem("new"));
                s.commit("new");
            }
            log = again.recentLog(10);
            assertEquals(List.of("old", "new"), log.stream().map(c -> c.changes().message()).toList(), db.name());
            assertEquals("grace", log.get(1).author(), db.name());
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                assertEquals(1, count(st, "SELECT COUNT(*) FROM strata_commit WHERE author = 'grace'"), db.name());
                assertEquals(1, count(st, "SELECT COUNT(*) FROM strata_meta WHERE id = 4"), db.name());
            }
        }
    }

    /**
     * Which features are unsettable is kept in the catalog, not only learnt from the model: a store
     * opened again reads and writes "set to null" right before a repository tells it the model (a
     * queue drains what it holds then), and telling it another package, which rereads the catalog,
     * does not make it forget. Each of these lost Box.best and Box.label set to null. Box.tag, plain
     * with a default, keeps null apart the same way.
     */
    @Test
    void setToNullIsKeptApartFromUnsetBeforeTheModelIsToldAndAfterAnotherPackage() throws Exception {
        org.eclipse.emf.ecore.EPackage fidelity = FidelityModel.INSTANCE.ePackage;
        org.eclipse.emf.ecore.EPackage.Registry.INSTANCE.put(FidelityModel.NS_URI, fidelity); // as a queue's drain finds it
        TypeRef box = new TypeRef(FidelityModel.NS_URI, "Box");
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "unsettable" + db.ordinal());
            JdbcModelStore store = open("unsettable", o, null);
            store.useModel(List.of(fidelity), List.of());
            ObjectId told = createSetToNull(store, box);
            store.close();

            JdbcModelStore again = open("unsettable", o, null); // not told the model
            assertSetToNull(again.load(told).orElseThrow(), "read before the model is told, " + db.name());
            ObjectId before = createSetToNull(again, box);
            again.useModel(List.of(M.ePackage), IndexDef.declaredIn(List.of(M.ePackage))); // new tables: catalog reread
            ObjectId beside = createSetToNull(again, box);
            for (ObjectId id : List.of(told, before, beside)) {
                assertSetToNull(again.load(id).orElseThrow(), id + ", " + db.name());
            }
            again.useModel(List.of(fidelity), List.of());
            for (ObjectId id : List.of(told, before, beside)) {
                assertSetToNull(again.loadTrees(List.of(id)).get(id), id + " as a tree, " + db.name());
            }
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                assertEquals(3, count(st, "SELECT COUNT(*) FROM strata_feature f JOIN strata_class k ON k.class_id = f.class_id"
                        + " WHERE k.class_name = 'Box' AND f.feature IN ('best', 'label', 'tag') AND f.unsettable = TRUE"), db.name());
                assertEquals(0, count(st, "SELECT COUNT(*) FROM strata_feature f JOIN strata_class k ON k.class_id = f.class_id"
                        + " WHERE k.class_name = 'Box' AND f.feature = 'name' AND f.unsettable = TRUE"), db.name());
            }
        }
    }

    /**
     * A catalog from before the unsettable column gets it on opening (NULL: not known), and the
     * next use of the model fills it in; from then on a reopened store knows without the model.
     */
    @Test
    void aCatalogFromBeforeTheUnsettableColumnGetsItAndTheModelFillsItIn() throws Exception {
        org.eclipse.emf.ecore.EPackage fidelity = FidelityModel.INSTANCE.ePackage;
        org.eclipse.emf.ecore.EPackage.Registry.INSTANCE.put(FidelityModel.NS_URI, fidelity);
        TypeRef box = new TypeRef(FidelityModel.NS_URI, "Box");
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "unsettableold" + db.ordinal());
            JdbcModelStore store = open("unsettableold", o, null);
            store.useModel(List.of(fidelity), List.of());
            ObjectId id = createSetToNull(store, box);
            store.close();
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE strata_feature DROP COLUMN unsettable");
                st.execute("DELETE FROM strata_meta WHERE id = 7");
            }
            JdbcModelStore again = open("unsettableold", o, null);
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                assertEquals(0, count(st, "SELECT COUNT(*) FROM strata_feature WHERE unsettable IS NOT NULL"), db.name());
                assertEquals(1, count(st, "SELECT COUNT(*) FROM strata_meta WHERE id = 7"), db.name());
            }
            again.useModel(List.of(fidelity), List.of());
            again.close();
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                assertEquals(0, count(st, "SELECT COUNT(*) FROM strata_feature WHERE unsettable IS NULL"), db.name());
            }
            JdbcModelStore third = open("unsettableold", o, null);
            assertSetToNull(third.load(id).orElseThrow(), db.name());
        }
    }

    /**
     * Commits a Box whose unsettable best and label, and its plain tag whose default is "none", are
     * set to null; returns its id.
     */
    private static ObjectId createSetToNull(JdbcModelStore store, TypeRef box) {
        ObjectId id = ObjectId.random();
        store.commit(new ChangeSet(UUID.randomUUID(), "unsettable", "", List.of(new Record(id, box, 0,
                Map.of("name", "n", "best", dev.strata.core.Nil.VALUE, "label", dev.strata.core.Nil.VALUE,
                        "tag", dev.strata.core.Nil.VALUE))),
                List.of(), List.of()));
        return id;
    }

    private static void assertSetToNull(Record r, String what) {
        assertEquals(dev.strata.core.Nil.VALUE, r.value("best"), "Box.best set to null, " + what);
        assertEquals(dev.strata.core.Nil.VALUE, r.value("label"), "Box.label set to null, " + what);
        assertEquals(dev.strata.core.Nil.VALUE, r.value("tag"), "Box.tag (default \"none\") set to null, " + what);
        assertEquals(null, r.value("single"), "Box.single not set, " + what);
    }

    @Test
    void aDatabaseFromBeforeTheRecordCopiesGetsThemOnceAndOlderVersionsAreKeptOut() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "copies" + db.ordinal());
            JdbcModelStore store = open("copies", o, null);
            Session s = repository(store).openSession();
            EObject a = s.add(M.newItem("a"));
            list(a, M.children).add(M.newItem("a1"));
            s.add(M.newItem("b"));
            s.commit();
            a.eSet(M.text, "edited");
            s.commit();
            ObjectId aId = s.idOf(a);
            s.close();
            Map<ObjectId, dev.strata.core.Record> before = store.loadTrees(List.of(aId));
            store.close();
            // As a database of layout 1: no copies.
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                st.execute("UPDATE strata_object SET record = NULL");
                st.execute("UPDATE strata_meta SET layout = 1 WHERE id = 1");
            }
            JdbcModelStore again = open("copies", o, null);
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                assertEquals(0, count(st, "SELECT COUNT(*) FROM strata_object WHERE record IS NULL"), db.name());
                assertEquals(2, count(st, "SELECT layout FROM strata_meta WHERE id = 1"), db.name());
            }
            assertEquals(before, again.loadTrees(List.of(aId)), db.name());
            again.close();
            // A version that reads layout 1 only would write without copies: it is refused (here: a layout from the future).
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                st.execute("UPDATE strata_meta SET layout = 3 WHERE id = 1");
            }
            dev.strata.core.StoreException e = assertThrows(dev.strata.core.StoreException.class, () -> open("copies", o, null));
            assertTrue(e.getMessage().contains("layout 3"), e.getMessage());
        }
    }

    /**
     * Opening a store and a repository on an existing database changes no table: it must not wait
     * for another program's transaction that reads the objects (an ALTER TABLE on every open did,
     * and held every reader back while it waited).
     */
    @Test
    void reopeningWaitsForNoTransactionReadingTheObjects() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "reopen" + db.ordinal());
            JdbcModelStore first = open("reopen", o, null);
            Session s = repository(first).openSession();
            s.add(M.newItem("kept"));
            s.commit();
            s.close();
            first.close();
            try (Connection reader = Databases.connect(o)) {
                reader.setAutoCommit(false);
                try (Statement st = reader.createStatement(); ResultSet r = st.executeQuery("SELECT COUNT(*) FROM strata_object")) {
                    assertTrue(r.next());
                }
                java.util.concurrent.CompletableFuture<String> reopened = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    JdbcModelStore again = open("reopen", o, null);
                    try (Session again1 = repository(again).openSession()) {
                        return (String) again1.roots().get(0).eGet(M.name);
                    }
                });
                try {
                    assertEquals("kept", reopened.get(15, TimeUnit.SECONDS), db.name());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError(db.name() + ": opening the store waited for a reading transaction", e);
                } finally {
                    reader.rollback(); // lets a blocked open finish, so that cleanup can close it
                }
            }
        }
    }

    @Test
    void everyRootReadAtOnceGivesTheTreesTheRootsGiveOneByOne() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "alltrees" + db.ordinal());
            JdbcModelStore store = open("alltrees", o, null);
            Session s = repository(store).openSession();
            EObject a = s.add(M.newItem("a"));
            EObject a1 = M.newItem("a1");
            list(a, M.children).add(a1);
            list(a1, M.children).add(M.newItem("a11"));
            EObject b = s.add(M.newItem("b"));
            list(b, M.children).add(M.newItem("b1"));
            EObject c = s.add(M.newItem("c"));
            s.commit();
            List<ObjectId> roots = List.of(s.idOf(a), s.idOf(b), s.idOf(c));
            ObjectId a1Id = s.idOf(a1);
            s.close();
            // A row left without its container (as by an interrupted tool) belongs to no tree.
            try (Connection conn = Databases.connect(o); Statement st = conn.createStatement()) {
                st.execute("UPDATE strata_object SET container = NULL WHERE id = '" + a1Id.value() + "'");
            }
            Map<ObjectId, dev.strata.core.Record> oneByOne = new java.util.HashMap<>();
            roots.forEach(r -> oneByOne.putAll(store.loadTree(r)));
            Map<ObjectId, dev.strata.core.Record> all = store.loadTrees(roots); // every root: one scan
            assertEquals(oneByOne, all, db.name());
            assertEquals(4, all.size(), "a, b, b1, c (a1 and a11 hang from no root), " + db.name());
            assertEquals(roots.get(0), all.keySet().iterator().next(), "roots first, " + db.name());
            Map<ObjectId, dev.strata.core.Record> some = store.loadTrees(roots.subList(1, 3)); // the recursion
            assertEquals(java.util.Set.of(roots.get(1), roots.get(2)), java.util.Set.copyOf(some.values().stream()
                    .filter(r -> r.container() == null).map(dev.strata.core.Record::id).toList()), db.name());
            assertEquals(3, some.size(), db.name());
            // The roots just listed are taken as every root (one scan, strata_root not read again); a
            // root created since then changes nothing in the trees asked for.
            List<ObjectId> listed = store.rootIds();
            Session later = repository(store).openSession();
            later.add(M.newItem("d"));
            later.commit();
            later.close();
            assertEquals(all, store.loadTrees(listed), db.name());
            store.close();
        }
    }

    @Test
    void objectsAreReadFromTheirRecordCopyOrFromTheTablesWhereTheCopyCannotBeRead() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "copyread" + db.ordinal());
            JdbcModelStore store = open("copyread", o, null);
            Session s = repository(store).openSession();
            EObject a = s.add(M.newItem("a"));
            EObject b = s.add(M.newItem("b"));
            a.eSet(M.text, "kept");
            s.commit();
            ObjectId aId = s.idOf(a);
            ObjectId bId = s.idOf(b);
            s.close();
            try (Connection c = Databases.connect(o); Statement st = c.createStatement()) {
                // Edited behind Strata's back in the class table; b's copy is damaged.
                st.execute("UPDATE " + store.tableOf(TypeRef.of(M.item)) + " SET text = 'from the table'");
                try (java.sql.PreparedStatement p = c.prepareStatement("UPDATE strata_object SET record = ? WHERE id = ?")) {
                    p.setBytes(1, new byte[] { 1, 2, 3 });
                    p.setObject(2, db == Databases.MARIADB ? bId.value().toString() : bId.value());
                    assertEquals(1, p.executeUpdate(), db.name());
                }
            }
            assertEquals("kept", store.load(aId).orElseThrow().value("text"), "from the copy, " + db.name());
            assertEquals("from the table", store.load(bId).orElseThrow().value("text"), db.name());
            assertEquals("b", store.load(bId).orElseThrow().value("name"), db.name());
            store.close();
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (java.sql.ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aRepositoryOnANewerModelMigratesTheTablesFirst() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "upgrade" + db.ordinal());
            JdbcModelStore store = open("upgrade", o, null);
            Session s = repository(store).openSession();
            EObject item = s.add(M.newItem("old"));
            item.eSet(M.text, "kept");
            s.commit();
            ObjectId id = s.idOf(item);
            s.close();
            // Version 2 of the model: Item.text is now Item.note, and Item.extra is new.
            org.eclipse.emf.ecore.EPackage v2 = org.eclipse.emf.ecore.util.EcoreUtil.copy(M.ePackage);
            org.eclipse.emf.ecore.util.EcoreUtil.setAnnotation(v2, dev.strata.core.Migration.VERSION_ANNOTATION, "version", "2");
            org.eclipse.emf.ecore.EClass item2 = (org.eclipse.emf.ecore.EClass) v2.getEClassifier("Item");
            item2.getEStructuralFeature("text").setName("note");
            org.eclipse.emf.ecore.EAttribute extra = org.eclipse.emf.ecore.EcoreFactory.eINSTANCE.createEAttribute();
            extra.setName("extra");
            extra.setEType(org.eclipse.emf.ecore.EcorePackage.Literals.EINT);
            item2.getEStructuralFeatures().add(extra);
            Repository upgraded = Repositories.builder("upgrade", store).packages(v2).migration(dev.strata.core.Migration
                    .of(ContractModel.NS_URI, 1, 2).renameFeature("Item", "text", "note").addFeature("Item", "extra", 5).build())
                    .build();
            Session s2 = upgraded.openSession();
            EObject back = s2.get(id);
            assertEquals("kept", back.eGet(item2.getEStructuralFeature("note")), db.name());
            assertEquals(5, back.eGet(extra), db.name());
            back.eSet(extra, 6);
            s2.commit();
            s2.close();
            try (Connection c = Databases.connect(o); Statement st = c.createStatement();
                    ResultSet r = st.executeQuery("SELECT note, extra, version FROM contract_item")) {
                assertTrue(r.next());
                assertEquals("kept", r.getString(1), db.name());
                assertEquals(6, r.getInt(2));
                assertEquals(3, r.getLong(3), "created, migrated, changed");
            }
            assertEquals(Map.of(ContractModel.NS_URI, 2), store.modelVersions());
        }
    }

    @Test
    void stringsAreEqualOnlyWhenJavaSaysSo() {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "strings" + db.ordinal());
            JdbcModelStore store = open("strings", o, null);
            Session s = repository(store).openSession();
            s.add(M.newItem("a"));
            s.add(M.newItem("a "));   // a trailing blank is another name
            s.add(M.newItem("A"));    // and so is another case
            s.commit();
            // The unique index on name took all three; equality tells them apart.
            for (String name : List.of("a", "a ", "A")) {
                List<Record> found = store.query(dev.strata.core.Query.on(TypeRef.of(M.item)).eq("name", name));
                assertEquals(List.of(name), found.stream().map(r -> r.value("name")).toList(), db.name());
            }
        }
    }

    @Test
    void twoProcessesCreatingTablesAtOnceTakeTurns() throws Exception {
        for (Databases db : List.of(Databases.POSTGRESQL, Databases.MARIADB)) {
            JdbcStoreOptions o = fresh(db, "race" + db.ordinal());
            List<JdbcModelStore> stores = List.of(open("race", o, null), open("race", o, null), open("race", o, null));
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(stores.size());
            try {
                for (JdbcModelStore store : stores) {
                    done.add(pool.submit(() -> {
                        start.await();
                        store.useModel(List.of(M.ePackage), IndexDef.declaredIn(List.of(M.ePackage)));
                        store.declareIndexes(IndexDef.declaredIn(List.of(M.ePackage)));
                        return null;
                    }));
                }
                start.countDown();
                for (var f : done) {
                    f.get(60, TimeUnit.SECONDS); // each one succeeds
                }
            } finally {
                pool.shutdownNow();
            }
            try (Connection c = Databases.connect(o); Statement st = c.createStatement();
                    ResultSet r = st.executeQuery("SELECT COUNT(*) FROM strata_class WHERE class_name = 'Item'")) {
                r.next();
                assertEquals(1, r.getInt(1), "one table for Item on " + db.name());
            }
            // And every one of them can use it.
            for (JdbcModelStore store : stores) {
                ObjectId id = ObjectId.random();
                store.commit(new ChangeSet(UUID.randomUUID(), "race", "", List.of(new Record(id, TypeRef.of(M.item), 0,
                        Map.of("name", "from " + id))), List.of(), List.of()));
                assertEquals(IndexDef.declaredIn(List.of(M.ePackage)).size(), store.indexes().size(),
                        "every index known to every process on " + db.name());
            }
        }
    }

    /**
     * While another process holds the database's lock on the schema (it changes the tables), this
     * process's reads and commits go on; its own change of the tables waits for the lock, then
     * goes ahead. Before, the change held this process's schema lock while it waited, and every
     * read waited with it (on PostgreSQL without a time limit).
     */
    @Test
    void readsAndCommitsGoOnWhileAnotherProcessHoldsTheSchemaLock() throws Exception {
        for (Databases db : List.of(Databases.POSTGRESQL, Databases.MARIADB)) {
            JdbcStoreOptions o = fresh(db, "held" + db.ordinal());
            JdbcModelStore store = open("held", o, null);
            store.useModel(List.of(M.ePackage), List.of());
            TypeRef item = TypeRef.of(M.item);
            ObjectId id = ObjectId.random();
            store.commit(new ChangeSet(UUID.randomUUID(), "t", "", List.of(new Record(id, item, 0, Map.of("name", "a"))),
                    List.of(), List.of()));
            String lock = "strata:" + o.schema();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try (Connection other = Databases.connect(o); Statement st = other.createStatement()) {
                // What another process's change of the tables holds (the lock's name and key are the store's).
                if (db == Databases.POSTGRESQL) {
                    other.setAutoCommit(false);
                    st.execute("SELECT pg_advisory_xact_lock(" + (lock.hashCode() * 31L + 0x5354524154L) + ")");
                } else {
                    try (ResultSet r = st.executeQuery("SELECT GET_LOCK('" + lock + "', 10)")) {
                        assertTrue(r.next() && r.getInt(1) == 1, "the test holds the lock on " + lock);
                    }
                }
                java.util.concurrent.Future<?> change = pool.submit(() -> {
                    store.useModel(List.of(M.ePackage, FidelityModel.INSTANCE.ePackage), List.of());
                    return null;
                });
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                for (int i = 0; i < 200 && System.nanoTime() < until; i++) {
                    assertEquals("a", pool.submit(() -> store.load(id).orElseThrow().value("name")).get(5, TimeUnit.SECONDS),
                            db + ": a read answers while the change waits for the lock");
                    Thread.sleep(5);
                }
                ObjectId more = ObjectId.random();
                pool.submit(() -> store.commit(new ChangeSet(UUID.randomUUID(), "t", "", List.of(new Record(more, item, 0,
                        Map.of("name", "b"))), List.of(), List.of()))).get(5, TimeUnit.SECONDS);
                assertTrue(!change.isDone(), db + ": the change waits while the other process holds the lock");
                if (db == Databases.POSTGRESQL) {
                    other.rollback();
                } else {
                    st.execute("SELECT RELEASE_LOCK('" + lock + "')");
                }
                change.get(30, TimeUnit.SECONDS);
                assertEquals("b", store.load(more).orElseThrow().value("name"));
            } finally {
                pool.shutdownNow();
            }
            try (Connection c = Databases.connect(o); Statement st = c.createStatement(); ResultSet r = st.executeQuery(
                    "SELECT COUNT(*) FROM strata_class WHERE ns_uri = '" + FidelityModel.INSTANCE.ePackage.getNsURI() + "'")) {
                r.next();
                assertTrue(r.getInt(1) > 0, db + ": the waiting change went ahead once the lock was free");
            }
        }
    }

    @Test
    void aMigrationRenamesAndAddsColumns() throws Exception {
        JdbcStoreOptions o = fresh(Databases.POSTGRESQL, "migr");
        JdbcModelStore store = open("migr", o, null);
        Session s = repository(store).openSession();
        EObject item = s.add(M.newItem("m"));
        item.eSet(M.text, "moved");
        s.commit();
        store.migrate(dev.strata.core.Migration.of(ContractModel.NS_URI, 1, 2).renameFeature("Item", "text", "note")
                .addFeature("Item", "extra", 5).build());
        try (Connection c = Databases.connect(o); Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT note, extra, version FROM contract_item")) {
            assertTrue(r.next());
            assertEquals("moved", r.getString(1));
            assertEquals(5, r.getInt(2));
            assertEquals(2, r.getLong(3));
        }
    }

    @Test
    void listEditsRewriteOnlyWhatChangedAndKeepOrder() throws Exception {
        for (Databases db : Databases.values()) {
            JdbcStoreOptions o = fresh(db, "lists" + db.ordinal());
            JdbcModelStore store = open("lists", o, null);
            Session s = repository(store).openSession();
            EObject item = s.add(M.newItem("owner"));
            EList<Object> tags = list(item, M.tags);
            for (int i = 0; i < 50; i++) {
                tags.add("t" + i);
            }
            s.commit();
            List<List<Object>> edits = List.of(
                    List.of("append"), List.of("insert-first"), List.of("remove-middle"), List.of("move"), List.of("clear"));
            for (List<Object> edit : edits) {
                switch ((String) edit.get(0)) {
                    case "append" -> tags.addAll(List.of("a1", "a2"));
                    case "insert-first" -> tags.add(0, "first");
                    case "remove-middle" -> tags.subList(10, 20).clear();
                    case "move" -> tags.move(0, tags.size() - 1);
                    default -> tags.clear();
                }
                List<Object> expected = List.copyOf(tags);
                s.commit();
                assertEquals(expected, store.load(s.idOf(item)).orElseThrow().value("tags"), edit + " on " + db.name());
                try (Connection c = Databases.connect(o); Statement st = c.createStatement();
                        ResultSet r = st.executeQuery("SELECT MIN(pos), MAX(pos), COUNT(*) FROM contract_item__tags")) {
                    r.next();
                    if (!expected.isEmpty()) {
                        assertEquals(0, r.getInt(1), "positions start at 0 after " + edit);
                        assertEquals(expected.size() - 1, r.getInt(2), "positions are dense after " + edit);
                    }
                    assertEquals(expected.size(), r.getInt(3));
                }
            }
        }
    }

    @Test
    void largeCommitsToPostgreSqlGoThroughCopyWithEveryValueIntact() {
        JdbcStoreOptions o = fresh(Databases.POSTGRESQL, "copy");
        JdbcModelStore store = open("copy", o, null);
        Session s = repository(store).openSession();
        List<EObject> items = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            EObject item = s.add(M.newItem("c" + i));
            // Every third text past ASCII: accents, a euro sign and a character outside the BMP among the escapes.
            item.eSet(M.text, i % 3 == 2 ? "na\u00efve \u20ac\tend \ud83d\ude00 \\ x\n"
                    : i % 2 == 0 ? "tab\there\nnot a newline \\ \\N" : "real\ttab\r\nline \\ back\\slash");
            item.eSet(M.bytes, new byte[] { (byte) i, 0, -1 });
            item.eSet(M.ratio, i == 7 ? Float.NaN : i / 3f);
            item.eSet(M.money, new java.math.BigDecimal("-1.50"));
            item.eSet(M.when, new java.util.Date(1_700_000_000_000L + i));
            item.eSet(M.letter, (char) ('a' + i % 26));
            list(item, M.tags).addAll(List.of("x" + i, "y"));
            if (i > 0) {
                item.eSet(M.partner, items.get(i - 1));
            }
            items.add(item);
        }
        s.commit();
        Session fresh = repository(store).openSession();
        for (int i : new int[] { 0, 1, 7, 1498, 1499 }) {
            EObject back = fresh.get(s.idOf(items.get(i)));
            EObject orig = items.get(i);
            for (org.eclipse.emf.ecore.EStructuralFeature f : List.of(M.name, M.text, M.ratio, M.money, M.when, M.letter, M.tags)) {
                assertEquals(orig.eGet(f), back.eGet(f), f.getName() + " of item " + i);
            }
            assertTrue(java.util.Arrays.equals((byte[]) orig.eGet(M.bytes), (byte[]) back.eGet(M.bytes)));
            if (i > 0) {
                assertEquals(s.idOf(items.get(i - 1)), fresh.idOf((EObject) back.eGet(M.partner)));
            }
        }
    }

    // ------------------------------------------------------------------ failures

    @Test
    void aConnectionKilledMidCommitAppliesNothingAndTheSessionKeepsItsChanges() throws Exception {
        JdbcStoreOptions o = fresh(Databases.POSTGRESQL, "killed");
        JdbcModelStore store = open("killed", o, null);
        Session s = repository(store).openSession();
        int n = 20_000;
        List<EObject> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(s.add(M.newItem("k" + i)));
        }
        // Kill Strata's backend while the big commit is being written.
        AtomicReference<String> killed = new AtomicReference<>();
        Thread killer = new Thread(() -> {
            long until = System.currentTimeMillis() + 30_000;
            try (Connection admin = Databases.connect(o.withSchema(""))) {
                while (killed.get() == null && System.currentTimeMillis() < until) {
                    try (PreparedStatement p = admin.prepareStatement("SELECT pg_terminate_backend(pid), query"
                            + " FROM pg_stat_activity WHERE application_name = ? AND state = 'active'"
                            + " AND (query LIKE 'COPY \"contract_item\"%' OR query LIKE 'INSERT INTO \"contract_item\"%')")) {
                        p.setString(1, "strata:killed");
                        try (ResultSet r = p.executeQuery()) {
                            if (r.next() && r.getBoolean(1)) {
                                killed.set(r.getString(2));
                            }
                        }
                    }
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                killed.compareAndSet(null, "killer failed: " + e);
            }
        });
        killer.start();
        StoreException e = assertThrows(StoreException.class, s::commit);
        killer.join(35_000);
        assertNotNull(killed.get(), "the backend was never seen inserting");
        assertTrue(e.getMessage().contains("lost") && e.getMessage().contains("nothing was applied"), e.getMessage());
        try (Connection c = Databases.connect(o); Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT (SELECT COUNT(*) FROM contract_item), (SELECT COUNT(*) FROM strata_object)")) {
            r.next();
            assertEquals(0, r.getLong(1), "no row of the failed commit");
            assertEquals(0, r.getLong(2));
        }
        assertEquals(ObjectState.NEW, s.state(items.get(0)));
        assertEquals(n, s.pending().get(ObjectState.NEW).size(), "the session keeps its changes");
        s.commit(); // the pool replaced the dead connection
        assertEquals(n, store.roots().size());
    }

    @Test
    void aSecondInstanceCommittingFirstMakesTheStaleCommitConflict() {
        for (Databases db : List.of(Databases.POSTGRESQL, Databases.MARIADB)) {
            JdbcStoreOptions o = fresh(db, "two" + db.ordinal());
            JdbcModelStore a = open("two", o, null);
            JdbcModelStore b = open("two", o, null);
            Session sa = repository(a).openSession();
            EObject item = sa.add(M.newItem("shared"));
            sa.commit();
            ObjectId id = sa.idOf(item);
            Session sb = repository(b).openSession();
            EObject sameInB = sb.get(id);
            item.eSet(M.text, "from a");
            sa.commit();
            sameInB.eSet(M.text, "from b");
            ConflictException e = assertThrows(ConflictException.class, sb::commit, db.name());
            assertEquals(id, e.conflicts().get(0).id());
            assertEquals(2, e.conflicts().get(0).actualVersion());
            assertEquals("from a", b.load(id).orElseThrow().value("text"), "the first update is kept");
        }
    }

    // ------------------------------------------------------------------ other processes

    @Test
    void commitsOfAnotherInstanceReachTheEventBus() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(JdbcStoreTest.class).getBundleContext();
        EventAdmin events = service(context, EventAdmin.class);
        // PostgreSQL announces through NOTIFY; MariaDB and H2 are polled.
        for (Databases db : Databases.values()) {
            String name = "feed" + db.ordinal();
            JdbcStoreOptions o = fresh(db, name);
            JdbcModelStore listener = open(name, o, events);
            JdbcModelStore other = open(name, o, null);
            repository(listener);
            BlockingQueue<Event> received = new LinkedBlockingQueue<>();
            Dictionary<String, Object> topic = new Hashtable<>();
            topic.put(EventConstants.EVENT_TOPIC, Topics.commit(name));
            ServiceRegistration<EventHandler> reg = context.registerService(EventHandler.class, received::add, topic);
            cleanup.add(reg::unregister);
            ObjectId id = ObjectId.random();
            other.useModel(List.of(M.ePackage), IndexDef.declaredIn(List.of(M.ePackage)));
            other.commit(new ChangeSet(UUID.randomUUID(), "elsewhere", "from another process", List.of(new Record(id,
                    TypeRef.of(M.item), 0, Map.of("name", "remote"))), List.of(), List.of()));
            Event e = received.poll(15, TimeUnit.SECONDS);
            assertNotNull(e, "no event for a commit made elsewhere on " + db.name());
            assertEquals(List.of(id.toString()), List.of((String[]) e.getProperty(Topics.CREATED)));
            assertEquals("elsewhere", e.getProperty(Topics.SESSION));
            // The listener's own commits are announced once, when made, not again by the feed.
            Session s = repository(listener).openSession();
            s.add(M.newItem("local"));
            s.commit();
            Event own = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(own);
            assertTrue(!"elsewhere".equals(own.getProperty(Topics.SESSION)), "the local commit, not the remote one again");
            assertEquals(null, received.poll(2, TimeUnit.SECONDS), "own commit announced twice on " + db.name());
        }
    }
}
