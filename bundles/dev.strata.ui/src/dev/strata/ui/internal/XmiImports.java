package dev.strata.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the views need to know about importing XMI before touching {@link ImportXmiJob}, which uses
 * the file store's API: that bundle is an optional import, so this class must not refer to it.
 */
public final class XmiImports {

    private XmiImports() {
    }

    /** True if the file store bundle is installed, so XMI files can be imported. */
    public static boolean available() {
        try {
            Class.forName("dev.strata.store.file.FileStores", false, XmiImports.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The directory the store will live in. */
    public static Path directoryOf(String name, Map<String, String> values) {
        String dir = values.getOrDefault("directory", "").trim();
        return dir.isEmpty() ? Path.of(System.getProperty("user.home"), ".strata", "stores", name) : Path.of(dir);
    }

    /** Why the store cannot be imported into its directory, or null. */
    public static String problem(String name, Map<String, String> values) {
        Path dir = directoryOf(name, values);
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.findAny().isPresent()) {
                        return "Directory " + dir + " is not empty; import into a new or empty directory.";
                    }
                }
            }
        } catch (IOException e) {
            return "Cannot read directory " + dir + ": " + e.getMessage();
        }
        return null;
    }
}
