package dev.strata.store.jdbc.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.Test;

import dev.strata.core.Record;
import dev.strata.core.contract.ChildJvm;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.KillLoop;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/**
 * Acknowledged commits survive SIGKILL of the committing process at any moment, on the embedded
 * default (H2) and on PostgreSQL: 100 rounds each, killed a random 0–300 ms into committing (not
 * only while idle after an acknowledgement). Each check opens and closes the store, as a user
 * restarting would. Figures in target/reliability/{h2,postgresql}-kill.txt.
 */
class JdbcKillTest {

    private static final int ROUNDS = 100;
    private static final long TIME_LIMIT_MS = 8 * 60_000;

    @Test
    void h2KeepsEveryAcknowledgedCommitOverAHundredKills() throws Exception {
        loop(Databases.H2, "h2-kill");
    }

    @Test
    void postgresqlKeepsEveryAcknowledgedCommitOverAHundredKills() throws Exception {
        loop(Databases.POSTGRESQL, "postgresql-kill");
    }

    private static void loop(Databases db, String name) throws Exception {
        JdbcStoreOptions options = db.fresh("kill" + Long.toHexString(System.nanoTime() & 0xffffff));
        try {
            KillLoop.Figures f = KillLoop.run(name, ROUNDS, TIME_LIMIT_MS, 300, next -> ChildJvm.of(
                    JdbcCrashChild.class, List.of(JdbcStores.class, Record.class, ContractModel.class, EPackage.class,
                            org.eclipse.emf.common.util.URI.class, org.osgi.service.event.EventAdmin.class,
                            org.h2.Driver.class, org.postgresql.Driver.class), List.of(), options.url(), options.user(),
                    options.password(), options.schema(), String.valueOf(next)).start(), () -> {
                        Set<Integer> stored = new HashSet<>();
                        try (JdbcModelStore store = JdbcStores.open("crash", options)) {
                            for (Record r : store.roots()) {
                                stored.add((Integer) r.value("count"));
                            }
                        }
                        return stored;
                    });
            assertTrue(f.acknowledged() >= ROUNDS, "too few commits to mean anything: " + f.acknowledged());
        } finally {
            db.drop(options);
        }
    }
}
