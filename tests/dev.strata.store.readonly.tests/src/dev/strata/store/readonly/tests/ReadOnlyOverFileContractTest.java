package dev.strata.store.readonly.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

import org.eclipse.emf.ecore.EPackage;

import dev.strata.core.ModelStore;
import dev.strata.core.Progress;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/** The kit's reads compared through a read-only view of a file store, reopened from its directory. */
class ReadOnlyOverFileContractTest extends ReadOnlyViewContractTest {

    private final Map<ModelStore, Path> dirs = new IdentityHashMap<>();

    @Override
    protected ModelStore createWrapped(String name) throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        Path dir = Files.createTempDirectory("strata-readonly-file");
        FileModelStore store = FileStores.open(name, FileStoreOptions.defaults(dir), events, Progress.NONE);
        dirs.put(store, dir);
        return store;
    }

    @Override
    protected ModelStore reopenWrapped(ModelStore wrapped) {
        FileModelStore store = (FileModelStore) wrapped;
        store.close();
        Path dir = dirs.remove(store);
        FileModelStore again = FileStores.open(store.name(), FileStoreOptions.defaults(dir), events, Progress.NONE);
        dirs.put(again, dir);
        return again;
    }

    @Override
    protected void disposeWrapped(ModelStore wrapped) throws IOException {
        ((FileModelStore) wrapped).close();
        TempDirs.delete(dirs.remove(wrapped));
    }
}
