package dev.strata.store.readonly;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.store.readonly.internal.ReadOnlyStore;

/** Opens read-only stores outside OSGi configuration (tests, applications that stack stores in code). */
public final class ReadOnlyStores {

    private ReadOnlyStores() {
    }

    /**
     * A read-only view named {@code name} of {@code wrapped}. It posts the wrapped store's commits
     * again, under its own name, on {@code events}; feed it the wrapped store's commit events
     * through {@link ReadOnlyModelStore#handleEvent}.
     *
     * @throws IllegalArgumentException if the name is the wrapped store's
     */
    public static ReadOnlyModelStore open(String name, ModelStore wrapped, EventAdmin events) {
        return new ReadOnlyStore(name, wrapped, events);
    }
}
