package dev.strata.store.queue.tests;

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

/** The contract on a queue over a file store; reopening closes and opens the directory again. */
class QueueOverFileContractTest extends QueueContractTest {

    private final Map<ModelStore, Path> dirs = new IdentityHashMap<>();

    @Override
    protected ModelStore createWrapped(String name, Relay relay) throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        Path dir = Files.createTempDirectory("strata-queue-file");
        FileModelStore store = FileStores.open(name, FileStoreOptions.defaults(dir), relay, Progress.NONE);
        dirs.put(store, dir);
        return store;
    }

    @Override
    protected ModelStore reopenWrapped(ModelStore wrapped, Relay relay) {
        FileModelStore store = (FileModelStore) wrapped;
        store.close();
        Path dir = dirs.remove(store);
        FileModelStore again = FileStores.open(store.name(), FileStoreOptions.defaults(dir), relay, Progress.NONE);
        dirs.put(again, dir);
        return again;
    }

    @Override
    protected void disposeWrapped(ModelStore wrapped) throws IOException {
        ((FileModelStore) wrapped).close();
        deleteTree(dirs.remove(wrapped));
    }
}
