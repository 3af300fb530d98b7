package dev.strata.store.route.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ChildJvm;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.KillLoop;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.route.RouteModelStore;
import dev.strata.store.route.RouteStores;

/**
 * Kills the coordinator of commits across a PostgreSQL and a MariaDB shard with SIGKILL between
 * the two phases, round after round: alternately after both parts are prepared (undecided) and
 * when the decided commit's second part is about to be applied (the first may be applied already).
 * After each kill a route store opened on the same coordinator log must settle it: every commit the
 * coordinator acknowledged is on both shards, the decided one too, the undecided one on neither, no
 * prepared transaction is left, and both shards hold the same items. Bounded in rounds and time;
 * the figures go to target/reliability/route-crash.txt.
 */
class RouteCrashTest {

    private static final int ROUNDS = 50;
    private static final long TIME_LIMIT_MS = 12 * 60_000;

    @Test
    void killingTheCoordinatorBetweenThePhasesLeavesEveryShardConsistentAfterRecovery() throws Exception {
        String tag = Long.toHexString(System.nanoTime() & 0xffffff);
        JdbcShards jdbc = new JdbcShards(Servers.PG_A, Servers.MARIADB_C);
        JdbcModelStore a = jdbc.create("crash_a_" + tag, 0);
        JdbcModelStore c = jdbc.create("crash_c_" + tag, 1);
        JdbcStoreOptions oa = a.options();
        JdbcStoreOptions oc = c.options();
        Path dir = Files.createTempDirectory("strata-route-crash");
        long started = System.currentTimeMillis();
        StringBuilder figures = new StringBuilder();
        try {
            ObjectId[] roots = roots(a, c, dir);
            Random random = new Random(42);
            int next = 1;
            int rounds = 0;
            int decided = 0;
            int undecided = 0;
            int acknowledged = 0;
            for (; rounds < ROUNDS && System.currentTimeMillis() - started < TIME_LIMIT_MS; rounds++) {
                boolean atCommit = rounds % 2 == 0;
                int count = 1 + random.nextInt(3);
                Process child = ChildJvm.of(RouteCrashChild.class, List.of(BlockingShard.class, RouteStores.class,
                        dev.strata.store.jdbc.JdbcStores.class, Record.class, ContractModel.class, EPackage.class,
                        org.eclipse.emf.common.util.URI.class, org.osgi.service.event.EventAdmin.class,
                        org.h2.Driver.class, org.postgresql.Driver.class, org.mariadb.jdbc.Driver.class), List.of(),
                        dir.toString(), oa.url() + "|" + oa.schema(), oc.url() + "|" + oc.schema(), roots[0].toString(),
                        roots[1].toString(), String.valueOf(next), String.valueOf(count),
                        atCommit ? "AT_COMMIT" : "AFTER_PREPARE").start();
                List<Integer> acked = new ArrayList<>();
                String blocked = null;
                List<String> output = new ArrayList<>();
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    long deadline = System.currentTimeMillis() + 60_000;
                    String line;
                    while (System.currentTimeMillis() < deadline && (line = out.readLine()) != null) {
                        output.add(line);
                        if (line.startsWith("ACK ")) {
                            acked.add(Integer.parseInt(line.substring(4)));
                        } else if (line.startsWith("BLOCKED ")) {
                            blocked = line;
                            break;
                        }
                    }
                    child.destroyForcibly(); // SIGKILL
                    child.waitFor(30, TimeUnit.SECONDS);
                }
                if (blocked == null) {
                    fail("round " + rounds + ": the coordinator did not reach the step to be killed at:\n"
                            + String.join("\n", output));
                }
                int last = next + count - 1;
                assertEquals(count - 1, acked.size(), "round " + rounds + ": " + output);
                acknowledged += acked.size();
                if (atCommit) {
                    decided++;
                } else {
                    undecided++;
                }
                if (rounds == 1) {
                    // MariaDB unreachable at the restart: the undecided commit stays open, and the same commit
                    // sent again (as a queue draining into the route store would) is refused, applied nowhere.
                    try (RouteModelStore route = RouteStores.open("crash", List.<ModelStore>of(a, new Unreachable(c)),
                            List.of(), dir, null)) {
                        ChangeSet again = RouteCrashChild.both(route, roots[0], roots[1], last, RouteCrashChild.commitId(dir, last));
                        StoreException refused = assertThrows(StoreException.class, () -> route.commit(again));
                        assertTrue(refused.getMessage().contains("left undecided by a crash"), refused.getMessage());
                        assertFalse(names(a, roots[0]).contains(Integer.toString(last)), "not applied on PostgreSQL");
                    }
                }
                try (RouteModelStore route = RouteStores.open("crash", List.<ModelStore>of(a, c), List.of(), dir, null)) {
                    assertTrue(route.recover() == 0, "recovery at opening settled everything");
                    Set<String> left = names(a, roots[0]);
                    Set<String> right = names(c, roots[1]);
                    assertEquals(left, right, "round " + rounds + ": both shards hold the same items");
                    for (int n : acked) {
                        assertTrue(left.contains(Integer.toString(n)), "round " + rounds + ": acknowledged commit " + n);
                    }
                    assertEquals(atCommit, left.contains(Integer.toString(last)), "round " + rounds + ": commit " + last
                            + (atCommit ? " was decided: it must be applied on both shards" : " was undecided: on neither"));
                    assertEquals(List.of(), a.preparedIds("st:"), "nothing left prepared on PostgreSQL");
                    assertEquals(List.of(), c.preparedIds("st:"), "nothing left prepared on MariaDB");
                }
                next = last + 1;
            }
            assertTrue(rounds >= ROUNDS, "only " + rounds + " rounds within " + TIME_LIMIT_MS / 1000 + " s");
            figures.append("route store over PostgreSQL + MariaDB, coordinator killed with SIGKILL between the phases\n")
                    .append("rounds: ").append(rounds).append(" (killed undecided: ").append(undecided)
                    .append(", killed decided: ").append(decided).append(")\n")
                    .append("commits acknowledged before the kills: ").append(acknowledged).append("\n")
                    .append("seconds: ").append((System.currentTimeMillis() - started) / 1000).append("\n")
                    .append("result: every shard consistent after each recovery\n");
            KillLoop.write("route-crash", figures.toString());
        } finally {
            jdbc.dispose(a);
            jdbc.dispose(c);
            RouteContractTest.delete(dir);
        }
    }

    /** A shard whose database cannot be reached for its prepared transactions. */
    private static final class Unreachable extends TwoPhaseShard {

        Unreachable(JdbcModelStore shard) {
            super(shard);
        }

        @Override
        public CommitResult prepare(ChangeSet changes, String txId) {
            throw down();
        }

        @Override
        public void commitPrepared(String txId) {
            throw down();
        }

        @Override
        public void rollbackPrepared(String txId) {
            throw down();
        }

        @Override
        public List<String> preparedIds(String prefix) {
            throw down();
        }

        private StoreException down() {
            return new StoreException("shard '" + shard.name() + "' is unreachable (test)");
        }
    }

    /** A root on each shard: roots are placed by hash, so new ones are made until each shard has one. */
    private static ObjectId[] roots(JdbcModelStore a, JdbcModelStore c, Path dir) {
        TypeRef item = TypeRef.of(ContractModel.INSTANCE.item);
        ObjectId left = null;
        ObjectId right = null;
        try (RouteModelStore route = RouteStores.open("crash", List.<ModelStore>of(a, c), List.of(), dir, null)) {
            route.useModel(List.of(ContractModel.INSTANCE.ePackage), List.of());
            for (int i = 0; i < 64 && (left == null || right == null); i++) {
                ObjectId id = ObjectId.random();
                route.commit(new ChangeSet(UUID.randomUUID(), "crash", "", List.of(new Record(id, item, 0,
                        Map.of("name", "root"))), List.of(), List.of()));
                if (a.load(id).isPresent() && left == null) {
                    left = id;
                } else if (c.load(id).isPresent() && right == null) {
                    right = id;
                }
            }
        }
        assertTrue(left != null && right != null, "64 roots placed by hash all went to one shard");
        return new ObjectId[] { left, right };
    }

    private static Set<String> names(JdbcModelStore shard, ObjectId root) {
        Set<String> names = new TreeSet<>();
        for (Record r : shard.loadTree(root).values()) {
            if (!r.id().equals(root)) {
                names.add((String) r.value("name"));
            }
        }
        return names;
    }
}
