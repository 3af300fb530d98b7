package dev.strata.store.mirror.tests;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;

/** The contract on a mirror of a file store to another; reopening compacts, closes and opens both again. */
class MirrorOverFileContractTest extends MirrorContractTest {

    private final FileStoresMade files = new FileStoresMade();

    @Override
    protected ModelStore createPrimary(String name, Relay relay) {
        return files.create(name, relay);
    }

    @Override
    protected ModelStore createReplica(String name, EventAdmin events) {
        return files.create(name, events);
    }

    @Override
    protected ModelStore reopenInner(ModelStore inner, EventAdmin events) {
        return files.reopen(inner, events);
    }

    @Override
    protected void disposeInner(ModelStore inner) throws Exception {
        files.dispose(inner);
    }
}
