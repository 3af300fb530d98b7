package dev.strata.store.queue.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.IndexDef;
import dev.strata.core.Record;
import dev.strata.core.contract.ChildJvm;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.KillLoop;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;
import dev.strata.store.file.journal.FrameLog;
import dev.strata.store.queue.QueueModelStore;
import dev.strata.store.queue.QueueStoreOptions;
import dev.strata.store.queue.QueueStores;

/**
 * Kills a child JVM with SIGKILL while it commits through a queue whose file store drains slowly,
 * so the queue holds commits at the kill; then a new queue on the same journal drains them: every
 * acknowledged commit must be in the file store, each once. 20 rounds, bounded in time; figures in
 * target/reliability/queue-store-kill.txt.
 */
class QueueCrashTest {

    private static final int ROUNDS = 20;
    private static final long TIME_LIMIT_MS = 5 * 60_000;

    private Path storeDir;
    private Path journal;
    private int maxQueuedAtKill;

    @BeforeEach
    void setUp() throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        storeDir = Files.createTempDirectory("strata-queue-crash-store");
        journal = Files.createTempDirectory("strata-queue-crash-journal");
    }

    @AfterEach
    void tearDown() throws IOException {
        QueueContractTest.deleteTree(storeDir);
        QueueContractTest.deleteTree(journal);
    }

    @Test
    void everyAcknowledgedCommitIsInTheStoreAfterKillMinusNineAndTheNextDrain() throws Exception {
        KillLoop.Figures f = KillLoop.run("queue-store-kill", ROUNDS, TIME_LIMIT_MS, 1500, next -> ChildJvm.of(
                QueueCrashChild.class, List.of(QueueStores.class, FrameLog.class, FileStores.class, Record.class,
                        ContractModel.class, EPackage.class, org.eclipse.emf.common.util.URI.class,
                        org.eclipse.emf.ecore.xmi.XMLResource.class, org.osgi.service.event.EventAdmin.class),
                List.of(), storeDir.toString(), journal.toString(), String.valueOf(next)).start(), this::drainAndRead);
        assertTrue(f.acknowledged() > 100, "too few commits to mean anything: " + f.acknowledged());
        assertTrue(maxQueuedAtKill > 0, "the queue never held a commit when the child was killed");
    }

    /** Opens the store and a queue on the journal, drains, and reads the counts of the items stored. */
    private Set<Integer> drainAndRead() throws Exception {
        Set<Integer> counts = new HashSet<>();
        try (FileModelStore store = FileStores.open(QueueCrashChild.STORE, FileStoreOptions.defaults(storeDir));
                QueueModelStore queue = QueueStores.open(QueueCrashChild.QUEUE, store,
                        QueueStoreOptions.defaults(journal), QueueCrashChild.NO_EVENTS)) {
            queue.useModel(List.of(ContractModel.INSTANCE.ePackage),
                    IndexDef.declaredIn(List.of(ContractModel.INSTANCE.ePackage)));
            maxQueuedAtKill = Math.max(maxQueuedAtKill, queue.queued());
            assertTrue(queue.awaitDrained(Duration.ofSeconds(60)), "not drained: " + queue);
            for (Record r : store.roots()) {
                assertTrue(counts.add((Integer) r.value("count")), "commit " + r.value("count") + " applied twice");
            }
            assertEquals(0, queue.queued());
        }
        return counts;
    }
}
