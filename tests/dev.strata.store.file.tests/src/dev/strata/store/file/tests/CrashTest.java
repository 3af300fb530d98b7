package dev.strata.store.file.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.Record;
import dev.strata.core.contract.ChildJvm;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.KillLoop;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * Kills a child JVM with SIGKILL at random points while it commits and compacts (alternating XMI
 * and binary snapshots), then reopens the store: every acknowledged commit must be there, and no
 * commit may be there in part. 200 rounds, bounded in time; figures in
 * target/reliability/file-store-kill.txt.
 */
class CrashTest {

    private static final int ROUNDS = 200;
    private static final long TIME_LIMIT_MS = 15 * 60_000;

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
        int[] round = { 0 };
        KillLoop.Figures f = KillLoop.run("file-store-kill", ROUNDS, TIME_LIMIT_MS, 400, next -> {
            String format = round[0]++ % 2 == 0 ? "xmi" : "binary";
            return ChildJvm.of(CrashChild.class, List.of(FileStores.class, Record.class, ContractModel.class,
                    EPackage.class, org.eclipse.emf.common.util.URI.class, org.eclipse.emf.ecore.xmi.XMLResource.class,
                    org.osgi.service.event.EventAdmin.class), List.of(), dir.toString(), format,
                    String.valueOf(next)).start();
        }, () -> {
            Map<Integer, Integer> perBatch = new HashMap<>();
            try (FileModelStore store = FileStores.open("crash", FileStoreOptions.defaults(dir))) {
                for (Record r : store.roots()) {
                    perBatch.merge((Integer) r.value("count"), 1, Integer::sum);
                }
            }
            for (Map.Entry<Integer, Integer> e : perBatch.entrySet()) {
                assertEquals(CrashChild.BATCH, e.getValue(), "commit " + e.getKey() + " is there only in part");
            }
            return Set.copyOf(perBatch.keySet());
        });
        assertTrue(f.acknowledged() > 200, "too few commits to mean anything: " + f.acknowledged());
    }
}
