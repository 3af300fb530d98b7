package dev.strata.store.log.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.store.tests.support.Console;

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
        try (Console console = new Console(context)) {
            try {
                console.run("strata:mkstore file " + files + " directory=" + dir.resolve("store"));
                // Quoted: Gogo would run an unquoted (…) as a command.
                String made = console.run("strata:mkstore log " + log + " 'store.target=(strata.store=" + files + ")' file="
                        + file + " operations=all");
                assertTrue(made.contains("ready"), made);
                String listing = console.run("strata:stores");
                String line = listing.lines().filter(l -> l.startsWith(log)).findFirst()
                        .orElseThrow(() -> new AssertionError("the log store is not listed: " + listing));
                assertTrue(line.contains(" log ") && line.contains("unwritten=0"), line);
                assertTrue(Files.exists(file), "the log file is made when the store starts");
            } finally {
                console.unconfigure(log);
                console.unconfigure(files);
            }
        }
    }
}
