package dev.strata.store.file.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.Record;
import dev.strata.core.contract.ChildJvm;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * Kills a child JVM with SIGKILL at random points while it commits and compacts, then reopens the
 * store: every acknowledged commit must be there, and no commit may be there in part. Bounded in
 * rounds and in time.
 */
class CrashTest {

    private static final int ROUNDS = 10;
    private static final long TIME_LIMIT_MS = 120_000;

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        dir = Files.createTempDirectory("strata-crash");
    }

    @AfterEach
    void tearDown() throws IOException {
        FileStoreContractTest.deleteTree(dir);
    }

    @Test
    void everyAcknowledgedCommitSurvivesKillMinusNineAndNoneIsPartial() throws Exception {
        Random random = new Random(42);
        long deadline = System.currentTimeMillis() + TIME_LIMIT_MS;
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        int next = 0;
        int rounds = 0;
        for (int round = 0; round < ROUNDS && System.currentTimeMillis() < deadline; round++) {
            String format = round % 2 == 0 ? "xmi" : "binary";
            Process child = ChildJvm.of(CrashChild.class, List.of(FileStores.class, Record.class, ContractModel.class,
                    EPackage.class, org.eclipse.emf.common.util.URI.class, org.eclipse.emf.ecore.xmi.XMLResource.class,
                    org.osgi.service.event.EventAdmin.class), List.of(), dir.toString(), format, String.valueOf(next)).start();
            List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        if (line.startsWith("ACK ")) {
                            acknowledged.add(Integer.parseInt(line.substring(4)));
                        } else {
                            output.add(line);
                        }
                    }
                } catch (IOException e) {
                    output.add("reader: " + e);
                }
            });
            reader.start();
            // Wait until it is committing, then kill it at a random moment.
            long until = System.currentTimeMillis() + 20_000;
            while (output.stream().noneMatch(l -> l.startsWith("OPEN")) && child.isAlive()
                    && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "the child died by itself: " + output);
            Thread.sleep(100 + random.nextInt(900));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join(10_000);
            assertEquals(137, child.exitValue(), "killed with SIGKILL; output: " + output);

            Map<Integer, Integer> perBatch = new HashMap<>();
            try (FileModelStore store = FileStores.open("crash", FileStoreOptions.defaults(dir))) {
                for (Record r : store.roots()) {
                    perBatch.merge((Integer) r.value("count"), 1, Integer::sum);
                }
            }
            for (int ack : acknowledged) {
                assertEquals(CrashChild.BATCH, perBatch.getOrDefault(ack, 0), "acknowledged commit " + ack
                        + " after round " + round);
            }
            for (Map.Entry<Integer, Integer> e : perBatch.entrySet()) {
                assertEquals(CrashChild.BATCH, e.getValue(), "commit " + e.getKey() + " is there only in part");
            }
            next = perBatch.keySet().stream().mapToInt(Integer::intValue).max().orElse(next - 1) + 1;
            rounds++;
        }
        assertTrue(rounds >= 3, "only " + rounds + " rounds ran within the time limit");
        assertTrue(acknowledged.size() > 20, "too few commits to mean anything: " + acknowledged.size());
    }
}
