package dev.strata.store.readonly.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.UUID;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.contract.Await;

/** A read-only store made with the console's mkstore, as the store listing shows it. */
class ReadOnlyConsoleTest {

    private final BundleContext context = FrameworkUtil.getBundle(ReadOnlyConsoleTest.class).getBundleContext();

    @Test
    void mkstoreMakesAReadOnlyStoreListedWithoutWriteCapabilities() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String files = "rofiles-" + suffix;
        String ro = "roview-" + suffix;
        CommandProcessor gogo = Await.service(context, CommandProcessor.class, null);
        try (CommandSession session = gogo.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
            try {
                run(session, "strata:mkstore file " + files + " directory=" + TempDirs.make());
                // Quoted: Gogo would run an unquoted (…) as a command.
                String made = run(session, "strata:mkstore readonly " + ro + " 'store.target=(strata.store=" + files + ")'");
                assertTrue(made.contains("ready"), made);
                String listing = run(session, "strata:stores");
                String line = listing.lines().filter(l -> l.startsWith(ro)).findFirst()
                        .orElseThrow(() -> new AssertionError("the read-only store is not listed: " + listing));
                // The store it reads is listed below it, indented, and not again at the top.
                List<String> lines = listing.lines().toList();
                String fileLine = lines.get(lines.indexOf(line) + 1);
                assertTrue(fileLine.startsWith("  " + files + " "), listing);
                assertFalse(lines.stream().anyMatch(l -> l.startsWith(files)), listing);
                assertTrue(fileLine.contains("ATOMIC") && fileLine.contains("DURABLE"), fileLine);
                assertTrue(line.contains(" readonly ") && line.contains("QUERYABLE") && line.contains("refused=0"), line);
                assertFalse(line.contains("ATOMIC") || line.contains("DURABLE") || line.contains("LOCKS"), line);
            } finally {
                unconfigure(session, ro);
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
