package dev.strata.store.jdbc.tests;

import java.time.Duration;
import java.util.List;

import dev.strata.core.IndexDef;
import dev.strata.core.LockMode;
import dev.strata.core.ObjectId;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/**
 * Runs in a child JVM that the lock test kills with SIGKILL: write-locks one object (arguments: URL,
 * user, password, schema, object id) with a lease of 2 s, prints "LOCKED", and renews the lease
 * every 500 ms while it lives (for at most two minutes).
 */
public final class JdbcLockChild {

    static final Duration LEASE = Duration.ofSeconds(2);

    private JdbcLockChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        JdbcStoreOptions options = JdbcStoreOptions.of(args[0]).withCredentials(args[1], args[2]).withSchema(args[3]);
        ObjectId id = ObjectId.parse(args[4]);
        ContractModel m = ContractModel.INSTANCE;
        try (JdbcModelStore store = JdbcStores.open("locks", options)) {
            store.useModel(List.of(m.ePackage), IndexDef.declaredIn(List.of(m.ePackage)));
            String owner = "child-" + ProcessHandle.current().pid();
            store.lock(owner, "child", List.of(id), LockMode.WRITE, LEASE);
            System.out.println("LOCKED " + owner);
            System.out.flush();
            for (int i = 0; i < 240; i++) {
                Thread.sleep(500);
                store.lock(owner, "child", List.of(id), LockMode.WRITE, LEASE);
            }
        }
    }
}
