package dev.strata.store.cache.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.store.tests.support.Console;

/** A cache made with the console's mkstore, and its figures in the store listing. */
class CacheConsoleTest {

    private final BundleContext context = FrameworkUtil.getBundle(CacheConsoleTest.class).getBundleContext();

    @Test
    void mkstoreMakesACacheAndStoresShowsItsFigures() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String files = "cfiles-" + suffix;
        String cache = "ccache-" + suffix;
        try (Console console = new Console(context)) {
            try {
                console.run("strata:mkstore file " + files + " directory=" + Files.createTempDirectory("strata-cache-console"));
                // Quoted: Gogo would run an unquoted (…) as a command.
                String made = console.run("strata:mkstore cache " + cache + " 'store.target=(strata.store=" + files
                        + ")' max.objects=50");
                assertTrue(made.contains("ready"), made);
                String listing = console.run("strata:stores");
                String line = listing.lines().filter(l -> l.startsWith(cache)).findFirst()
                        .orElseThrow(() -> new AssertionError("the cache is not listed: " + listing));
                assertTrue(line.contains(" cache ") && line.contains("hits=0") && line.contains("misses=0")
                        && line.contains("max.objects=50"), line);
            } finally {
                console.unconfigure(cache);
                console.unconfigure(files);
            }
        }
    }
}
