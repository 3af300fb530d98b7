package dev.strata.store.readonly.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories of the tests' file stores. */
final class TempDirs {

    private TempDirs() {
    }

    static Path make() {
        try {
            return Files.createTempDirectory("strata-readonly");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void delete(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
