package dev.strata.store.jdbc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.Test;

import dev.strata.core.LockMode;
import dev.strata.core.LockedException;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.contract.ChildJvm;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/**
 * Two processes contend for one object's lock on PostgreSQL and MariaDB: the child holds a WRITE
 * lock and renews its lease; this process is refused (the lock and a commit), a session waiting
 * for the lock gets it once the child is killed with SIGKILL and its lease ends, and commits.
 */
class JdbcLockTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    @Test
    void aLockHeldByAnotherProcessIsRefusedUntilThatProcessDiesAndItsLeaseEnds() throws Exception {
        for (Databases db : List.of(Databases.POSTGRESQL, Databases.MARIADB)) {
            JdbcStoreOptions options = db.fresh("locks" + Long.toHexString(System.nanoTime() & 0xffffff));
            try (JdbcModelStore store = JdbcStores.open("locks", options)) {
                contend(db, options, store);
            } finally {
                db.drop(options);
            }
        }
    }

    private static void contend(Databases db, JdbcStoreOptions options, JdbcModelStore store) throws Exception {
        Repository repo = Repositories.builder("locks", store).packages(M.ePackage).build();
        ObjectId id;
        try (Session s = repo.openSession()) {
            EObject item = s.add(M.newItem("contended"));
            s.commit();
            id = s.idOf(item);
        }
        Process child = ChildJvm.of(JdbcLockChild.class, List.of(JdbcStores.class, Record.class, ContractModel.class,
                EPackage.class, org.eclipse.emf.common.util.URI.class, org.osgi.service.event.EventAdmin.class,
                org.h2.Driver.class, org.postgresql.Driver.class, org.mariadb.jdbc.Driver.class), List.of(),
                options.url(), options.user(), options.password(), options.schema(), id.toString()).start();
        try (Session mine = repo.openSession()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String l = out.readLine(); l != null; l = out.readLine()) {
                        if (l.startsWith("LOCKED")) {
                            return l;
                        }
                    }
                    return "the child ended without locking";
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            }).get(60, TimeUnit.SECONDS);
            assertTrue(line.startsWith("LOCKED"), db + ": " + line);

            EObject item = mine.get(id);
            LockedException refused = assertThrows(LockedException.class, () -> mine.lock(List.of(item), LockMode.READ),
                    db.name());
            assertEquals("child", refused.held().get(0).holder());
            item.eSet(M.text, "from the parent");
            assertThrows(LockedException.class, mine::commit, db + ": a commit of the locked object is refused");
            // Longer than the lease: the living child renews it, so it still holds.
            Thread.sleep(JdbcLockChild.LEASE.toMillis() + 1_000);
            assertThrows(LockedException.class, () -> mine.lock(List.of(item), LockMode.WRITE), db.name());

            child.destroyForcibly(); // SIGKILL: nothing lets the lock go but the lease
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child is gone");
            long t0 = System.nanoTime();
            mine.lock(List.of(item), LockMode.WRITE, Duration.ofSeconds(20));
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waitedMs <= JdbcLockChild.LEASE.toMillis() + 5_000, db + ": waited " + waitedMs + " ms");
            mine.commit();
            assertEquals("from the parent", store.load(id).orElseThrow().value("text"));
            assertTrue(store.locks().isEmpty(), db + ": the commit let the lock go: " + store.locks());
        } finally {
            child.destroyForcibly();
        }
    }
}
