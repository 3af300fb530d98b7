package dev.strata.store.file.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.EPackage;

import dev.strata.core.ModelStore;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.ModelStoreContractTest;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * The file store passes the ModelStore contract. A small compaction threshold makes it compact
 * (XMI snapshots) many times while the contract runs.
 */
class FileStoreContractTest extends ModelStoreContractTest {

    private final Map<ModelStore, Path> dirs = new HashMap<>();

    @Override
    protected ModelStore createStore(String name) throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        Path dir = Files.createTempDirectory("strata-file-contract");
        FileModelStore store = FileStores.open(name, FileStoreOptions.defaults(dir).withCompactAfterBytes(8 * 1024));
        dirs.put(store, dir);
        return store;
    }

    @Override
    protected void disposeStore(ModelStore store) throws IOException {
        ((FileModelStore) store).close();
        deleteTree(dirs.remove(store));
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
