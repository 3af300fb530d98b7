package dev.strata.store.log.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.contract.Await;

/** A log store made with the console's mkstore, and its figures in the store listing. */
class LogConsoleTest {

    private final BundleContext context = FrameworkUtil.getBundle(LogConsoleTest.class).getBundleContext();

    @Test
    void mkstoreMakesALogStoreAndStoresShowsItsLines() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String files = "lfiles-" + suffix;
        String log = "llog-" + suffix;
        Path dir = Files.createTempDirectory("strata-log-console");
        Path file = dir.resolve("log.jsonl");
        CommandProcessor gogo = Await.service(context, CommandProcessor.class, null);
        try (CommandSession session = gogo.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
            try {
                run(session, "strata:mkstore file " + files + " directory=" + dir.resolve("store"));
                // Quoted: Gogo would run an unquoted (…) as a command.
                String made = run(session, "strata:mkstore log " + log + " 'store.target=(strata.store=" + files + ")' file="
                        + file + " operations=all");
                assertTrue(made.contains("ready"), made);
                String listing = run(session, "strata:stores");
                String line = listing.lines().filter(l -> l.startsWith(log)).findFirst()
                        .orElseThrow(() -> new AssertionError("the log store is not listed: " + listing));
                assertTrue(line.contains(" log ") && line.contains("unwritten=0"), line);
                assertTrue(Files.exists(file), "the log file is made when the store starts");
            } finally {
                unconfigure(session, log);
                unconfigure(session, files);
            }
        }
    }

    /** Removes a configuration the test may not have got to make. */
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
