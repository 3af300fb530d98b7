package dev.strata.store.cache.tests;

import dev.strata.core.contract.EventRelay;
import java.util.IdentityHashMap;
import java.util.Map;

import dev.strata.core.ModelStore;
import dev.strata.core.contract.ModelStoreContractTest;
import dev.strata.store.cache.CacheModelStore;
import dev.strata.store.cache.CacheStores;

/**
 * The store contract on a cache over another store. The bound is small so that the contract's
 * larger models (Ecore's, UML's) run through evictions too.
 */
abstract class CacheContractTest extends ModelStoreContractTest {

    static final int MAX_OBJECTS = 500;

    private final Map<ModelStore, ModelStore> inners = new IdentityHashMap<>();

    /** A new, empty store for the cache to wrap, posting its events to {@code relay}. */
    protected abstract ModelStore createWrapped(String name, EventRelay relay) throws Exception;

    /** The wrapped store closed and opened again from what it keeps; memory returns itself. */
    protected ModelStore reopenWrapped(ModelStore wrapped, EventRelay relay) throws Exception {
        return wrapped;
    }

    protected void disposeWrapped(ModelStore wrapped) throws Exception {
    }

    @Override
    protected final ModelStore createStore(String name) throws Exception {
        EventRelay relay = new EventRelay();
        return cache(name, createWrapped(name + "_wrapped", relay), relay);
    }

    private CacheModelStore cache(String name, ModelStore wrapped, EventRelay relay) {
        CacheModelStore cache = CacheStores.open(name, wrapped, MAX_OBJECTS, events);
        relay.to(cache);
        inners.put(cache, wrapped);
        return cache;
    }

    /** A new cache, empty, over the wrapped store reopened: what it reads is what was stored. */
    @Override
    protected final ModelStore reopen(ModelStore s) throws Exception {
        ModelStore wrapped = inners.remove(s);
        EventRelay relay = new EventRelay();
        ModelStore again = reopenWrapped(wrapped, relay);
        if (again == wrapped) {
            inners.put(s, wrapped);
            return s;
        }
        return cache(s.name(), again, relay);
    }

    @Override
    protected final void disposeStore(ModelStore s) throws Exception {
        ModelStore wrapped = inners.remove(s);
        if (wrapped != null) {
            disposeWrapped(wrapped);
        }
    }
}
