package dev.strata.store.cache;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.store.cache.internal.CacheStore;

/** Opens cache stores outside OSGi configuration (tests, applications that stack stores in code). */
public final class CacheStores {

    private CacheStores() {
    }

    /**
     * A cache named {@code name} over {@code wrapped}, holding at most {@code maxObjects} records.
     * It posts the wrapped store's commits again, under its own name, on {@code events}; feed it
     * the wrapped store's commit events through {@link CacheModelStore#handleEvent}.
     *
     * @throws IllegalArgumentException if the name is the wrapped store's or maxObjects is below 1
     */
    public static CacheModelStore open(String name, ModelStore wrapped, int maxObjects, EventAdmin events) {
        return new CacheStore(name, wrapped, maxObjects, events);
    }
}
