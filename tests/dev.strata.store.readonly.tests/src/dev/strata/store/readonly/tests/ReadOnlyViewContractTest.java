package dev.strata.store.readonly.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.core.contract.ModelStoreContractTest;
import dev.strata.store.readonly.ReadOnlyStores;

/**
 * The contract kit writes, so it cannot run on a read-only store. It runs here on the wrapped
 * store instead, and every read it makes is asked of a read-only view over that store too, which
 * must answer alike: loads, trees, roots, queries, counts, model versions, the log, and the past
 * states time travel rebuilds from them.
 */
abstract class ReadOnlyViewContractTest extends ModelStoreContractTest {

    /** The view's own announcements are not what this test is about. */
    private static final EventAdmin NO_EVENTS = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
        }

        @Override
        public void sendEvent(Event event) {
        }
    };

    private final Map<ModelStore, ModelStore> wrappedOf = new IdentityHashMap<>();

    /** A new, empty store posting to the kit's {@link #events}. */
    protected abstract ModelStore createWrapped(String name) throws Exception;

    /** The wrapped store closed and opened again from what it keeps; memory returns itself. */
    protected ModelStore reopenWrapped(ModelStore wrapped) throws Exception {
        return wrapped;
    }

    protected void disposeWrapped(ModelStore wrapped) throws Exception {
    }

    private ModelStore comparing(ModelStore wrapped) {
        ModelStore s = new ReadComparingStore(wrapped, ReadOnlyStores.open(wrapped.name() + "_ro", wrapped, NO_EVENTS));
        wrappedOf.put(s, wrapped);
        return s;
    }

    @Override
    protected final ModelStore createStore(String name) throws Exception {
        return comparing(createWrapped(name));
    }

    @Override
    protected final ModelStore reopen(ModelStore s) throws Exception {
        ModelStore wrapped = wrappedOf.get(s);
        ModelStore again = reopenWrapped(wrapped);
        if (again == wrapped) {
            return s;
        }
        wrappedOf.remove(s);
        return comparing(again);
    }

    @Override
    protected final void disposeStore(ModelStore s) throws Exception {
        ModelStore wrapped = wrappedOf.remove(s);
        if (wrapped != null) {
            disposeWrapped(wrapped);
        }
    }

    @AfterEach
    final void theViewWasAsked() {
        assertTrue(((ReadComparingStore) store).compared() > 0, "no read went through the read-only view");
    }
}
