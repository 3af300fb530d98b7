package dev.strata.store.jdbc.tests;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.strata.core.ChangeSet;
import dev.strata.core.IndexDef;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/**
 * Runs in a child JVM that the kill test kills with SIGKILL: commits into a JDBC store (arguments:
 * URL, user, password, schema, first number) and prints "ACK n" only after commit n returned. Every
 * third commit is a root with two children, so that commits touch several tables, like real ones.
 */
public final class JdbcCrashChild {

    private JdbcCrashChild() {
    }

    public static void main(String[] args) {
        JdbcStoreOptions options = JdbcStoreOptions.of(args[0]).withCredentials(args[1], args[2]).withSchema(args[3]);
        int start = Integer.parseInt(args[4]);
        ContractModel m = ContractModel.INSTANCE;
        TypeRef item = TypeRef.of(m.item);
        try (JdbcModelStore store = JdbcStores.open("crash", options)) {
            store.useModel(List.of(m.ePackage), IndexDef.declaredIn(List.of(m.ePackage)));
            System.out.println("OPEN");
            System.out.flush();
            for (int n = start; n < start + 100_000; n++) {
                ObjectId root = ObjectId.random();
                List<Record> created = new java.util.ArrayList<>();
                if (n % 3 == 0) {
                    ObjectId a = ObjectId.random();
                    ObjectId b = ObjectId.random();
                    created.add(new Record(root, item, 0, Map.of("name", "crash-" + n, "count", n,
                            "children", List.of(a, b), "tags", List.of("x", "y"))));
                    created.add(new Record(a, item, 0, root, Map.of("name", "a-" + n, "text", "t".repeat(n % 500))));
                    created.add(new Record(b, item, 0, root, Map.of("name", "b-" + n)));
                } else {
                    created.add(new Record(root, item, 0, Map.of("name", "crash-" + n, "count", n)));
                }
                store.commit(new ChangeSet(UUID.randomUUID(), "crash", "", created, List.of(), List.of()));
                System.out.println("ACK " + n);
                System.out.flush();
            }
        }
    }
}
