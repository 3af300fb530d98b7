package dev.strata.store.jdbc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.Test;

import dev.strata.core.Record;
import dev.strata.core.contract.ChildJvm;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/**
 * The embedded default must keep every acknowledged commit: a child JVM commits into H2 and is
 * killed with SIGKILL right after an acknowledgement; after restart every acknowledged commit is
 * there. (H2 on its own acknowledges COMMIT before the data is written.)
 */
class H2DurabilityTest {

    private static final int ROUNDS = 3;
    private static final long TIME_LIMIT_MS = 120_000;

    @Test
    void everyAcknowledgedCommitSurvivesAKillRightAfterItsAcknowledgement() throws Exception {
        Path dir = Files.createTempDirectory("strata-h2-crash");
        Set<Integer> acknowledged = new HashSet<>();
        long deadline = System.currentTimeMillis() + TIME_LIMIT_MS;
        int next = 0;
        int rounds = 0;
        try {
            for (int round = 0; round < ROUNDS && System.currentTimeMillis() < deadline; round++) {
                Process child = ChildJvm.of(H2CrashChild.class, List.of(JdbcStores.class, Record.class, ContractModel.class,
                        EPackage.class, org.eclipse.emf.common.util.URI.class, org.osgi.service.event.EventAdmin.class,
                        org.h2.Driver.class), List.of(), dir.toString(), String.valueOf(next)).start();
                List<String> other = new ArrayList<>();
                int acksThisRound = 0;
                int killAfter = 30 + round * 20;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        if (line.startsWith("ACK ")) {
                            acknowledged.add(Integer.parseInt(line.substring(4)));
                            if (++acksThisRound == killAfter) {
                                // Right after the acknowledgement: nothing may be pending in H2's buffers.
                                child.destroyForcibly();
                                break;
                            }
                        } else {
                            other.add(line);
                        }
                        if (System.currentTimeMillis() > deadline) {
                            child.destroyForcibly();
                            break;
                        }
                    }
                }
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                assertEquals(137, child.exitValue(), "killed with SIGKILL; output: " + other);
                Set<Integer> stored = new HashSet<>();
                try (JdbcModelStore store = JdbcStores.open("crash", JdbcStoreOptions.h2(dir, "crash"))) {
                    for (Record rec : store.roots()) {
                        stored.add((Integer) rec.value("count"));
                    }
                }
                for (int ack : acknowledged) {
                    assertTrue(stored.contains(ack), "acknowledged commit " + ack + " lost in round " + round);
                }
                next = stored.stream().mapToInt(Integer::intValue).max().orElse(next - 1) + 1;
                rounds++;
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        assertEquals(ROUNDS, rounds, "rounds run within the time limit");
        assertTrue(acknowledged.size() >= 90, "too few commits to mean anything: " + acknowledged.size());
    }
}
