package dev.strata.store.mirror.tests;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;

/** The contract on a mirror of a memory store to another, reading from the primary. */
class MirrorOverMemoryContractTest extends MirrorContractTest {

    @Override
    protected ModelStore createPrimary(String name, Relay relay) {
        return Repositories.memoryStore(name, relay);
    }

    @Override
    protected ModelStore createReplica(String name, EventAdmin events) {
        return Repositories.memoryStore(name, events);
    }
}
