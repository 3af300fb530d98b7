package dev.strata.store.cache.tests;

import dev.strata.core.contract.EventRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.EPackage;

import dev.strata.core.ModelStore;
import dev.strata.core.Progress;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/** The contract on a cache over a file store; reopening compacts, closes and opens the directory again. */
class CacheOverFileContractTest extends CacheContractTest {

    private final Map<ModelStore, Path> dirs = new IdentityHashMap<>();

    @Override
    protected ModelStore createWrapped(String name, EventRelay relay) throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        Path dir = Files.createTempDirectory("strata-cache-file");
        FileModelStore store = FileStores.open(name, FileStoreOptions.defaults(dir), relay, Progress.NONE);
        dirs.put(store, dir);
        return store;
    }

    @Override
    protected ModelStore reopenWrapped(ModelStore wrapped, EventRelay relay) {
        FileModelStore store = (FileModelStore) wrapped;
        store.compact();
        store.close();
        Path dir = dirs.remove(store);
        FileModelStore again = FileStores.open(store.name(), FileStoreOptions.defaults(dir), relay, Progress.NONE);
        dirs.put(again, dir);
        return again;
    }

    @Override
    protected void disposeWrapped(ModelStore wrapped) throws IOException {
        ((FileModelStore) wrapped).close();
        Path dir = dirs.remove(wrapped);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
