package dev.strata.store.route.tests;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.strata.core.ChangeSet;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Progress;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;
import dev.strata.store.route.RouteModelStore;
import dev.strata.store.route.RouteStores;

/**
 * The coordinator that {@link RouteCrashTest} kills: over a PostgreSQL and a MariaDB shard, commits
 * n = next, next+1, … each adding an item named n to the left root (on one shard) and to the right
 * root (on the other), prints "ACK n" for each, and stops at the last at the step it is told to,
 * printing "BLOCKED …".
 * Arguments: coordinator directory, the two shards' URL|schema, the two roots' ids, next, how many
 * commits, the step (AFTER_PREPARE or AT_COMMIT).
 */
public final class RouteCrashChild {

    private RouteCrashChild() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        BlockingShard a = new BlockingShard(open("a", args[1]));
        BlockingShard c = new BlockingShard(open("c", args[2]));
        ObjectId left = ObjectId.parse(args[3]);
        ObjectId right = ObjectId.parse(args[4]);
        int next = Integer.parseInt(args[5]);
        int count = Integer.parseInt(args[6]);
        BlockingShard.Step step = BlockingShard.Step.valueOf(args[7]);
        RouteModelStore route = RouteStores.open("crash", List.<ModelStore>of(a, c), List.of(), dir, null);
        route.useModel(List.of(ContractModel.INSTANCE.ePackage), List.of());
        System.out.println("OPEN");
        for (int n = next; n < next + count; n++) {
            if (n == next + count - 1) {
                c.blockAt = step;
            }
            route.commit(both(route, left, right, n, commitId(dir, n)));
            System.out.println("ACK " + n);
            System.out.flush();
        }
        System.out.println("NOT BLOCKED");
        Runtime.getRuntime().halt(4);
    }

    private static dev.strata.store.jdbc.JdbcModelStore open(String name, String spec) {
        String[] p = spec.split("\\|");
        JdbcStoreOptions o = JdbcStoreOptions.of(p[0]).withCredentials(p[0].contains("mariadb") ? "root" : "postgres", "")
                .withSchema(p[1]);
        return JdbcStores.open(name, o, null, Progress.NONE);
    }

    /** Commit n's id, the same in the test (which sends a commit again). */
    static UUID commitId(Path dir, int n) {
        return UUID.nameUUIDFromBytes((dir.toAbsolutePath() + "#" + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Adds an item named n to each root. */
    static ChangeSet both(ModelStore store, ObjectId left, ObjectId right, int n, UUID commitId) {
        TypeRef item = TypeRef.of(ContractModel.INSTANCE.item);
        Record l = store.load(left).orElseThrow();
        Record r = store.load(right).orElseThrow();
        ObjectId inL = ObjectId.random();
        ObjectId inR = ObjectId.random();
        return new ChangeSet(commitId, "crash", Integer.toString(n),
                List.of(new Record(inL, item, 0, left, Map.of("name", Integer.toString(n))),
                        new Record(inR, item, 0, right, Map.of("name", Integer.toString(n)))),
                List.of(added(l, inL), added(r, inR)), List.of());
    }

    @SuppressWarnings("unchecked")
    private static ChangeSet.Change added(Record root, ObjectId child) {
        List<ObjectId> before = (List<ObjectId>) root.values().getOrDefault("children", List.of());
        List<ObjectId> after = new java.util.ArrayList<>(before);
        after.add(child);
        return new ChangeSet.Change(root.id(), root.type(), root.version(), null, Map.of("children", after),
                Map.of("children", before));
    }
}
