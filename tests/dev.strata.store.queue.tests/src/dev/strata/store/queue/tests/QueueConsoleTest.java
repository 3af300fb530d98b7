package dev.strata.store.queue.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.UUID;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.contract.Await;

/** A queue made with the console's mkstore, and its figures in the store listing. */
class QueueConsoleTest {

    private final BundleContext context = FrameworkUtil.getBundle(QueueConsoleTest.class).getBundleContext();

    @Test
    void mkstoreMakesAQueueAndStoresShowsItsFigures() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String files = "qfiles-" + suffix;
        String queue = "qqueue-" + suffix;
        CommandProcessor gogo = Await.service(context, CommandProcessor.class, null);
        try (CommandSession session = gogo.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
            try {
                run(session, "strata:mkstore file " + files + " directory=" + Files.createTempDirectory("strata-queue-console"));
                String made = run(session, "strata:mkstore queue " + queue + " 'store.target=(strata.store=" + files
                        + ")' journal.directory=" + Files.createTempDirectory("strata-queue-console-journal")
                        + " max.queued=500");
                assertTrue(made.contains("ready"), made);
                String listing = run(session, "strata:stores");
                String line = listing.lines().filter(l -> l.startsWith(queue)).findFirst()
                        .orElseThrow(() -> new AssertionError("the queue is not listed: " + listing));
                assertTrue(line.contains(" queue ") && line.contains("queued=0") && line.contains("failing=0")
                        && line.contains("max.queued=500"), line);
            } finally {
                unconfigure(session, queue);
                unconfigure(session, files);
            }
        }
    }

    private static void unconfigure(CommandSession session, String name) {
        try {
            session.execute("strata:unconfigure " + name);
        } catch (Exception e) {
            // not made
        }
    }

    private static String run(CommandSession session, String line) throws Exception {
        Object result = session.execute(line);
        return result == null ? "" : String.valueOf(session.format(result, Converter.INSPECT));
    }
}
