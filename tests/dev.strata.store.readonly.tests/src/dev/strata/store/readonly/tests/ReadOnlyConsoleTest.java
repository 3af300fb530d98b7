package dev.strata.store.readonly.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.store.tests.support.Console;

/** A read-only store made with the console's mkstore, as the store listing shows it. */
class ReadOnlyConsoleTest {

    private final BundleContext context = FrameworkUtil.getBundle(ReadOnlyConsoleTest.class).getBundleContext();

    @Test
    void mkstoreMakesAReadOnlyStoreListedWithoutWriteCapabilities() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String files = "rofiles-" + suffix;
        String ro = "roview-" + suffix;
        try (Console console = new Console(context)) {
            try {
                console.run("strata:mkstore file " + files + " directory=" + TempDirs.make());
                // Quoted: Gogo would run an unquoted (…) as a command.
                String made = console.run("strata:mkstore readonly " + ro + " 'store.target=(strata.store=" + files + ")'");
                assertTrue(made.contains("ready"), made);
                String listing = console.run("strata:stores");
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
                console.unconfigure(ro);
                console.unconfigure(files);
            }
        }
    }
}
