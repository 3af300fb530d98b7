package dev.strata.store.route.tests;

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

/** The contract on a route store over two file stores; reopening closes and opens their directories. */
class RouteOverFileContractTest extends RouteContractTest {

    private final Map<ModelStore, Path> dirs = new IdentityHashMap<>();

    @Override
    protected int shardCount() {
        return 2;
    }

    @Override
    protected ModelStore createShard(String name, int index) throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        Path dir = Files.createTempDirectory("strata-route-file");
        FileModelStore store = FileStores.open(name, FileStoreOptions.defaults(dir), Quiet.EVENTS, Progress.NONE);
        dirs.put(store, dir);
        return store;
    }

    @Override
    protected ModelStore reopenShard(ModelStore shard, int index) {
        FileModelStore store = (FileModelStore) shard;
        store.close();
        Path dir = dirs.remove(store);
        FileModelStore again = FileStores.open(store.name(), FileStoreOptions.defaults(dir), Quiet.EVENTS, Progress.NONE);
        dirs.put(again, dir);
        return again;
    }

    @Override
    protected void disposeShard(ModelStore shard, int index) throws IOException {
        ((FileModelStore) shard).close();
        delete(dirs.remove(shard));
    }
}
