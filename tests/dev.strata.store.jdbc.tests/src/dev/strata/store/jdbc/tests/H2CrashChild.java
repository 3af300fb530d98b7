package dev.strata.store.jdbc.tests;

import java.nio.file.Path;
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
 * Runs in a child JVM that the durability test kills with SIGKILL: commits one item per commit into
 * an embedded H2 store and prints "ACK n" only after commit n returned.
 */
public final class H2CrashChild {

    private H2CrashChild() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int start = Integer.parseInt(args[1]);
        ContractModel m = ContractModel.INSTANCE;
        TypeRef item = TypeRef.of(m.item);
        try (JdbcModelStore store = JdbcStores.open("crash", JdbcStoreOptions.h2(dir, "crash"))) {
            store.useModel(List.of(m.ePackage), IndexDef.declaredIn(List.of(m.ePackage)));
            System.out.println("OPEN");
            System.out.flush();
            for (int n = start; n < start + 100_000; n++) {
                store.commit(new ChangeSet(UUID.randomUUID(), "crash", "", List.of(new Record(ObjectId.random(), item, 0,
                        Map.of("name", "crash-" + n, "count", n))), List.of(), List.of()));
                System.out.println("ACK " + n);
                System.out.flush();
            }
        }
    }
}
