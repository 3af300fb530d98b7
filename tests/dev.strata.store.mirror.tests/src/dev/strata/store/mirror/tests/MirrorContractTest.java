package dev.strata.store.mirror.tests;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.core.contract.ModelStoreContractTest;
import dev.strata.core.contract.RecordedEvents;
import dev.strata.store.mirror.MirrorModelStore;
import dev.strata.store.mirror.MirrorStores;
import dev.strata.store.mirror.ReadFrom;

/**
 * The store contract on a mirror of one primary to one replica. After each test the replica must
 * hold every record of the primary, at the same version.
 */
abstract class MirrorContractTest extends ModelStoreContractTest {

    /** Where the replicas post their own commit events; nothing listens. */
    private final RecordedEvents replicaEvents = new RecordedEvents();
    private final Map<ModelStore, Inner> inners = new IdentityHashMap<>();

    /** What a mirror made here writes to and copies to, and the relay of the primary's events. */
    private record Inner(ModelStore primary, ModelStore replica, Relay relay) {
    }

    /** A new, empty store to write to, posting its events to {@code relay}. */
    protected abstract ModelStore createPrimary(String name, Relay relay) throws Exception;

    /** A new, empty store to copy to, posting its events to {@code events}. */
    protected abstract ModelStore createReplica(String name, EventAdmin events) throws Exception;

    /** A store closed and opened again from what it keeps, posting to {@code events}; memory returns itself. */
    protected ModelStore reopenInner(ModelStore inner, EventAdmin events) throws Exception {
        return inner;
    }

    protected void disposeInner(ModelStore inner) throws Exception {
    }

    protected ReadFrom readFrom() {
        return ReadFrom.PRIMARY;
    }

    @Override
    protected final ModelStore createStore(String name) throws Exception {
        Relay relay = new Relay();
        return mirror(name, new Inner(createPrimary(name + "_primary", relay),
                createReplica(name + "_replica", replicaEvents), relay));
    }

    private MirrorModelStore mirror(String name, Inner inner) {
        MirrorModelStore mirror = MirrorStores.open(name, inner.primary(), List.of(inner.replica()), readFrom(),
                Duration.ofSeconds(1), events);
        inner.relay().to(mirror);
        inners.put(mirror, inner);
        return mirror;
    }

    /**
     * A new mirror over the primary and replica reopened (memory: as they are): the replica finds
     * where it got to in the primary's log.
     */
    @Override
    protected final ModelStore reopen(ModelStore s) throws Exception {
        Inner inner = inners.remove(s);
        MirrorModelStore mirror = (MirrorModelStore) s;
        SameRecords.assertCopied(mirror);
        mirror.close();
        ModelStore primary = reopenInner(inner.primary(), inner.relay());
        return mirror(s.name(), new Inner(primary, reopenInner(inner.replica(), replicaEvents), inner.relay()));
    }

    /** Checks the replica against the primary, then releases both. */
    @Override
    protected final void disposeStore(ModelStore s) throws Exception {
        Inner inner = inners.remove(s);
        if (inner == null) {
            return;
        }
        MirrorModelStore mirror = (MirrorModelStore) s;
        try {
            SameRecords.assertCopied(mirror);
            SameRecords.assertSame(inner.primary(), inner.replica());
        } finally {
            mirror.close();
            disposeInner(inner.primary());
            disposeInner(inner.replica());
        }
    }
}
