package dev.strata.store.cache.tests;

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

/** A cache made with the console's mkstore, and its figures in the store listing. */
class CacheConsoleTest {

    private final BundleContext context = FrameworkUtil.getBundle(CacheConsoleTest.class).getBundleContext();

    @Test
    void mkstoreMakesACacheAndStoresShowsItsFigures() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String files = "cfiles-" + suffix;
        String cache = "ccache-" + suffix;
        CommandProcessor gogo = Await.service(context, CommandProcessor.class, null);
        try (CommandSession session = gogo.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
            try {
                run(session, "strata:mkstore file " + files + " directory=" + Files.createTempDirectory("strata-cache-console"));
                // Quoted: Gogo would run an unquoted (…) as a command.
                String made = run(session, "strata:mkstore cache " + cache + " 'store.target=(strata.store=" + files
                        + ")' max.objects=50");
                assertTrue(made.contains("ready"), made);
                String listing = run(session, "strata:stores");
                String line = listing.lines().filter(l -> l.startsWith(cache)).findFirst()
                        .orElseThrow(() -> new AssertionError("the cache is not listed: " + listing));
                assertTrue(line.contains(" cache ") && line.contains("hits=0") && line.contains("misses=0")
                        && line.contains("max.objects=50"), line);
            } finally {
                unconfigure(session, cache);
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
