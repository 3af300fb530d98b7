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
}
