package dev.strata.store.queue;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.store.queue.internal.QueueStore;

/** Opens queue stores outside OSGi configuration (tests, applications that stack stores in code). */
public final class QueueStores {

    private QueueStores() {
    }

    /**
     * A queue store named {@code name} over {@code wrapped}, with its journal in
     * {@code options.journalDirectory()}: what the journal still holds from before is queued again
     * and drained. It posts its commits on {@code events}; feed it the wrapped store's commit events
     * through {@link QueueModelStore#handleEvent}.
     *
     * @throws IllegalArgumentException if the name is the wrapped store's
     * @throws dev.strata.core.StoreException if the journal cannot be read or written
     */
    public static QueueModelStore open(String name, ModelStore wrapped, QueueStoreOptions options, EventAdmin events) {
        return new QueueStore(name, wrapped, options, events);
    }
}
