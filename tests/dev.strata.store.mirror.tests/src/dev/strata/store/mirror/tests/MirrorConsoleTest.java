package dev.strata.store.mirror.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.store.tests.support.Console;

/** A mirror made with the console's mkstore, and its figures in the store listing. */
class MirrorConsoleTest {

    private final BundleContext context = FrameworkUtil.getBundle(MirrorConsoleTest.class).getBundleContext();

    @Test
    void mkstoreMakesAMirrorAndStoresShowsItsFigures() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String primary = "mprimary-" + suffix;
        String replica = "mreplica-" + suffix;
        String mirror = "mmirror-" + suffix;
        try (Console console = new Console(context)) {
            try {
                console.run("strata:mkstore memory " + primary);
                console.run("strata:mkstore memory " + replica);
                // Quoted: Gogo would run an unquoted (…) as a command.
                String made = console.run("strata:mkstore mirror " + mirror + " 'primary.target=(strata.store=" + primary
                        + ")' 'replicas.target=(strata.store=" + replica + ")' read.from=replica");
                assertTrue(made.contains("ready"), made);
                String listing = console.run("strata:stores");
                String line = listing.lines().filter(l -> l.startsWith(mirror)).findFirst()
                        .orElseThrow(() -> new AssertionError("the mirror is not listed: " + listing));
                assertTrue(line.contains(" mirror ") && line.contains("replicas=1") && line.contains("behind=0")
                        && line.contains("failing=0"), line);
            } finally {
                console.unconfigure(mirror);
                console.unconfigure(replica);
                console.unconfigure(primary);
            }
        }
    }
}
