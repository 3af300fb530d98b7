package dev.strata.store.queue.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.store.tests.support.Console;

/** A queue made with the console's mkstore, and its figures in the store listing. */
class QueueConsoleTest {

    private final BundleContext context = FrameworkUtil.getBundle(QueueConsoleTest.class).getBundleContext();

    @Test
    void mkstoreMakesAQueueAndStoresShowsItsFigures() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String files = "qfiles-" + suffix;
        String queue = "qqueue-" + suffix;
        try (Console console = new Console(context)) {
            try {
                console.run("strata:mkstore file " + files + " directory=" + Files.createTempDirectory("strata-queue-console"));
                String made = console.run("strata:mkstore queue " + queue + " 'store.target=(strata.store=" + files
                        + ")' journal.directory=" + Files.createTempDirectory("strata-queue-console-journal")
                        + " max.queued=500");
                assertTrue(made.contains("ready"), made);
                String listing = console.run("strata:stores");
                String line = listing.lines().filter(l -> l.startsWith(queue)).findFirst()
                        .orElseThrow(() -> new AssertionError("the queue is not listed: " + listing));
                assertTrue(line.contains(" queue ") && line.contains("queued=0") && line.contains("failing=0")
                        && line.contains("max.queued=500"), line);
                // Nothing to set aside: the queue is not stuck, and a file store is no queue.
                Path aside = Files.createTempDirectory("strata-queue-console-aside").resolve("aside.json");
                Exception notStuck = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                        () -> console.run("strata:setaside " + queue + " " + aside));
                assertTrue(String.valueOf(notStuck.getMessage()).contains("is not stuck"), String.valueOf(notStuck));
                Exception notQueue = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                        () -> console.run("strata:setaside " + files + " " + aside));
                assertTrue(String.valueOf(notQueue.getMessage()).contains("is not a queue store"), String.valueOf(notQueue));
                assertFalse(Files.exists(aside));
            } finally {
                console.unconfigure(queue);
                console.unconfigure(files);
            }
        }
    }
    /** A stuck queue (its store refuses the head commit) set aside from the console. */
    @Test
    void setasideWritesAStuckQueuesCommitToAFileAndTheQueueGoesOn() throws Exception {
        org.eclipse.emf.ecore.EPackage.Registry.INSTANCE.put(dev.strata.core.contract.ContractModel.NS_URI,
                dev.strata.core.contract.ContractModel.INSTANCE.ePackage);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        dev.strata.core.ModelStore memory = dev.strata.core.Repositories.memoryStore("qmem-" + suffix);
        Unreachable wrapped = new Unreachable(memory);
        Path journal = Files.createTempDirectory("strata-queue-console-stuck");
        org.osgi.service.event.EventAdmin quiet = new org.osgi.service.event.EventAdmin() {
            @Override
            public void postEvent(org.osgi.service.event.Event event) {
            }

            @Override
            public void sendEvent(org.osgi.service.event.Event event) {
            }
        };
        String name = "qstuck-" + suffix;
        dev.strata.store.queue.QueueModelStore queue = dev.strata.store.queue.QueueStores.open(name, wrapped,
                dev.strata.store.queue.QueueStoreOptions.defaults(journal).withRetryMax(java.time.Duration.ofMillis(100)),
                quiet);
        java.util.Dictionary<String, Object> props = new java.util.Hashtable<>();
        props.put(dev.strata.core.ModelStore.NAME, name);
        org.osgi.framework.ServiceRegistration<dev.strata.core.ModelStore> registration = context
                .registerService(dev.strata.core.ModelStore.class, queue, props);
        Path aside = journal.resolveSibling(journal.getFileName() + "-aside.json");
        try (Console console = new Console(context)) {
            dev.strata.core.ObjectId a = dev.strata.core.ObjectId.random();
            queue.commit(QueueStoreTest.create(a, "a", 1));
            assertTrue(queue.awaitDrained(java.time.Duration.ofSeconds(20)), queue.toString());
            wrapped.refuseCommits = true;
            dev.strata.core.ChangeSet mine = QueueStoreTest.count("console", a, 1, 1, 2);
            queue.commit(mine);
            memory.commit(QueueStoreTest.count("other", a, 1, 1, 7)); // another writer
            wrapped.refuseCommits = false;
            dev.strata.core.contract.Await.until("the queue is stuck", () -> queue.figures().get("stuck") == 1);

            String said = console.run("strata:setaside " + name + " " + aside);
            assertTrue(said.contains("Set aside commit " + mine.commitId()) && said.contains(aside.toString())
                    && said.contains("0 commit(s) still queued"), said);
            assertTrue(Files.readString(aside).contains(mine.commitId().toString()));
            assertTrue(queue.awaitDrained(java.time.Duration.ofSeconds(20)), queue.toString());
            org.junit.jupiter.api.Assertions.assertEquals(7, memory.load(a).orElseThrow().value("count"));
        } finally {
            registration.unregister();
            queue.close();
            Files.deleteIfExists(aside);
            QueueContractTest.deleteTree(journal);
        }
    }
}
