package dev.strata.store.mirror.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.UUID;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.contract.Await;

/** A mirror made with the console's mkstore, and its figures in the store listing. */
class MirrorConsoleTest {

    private final BundleContext context = FrameworkUtil.getBundle(MirrorConsoleTest.class).getBundleContext();

    @Test
    void mkstoreMakesAMirrorAndStoresShowsItsFigures() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String primary = "mprimary-" + suffix;
        String replica = "mreplica-" + suffix;
        String mirror = "mmirror-" + suffix;
        CommandProcessor gogo = Await.service(context, CommandProcessor.class, null);
        try (CommandSession session = gogo.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
            try {
                run(session, "strata:mkstore memory " + primary);
                run(session, "strata:mkstore memory " + replica);
                // Quoted: Gogo would run an unquoted (…) as a command.
                String made = run(session, "strata:mkstore mirror " + mirror + " 'primary.target=(strata.store=" + primary
                        + ")' 'replicas.target=(strata.store=" + replica + ")' read.from=replica");
                assertTrue(made.contains("ready"), made);
                String listing = run(session, "strata:stores");
                String line = listing.lines().filter(l -> l.startsWith(mirror)).findFirst()
                        .orElseThrow(() -> new AssertionError("the mirror is not listed: " + listing));
                assertTrue(line.contains(" mirror ") && line.contains("replicas=1") && line.contains("behind=0")
                        && line.contains("failing=0"), line);
            } finally {
                unconfigure(session, mirror);
                unconfigure(session, replica);
                unconfigure(session, primary);
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
