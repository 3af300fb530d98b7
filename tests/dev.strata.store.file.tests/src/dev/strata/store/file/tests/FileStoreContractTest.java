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
import dev.strata.core.Progress;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.ModelStoreContractTest;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * The file store passes the ModelStore contract. A small compaction threshold makes it compact
 * (XMI snapshots here, binary and JSON in the subclasses) many times while the contract runs.
 */
class FileStoreContractTest extends ModelStoreContractTest {

    private final Map<ModelStore, Path> dirs = new HashMap<>();

    /** The snapshot format compactions write. */
    protected FileStoreOptions.Format format() {
        return FileStoreOptions.Format.XMI;
    }

    @Override
    protected ModelStore createStore(String name) throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        Path dir = Files.createTempDirectory("strata-file-contract");
        FileModelStore store = FileStores.open(name, options(dir), events, Progress.NONE);
        dirs.put(store, dir);
        return store;
    }

    private FileStoreOptions options(Path dir) {
        return FileStoreOptions.defaults(dir).withFormat(format()).withCompactAfterBytes(8 * 1024);
    }

    /** Compacts (so the snapshot is what is read), closes and opens the directory again. */
    @Override
    protected ModelStore reopen(ModelStore s) throws IOException {
        FileModelStore store = (FileModelStore) s;
        store.compact();
        store.close();
        Path dir = dirs.remove(store);
        FileModelStore again = FileStores.open(store.name(), options(dir), events, Progress.NONE);
        dirs.put(again, dir);
        return again;
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
