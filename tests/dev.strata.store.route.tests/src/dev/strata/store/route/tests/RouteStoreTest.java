package dev.strata.store.route.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.ConflictException;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.route.RouteModelStore;
import dev.strata.store.route.RouteStores;

/** What the route store does beyond the store contract: placement, commits across shards, moves, refusals. */
class RouteStoreTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private static final TypeRef ITEM = TypeRef.of(M.item);

    private final List<Path> dirs = new ArrayList<>();
    private final List<RouteModelStore> routes = new ArrayList<>();

    private RouteModelStore route(List<ModelStore> shards, List<String> rules) throws Exception {
        Path dir = Files.createTempDirectory("strata-route-test");
        dirs.add(dir);
        RouteModelStore r = RouteStores.open("route", shards, rules, dir, Quiet.EVENTS);
        routes.add(r);
        return r;
    }

    @AfterEach
    void tearDown() throws Exception {
        routes.forEach(RouteModelStore::close);
        for (Path d : dirs) {
            RouteContractTest.delete(d);
        }
    }

    private static List<ModelStore> memoryShards(int n) {
        List<ModelStore> shards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shards.add(Repositories.memoryStore("m" + i, Quiet.EVENTS));
        }
        return shards;
    }

    @SuppressWarnings("unchecked")
    private static EList<EObject> children(EObject o) {
        return (EList<EObject>) o.eGet(M.children);
    }

    @Test
    void treesGoWhereThePlacementSaysAndStayWhole() throws Exception {
        List<ModelStore> shards = memoryShards(3);
        Repository repo = Repositories.builder("r", route(shards, List.of())).packages(M.ePackage).build();
        Session s = repo.openSession();
        for (int i = 0; i < 30; i++) {
            EObject root = s.add(M.newItem("root-" + i));
            children(root).add(M.newItem("child-" + i));
        }
        s.commit();
        for (ModelStore shard : shards) {
            assertFalse(shard.roots().isEmpty(), "30 trees placed by hash reach every one of 3 shards: " + shard.name());
            for (Record root : shard.roots()) {
                assertEquals(2, shard.loadTree(root.id()).size(), "a tree stays whole on its shard");
            }
        }
        // A rule for the class sends every new tree of it to one shard.
        List<ModelStore> ruled = memoryShards(2);
        Repository byClass = Repositories.builder("r2", route(ruled, List.of("Item=m1"))).packages(M.ePackage).build();
        Session t = byClass.openSession();
        for (int i = 0; i < 10; i++) {
            t.add(M.newItem("r" + i));
        }
        t.commit();
        assertEquals(0, ruled.get(0).roots().size());
        assertEquals(10, ruled.get(1).roots().size());
    }

    @Test
    void aTreeMovedToAnotherShardKeepsItsContentsAndTheSessionGoesOnEditingIt() throws Exception {
        List<ModelStore> shards = memoryShards(2);
        RouteModelStore route = route(shards, List.of());
        Repository repo = Repositories.builder("r", route).packages(M.ePackage).build();
        Session s = repo.openSession();
        EObject[] onShard = new EObject[2];
        for (int i = 0; i < 64 && (onShard[0] == null || onShard[1] == null); i++) {
            EObject root = s.add(M.newItem("root-" + i));
            s.commit();
            int at = shards.get(0).load(s.idOf(root)).isPresent() ? 0 : 1;
            if (onShard[at] == null) {
                onShard[at] = root;
            }
        }
        EObject moved = M.newItem("moved");
        EObject grandchild = M.newItem("grandchild");
        children(moved).add(grandchild);
        children(onShard[0]).add(moved);
        s.commit();
        ObjectId movedId = s.idOf(moved);
        ObjectId grandId = s.idOf(grandchild);

        children(onShard[1]).add(moved); // into a tree on the other shard
        EObject born = M.newItem("born during the move");
        children(moved).add(born);
        s.commit();
        assertTrue(shards.get(1).load(s.idOf(born)).isPresent(), "a new object inside the moved one goes along");
        assertTrue(shards.get(1).load(movedId).isPresent() && shards.get(1).load(grandId).isPresent(),
                "the moved object and what it contains are on the other shard");
        assertTrue(shards.get(0).load(movedId).isEmpty() && shards.get(0).load(grandId).isEmpty(), "and gone from the first");
        assertEquals(s.idOf(onShard[1]), route.load(movedId).orElseThrow().container());

        // The session's versions follow: editing what moved along commits without a conflict.
        grandchild.eSet(M.name, "renamed");
        s.commit();
        assertEquals(ObjectState.CLEAN, s.state(grandchild));
        Session fresh = repo.openSession();
        assertEquals("renamed", fresh.get(grandId).eGet(M.name));

        // History shows the move as the change it was, not as a deletion and a creation.
        LoggedCommit move = route.recentLog(2).getFirst();
        assertEquals(List.of(s.idOf(born)), move.changes().created().stream().map(Record::id).toList(),
                "only the object born during the move is new");
        assertTrue(move.changes().deleted().isEmpty(), move.changes().toString());
        assertTrue(move.changes().changed().stream().anyMatch(c -> c.id().equals(movedId) && c.containerChanged()),
                move.changes().toString());
    }

    @Test
    void aCommitAcrossPostgreSqlAndMariaDbIsAppliedOnBothOrOnNeither() throws Exception {
        JdbcShards jdbc = new JdbcShards(Servers.PG_A, Servers.MARIADB_C);
        String tag = Long.toHexString(System.nanoTime() & 0xffffff);
        JdbcModelStore a = jdbc.create("rt_a_" + tag, 0);
        JdbcModelStore c = jdbc.create("rt_c_" + tag, 1);
        try {
            assertTrue(a.preparesCommits() && c.preparesCommits());
            RouteModelStore route = route(List.of(a, c), List.of());
            route.useModel(List.of(M.ePackage), List.of());
            ObjectId[] roots = rootOnEach(route, a);
            ObjectId left = roots[0];
            ObjectId right = roots[1];
            long before = route.figures().get("acrossShards");
            // A stale version on one shard: refused, and the other shard's part is dropped too.
            Record l = route.load(left).orElseThrow();
            Record r = route.load(right).orElseThrow();
            ChangeSet stale = new ChangeSet(UUID.randomUUID(), "t", "", List.of(), List.of(
                    rename(l, l.version(), "left-2"), rename(r, r.version() + 5, "right-2")), List.of());
            assertThrows(ConflictException.class, () -> route.commit(stale));
            assertEquals("root", a.load(left).orElseThrow().value("name"), "nothing applied on PostgreSQL");
            assertEquals(List.of(), a.preparedIds("st:"));
            assertEquals(List.of(), c.preparedIds("st:"));

            ChangeSet both = new ChangeSet(UUID.randomUUID(), "t", "both", List.of(), List.of(
                    rename(l, l.version(), "left-2"), rename(r, r.version(), "right-2")), List.of());
            long seq = route.commit(both).sequence();
            assertEquals("left-2", a.load(left).orElseThrow().value("name"));
            assertEquals("right-2", c.load(right).orElseThrow().value("name"));
            assertEquals(before + 1, route.figures().get("acrossShards"));
            LoggedCommit logged = route.log(seq - 1, 1).getFirst();
            assertEquals(both.commitId(), logged.changes().commitId());
            assertEquals(2, logged.changes().changed().size(), "one commit in the log, with both shards' parts");
            assertEquals(both.commitId(), a.recentLog(1).getFirst().changes().commitId(), "each shard logs its part");
            assertEquals(both.commitId(), c.recentLog(1).getFirst().changes().commitId());
        } finally {
            routes.forEach(RouteModelStore::close);
            routes.clear();
            jdbc.dispose(a);
            jdbc.dispose(c);
        }
    }

    @Test
    void aPreparedPartIsInvisibleUntilCommittedAndSurvivesTheStoreBeingReopened() {
        for (Servers server : List.of(Servers.PG_B, Servers.MARIADB_C)) {
            JdbcShards jdbc = new JdbcShards(server);
            JdbcModelStore store = jdbc.create("prep_" + Long.toHexString(System.nanoTime() & 0xffffff), 0);
            try {
                store.useModel(List.of(M.ePackage), List.of());
                ObjectId id = ObjectId.random();
                String tx = "st:test:" + UUID.randomUUID();
                store.prepare(create(id, "prepared"), tx);
                assertTrue(store.load(id).isEmpty(), server + ": a prepared part is not visible");
                assertEquals(List.of(tx), store.preparedIds("st:test:"));
                JdbcModelStore again = jdbc.reopen(store); // as after a crash: another store instance decides
                store = again;
                assertEquals(List.of(tx), again.preparedIds("st:test:"), server + ": still prepared after reopening");
                again.commitPrepared(tx);
                assertEquals("prepared", again.load(id).orElseThrow().value("name"));
                again.commitPrepared(tx); // decided already: nothing happens
                assertEquals(List.of(), again.preparedIds("st:test:"));

                ObjectId dropped = ObjectId.random();
                String tx2 = "st:test:" + UUID.randomUUID();
                again.prepare(create(dropped, "dropped"), tx2);
                again.rollbackPrepared(tx2);
                assertTrue(again.load(dropped).isEmpty());
                assertEquals(List.of(), again.preparedIds("st:test:"));
                assertThrows(IllegalArgumentException.class, () -> again.prepare(create(ObjectId.random(), "x"), "bad'id"));
            } finally {
                jdbc.dispose(store);
            }
        }
    }

    /**
     * Parts prepared on MariaDB and decided at once, again and again, with reads on the store's
     * other connections in between: each is decided (on the connection that prepared it) and none
     * stays behind. Before, a part was decided from another pooled connection while the preparing
     * one was closed; now and then MariaDB kept such a part prepared in InnoDB, unknown to XA
     * RECOVER, holding its rows until the server restarted (the route contract tests hung on it).
     */
    @Test
    void partsPreparedOnMariaDbAreDecidedAndLeaveNoTransactionBehind() throws Exception {
        JdbcShards jdbc = new JdbcShards(Servers.MARIADB_C);
        JdbcModelStore store = jdbc.create("xa_" + Long.toHexString(System.nanoTime() & 0xffffff), 0);
        JdbcStoreOptions o = Servers.MARIADB_C.fresh("xa_probe");
        try (java.sql.Connection probe = Servers.connect(o); java.sql.Statement st = probe.createStatement()) {
            store.useModel(List.of(M.ePackage), List.of());
            java.sql.ResultSet now = st.executeQuery("SELECT NOW()");
            now.next();
            java.sql.Timestamp started = now.getTimestamp(1);
            List<ObjectId> committed = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < 60 && System.nanoTime() < deadline; i++) {
                ObjectId id = ObjectId.random();
                String tx = "st:xa:" + UUID.randomUUID();
                store.prepare(create(id, "part " + i), tx);
                if (i % 3 == 2) {
                    store.rollbackPrepared(tx);
                    assertTrue(store.load(id).isEmpty(), "rolled back: " + tx);
                } else {
                    store.commitPrepared(tx);
                    committed.add(id);
                    assertEquals("part " + i, store.load(id).orElseThrow().value("name"));
                }
            }
            assertEquals(committed.size(), store.loadAll(committed).size());
            assertEquals(List.of(), store.preparedIds("st:xa:"));
            try (java.sql.PreparedStatement left = probe.prepareStatement(
                    "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = 0 AND trx_started >= ?")) {
                left.setTimestamp(1, started);
                java.sql.ResultSet r = left.executeQuery();
                r.next();
                assertEquals(0, r.getInt(1), "transactions left without a connection (prepared parts nobody decided)");
            }
        } finally {
            jdbc.dispose(store);
        }
    }

    /**
     * A decided commit whose part a shard could not apply is finished by the retry thread; while
     * that shard takes its time to answer, commits to the other shard go on (they waited for the
     * whole recovery before), and the part is applied once the shard answers.
     */
    @Test
    void aShardSlowToFinishADecidedCommitHoldsUpOnlyItsRecoveryNotCommitsToTheOtherShard() throws Exception {
        JdbcShards jdbc = new JdbcShards(Servers.PG_A, Servers.PG_B);
        String tag = Long.toHexString(System.nanoTime() & 0xffffff);
        JdbcModelStore a = jdbc.create("rs_a_" + tag, 0);
        JdbcModelStore b = jdbc.create("rs_b_" + tag, 1);
        SlowToCommit slowB = new SlowToCommit(b);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            RouteModelStore route = route(List.of(a, slowB), List.of());
            route.useModel(List.of(M.ePackage), List.of());
            ObjectId[] roots = rootOnEach(route, a);
            ObjectId left = roots[0];
            ObjectId right = roots[1];
            Record l = route.load(left).orElseThrow();
            Record r = route.load(right).orElseThrow();
            slowB.refuse = true; // shard b is down when the decided commit is to be applied
            route.commit(new ChangeSet(UUID.randomUUID(), "t", "both", List.of(), List.of(
                    rename(l, l.version(), "left-2"), rename(r, r.version(), "right-2")), List.of()));
            assertEquals("root", b.load(right).orElseThrow().value("name"), "b's part is still prepared");
            slowB.refuse = false;
            assertTrue(slowB.entered.await(20, TimeUnit.SECONDS), "the retry thread finishes the decided commit");

            Record l2 = a.load(left).orElseThrow();
            Future<Long> onA = other.submit(() -> route.commit(new ChangeSet(UUID.randomUUID(), "t", "a only", List.of(),
                    List.of(rename(l2, l2.version(), "left-3")), List.of())).sequence());
            onA.get(5, TimeUnit.SECONDS); // timed out while the recovery held the commit lock
            assertEquals("left-3", a.load(left).orElseThrow().value("name"));
            assertEquals("root", b.load(right).orElseThrow().value("name"), "b has not answered yet");

            slowB.answer.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!b.preparedIds("st:").isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertEquals("right-2", b.load(right).orElseThrow().value("name"), "the decided part is applied");
            assertEquals(List.of(), b.preparedIds("st:"));
        } finally {
            slowB.answer.countDown();
            other.shutdownNow();
            routes.forEach(RouteModelStore::close);
            routes.clear();
            jdbc.dispose(a);
            jdbc.dispose(b);
        }
    }

    /** A shard that refuses to apply a prepared part while {@code refuse}, then takes until {@code answer} to. */
    private static final class SlowToCommit extends TwoPhaseShard {
        volatile boolean refuse;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch answer = new CountDownLatch(1);

        SlowToCommit(JdbcModelStore shard) {
            super(shard);
        }

        @Override
        public void commitPrepared(String txId) {
            if (refuse) {
                throw new StoreException("shard b is down (test)");
            }
            entered.countDown();
            try {
                if (!answer.await(30, TimeUnit.SECONDS)) {
                    throw new StoreException("shard b did not answer (test)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted (test)", e);
            }
            super.commitPrepared(txId);
        }
    }

    @Test
    void aRouteStoreOverOneShardIsTheShard() throws Exception {
        List<ModelStore> one = memoryShards(1);
        Repository repo = Repositories.builder("r", route(one, List.of())).packages(M.ePackage).build();
        Session s = repo.openSession();
        s.add(M.newItem("alone"));
        s.commit();
        assertEquals(List.of("alone"), one.getFirst().roots().stream().map(r -> r.value("name")).toList());
        assertEquals("alone", repo.openSession().roots().getFirst().eGet(M.name));
    }

    @Test
    void configurationMistakesAreRefusedNamingTheStore() throws Exception {
        List<ModelStore> shards = memoryShards(2);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> route(List.of(shards.get(0), shards.get(0)), List.of()));
        assertTrue(twice.getMessage().contains("'m0' is listed twice"), twice.getMessage());
        IllegalArgumentException rule = assertThrows(IllegalArgumentException.class,
                () -> route(shards, List.of("Item=nowhere")));
        assertTrue(rule.getMessage().contains("'nowhere'") && rule.getMessage().contains("[m0, m1]"), rule.getMessage());
        IllegalArgumentException form = assertThrows(IllegalArgumentException.class, () -> route(shards, List.of("Item")));
        assertTrue(form.getMessage().contains("Class=shard"), form.getMessage());
        Path dir = Files.createTempDirectory("strata-route-test");
        dirs.add(dir);
        routes.add(RouteStores.open("one", shards, List.of(), dir, Quiet.EVENTS));
        StoreException inUse = assertThrows(StoreException.class, () -> RouteStores.open("two", shards, List.of(), dir, Quiet.EVENTS));
        assertTrue(inUse.getMessage().contains("in use"), inUse.getMessage());
    }

    /** A root on the shard {@code first} and one on another, made through the route (placed by hash). */
    private static ObjectId[] rootOnEach(RouteModelStore route, ModelStore first) {
        ObjectId left = null;
        ObjectId right = null;
        for (int i = 0; i < 64 && (left == null || right == null); i++) {
            ObjectId id = ObjectId.random();
            route.commit(create(id, "root"));
            if (first.load(id).isPresent()) {
                left = left == null ? id : left;
            } else {
                right = right == null ? id : right;
            }
        }
        assertTrue(left != null && right != null, "64 roots placed by hash all went to one shard");
        return new ObjectId[] { left, right };
    }

    private static ChangeSet create(ObjectId id, String name) {
        return new ChangeSet(UUID.randomUUID(), "t", "", List.of(new Record(id, ITEM, 0, Map.of("name", name))),
                List.of(), List.of());
    }

    private static ChangeSet.Change rename(Record r, long expected, String name) {
        return new ChangeSet.Change(r.id(), r.type(), expected, null, Map.of("name", name), Map.of("name", r.value("name")));
    }
}
