package dev.strata.store.file.tests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.emf.ecore.EPackage;

import dev.strata.core.ChangeSet;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * Runs in a child JVM that the crash test kills with SIGKILL: commits batches of three items as
 * fast as it can, compacting often, and prints "ACK n" only after commit n returned.
 */
public final class CrashChild {

    static final int BATCH = 3;

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        FileStoreOptions.Format format = FileStoreOptions.Format.parse(args[1]);
        int start = Integer.parseInt(args[2]);
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        TypeRef item = TypeRef.of(ContractModel.INSTANCE.item);
        try (FileModelStore store = FileStores.open("crash",
                FileStoreOptions.defaults(dir).withFormat(format).withCompactAfterBytes(16 * 1024))) {
            System.out.println("OPEN " + store.roots().size());
            System.out.flush();
            for (int i = start; i < start + 100_000; i++) {
                List<Record> records = new ArrayList<>();
                for (int k = 0; k < BATCH; k++) {
                    records.add(new Record(ObjectId.random(), item, 0, Map.of("name", "b" + i + "-" + k, "count", i,
                            "text", "payload ".repeat(20))));
                }
                store.commit(new ChangeSet(UUID.randomUUID(), "crash", "", records, List.of(), List.of()));
                System.out.println("ACK " + i);
                System.out.flush();
                if (i % 40 == 0) {
                    store.compact();
                }
            }
        }
    }
}
