package dev.strata.store.file.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Component;

import dev.strata.core.Progress;
import dev.strata.core.admin.StoreImporter;
import dev.strata.core.admin.StrataConfig;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * Imports an XMI file written by any EMF tool into a new file store's directory. It writes into a
 * temporary directory beside the target and moves it into place only when complete, so it can be
 * cancelled at any point: the temporary directory is deleted.
 */
@Component(service = StoreImporter.class)
public final class XmiImporter implements StoreImporter {

    @Override
    public String storeType() {
        return "file";
    }

    @Override
    public String format() {
        return "XMI";
    }

    @Override
    public List<String> extensions() {
        return List.of("xmi");
    }

    /** The directory the store will live in: its setting, or the component's default. */
    static Path directoryOf(String name, Map<String, String> settings) {
        String dir = settings.getOrDefault(StrataConfig.FILE_DIRECTORY, "").trim();
        return dir.isEmpty() ? Path.of(System.getProperty("user.home"), ".strata", "stores", name) : Path.of(dir);
    }

    @Override
    public String problem(String name, Map<String, String> settings) {
        Path dir = directoryOf(name, settings);
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

    @Override
    public Imported importFile(Path file, String name, Map<String, String> settings, Progress progress)
            throws IOException {
        String problem = problem(name, settings);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Path target = directoryOf(name, settings);
        Path temporary = target.resolveSibling(target.getFileName() + ".importing-" + UUID.randomUUID());
        List<String> packages = new ArrayList<>();
        int roots;
        try {
            Files.createDirectories(target.getParent());
            String format = settings.getOrDefault("format", "").trim();
            FileStoreOptions options = FileStoreOptions.defaults(temporary)
                    .withFormat(FileStoreOptions.Format.parse(format.isEmpty() ? "xmi" : format))
                    .withSync(!"none".equals(settings.getOrDefault("durability", "").trim()));
            try (FileModelStore store = FileStores.importXmi(name, file, options, progress)) {
                packages.addAll(store.modelVersions().keySet());
                roots = store.roots().size();
            }
            if (progress.isCancelled()) {
                throw new CancellationException("Import of " + file + " cancelled");
            }
            Files.deleteIfExists(target); // an empty directory, checked above
            Files.move(temporary, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
        Map<String, String> configured = new HashMap<>(settings);
        configured.put(StrataConfig.FILE_DIRECTORY, target.toString());
        return new Imported(configured, target.toString(), packages, roots);
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    // Best effort: a leftover temporary directory is named as such.
                }
            });
        } catch (IOException e) {
            // As above.
        }
    }
}
