package dev.strata.store.mirror.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.core.Progress;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/** File stores in temporary directories, reopened from them and deleted with them. */
final class FileStoresMade {

    private final Map<ModelStore, FileStoreOptions> made = new IdentityHashMap<>();

    ModelStore create(String name, EventAdmin events) {
        return create(name, events, o -> o);
    }

    ModelStore create(String name, EventAdmin events, java.util.function.UnaryOperator<FileStoreOptions> options) {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        try {
            FileStoreOptions o = options.apply(FileStoreOptions.defaults(Files.createTempDirectory("strata-mirror-file")));
            FileModelStore store = FileStores.open(name, o, events, Progress.NONE);
            made.put(store, o);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean holds(ModelStore store) {
        return made.containsKey(store);
    }

    /** Compacted, closed and opened again from its directory. */
    ModelStore reopen(ModelStore store, EventAdmin events) {
        FileModelStore file = (FileModelStore) store;
        file.compact();
        file.close();
        FileStoreOptions o = made.remove(store);
        FileModelStore again = FileStores.open(store.name(), o, events, Progress.NONE);
        made.put(again, o);
        return again;
    }

    void dispose(ModelStore store) throws IOException {
        ((FileModelStore) store).close();
        Path dir = made.remove(store).directory();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
