package dev.strata.store.queue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

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

    /**
     * Sets aside the commit that keeps the queue store {@code store} stuck, as
     * {@link QueueModelStore#setAsideStuck} does, and says for people what happened: which commits
     * went to which file and what is still queued (what the console and the workbench show).
     *
     * @throws IllegalArgumentException if the store is not a queue store
     * @throws IllegalStateException if the queue is not stuck
     * @throws dev.strata.core.StoreException if the file exists or cannot be written
     * @since 0.2
     */
    public static String setAsideStuck(ModelStore store, Path file) {
        if (!(store instanceof QueueModelStore queue)) {
            throw new IllegalArgumentException("Store '" + store.name()
                    + "' is not a queue store: only a queue's stuck commit can be set aside");
        }
        List<UUID> ids = queue.setAsideStuck(file);
        return "Set aside " + (ids.size() == 1 ? "commit " + ids.getFirst() : ids.size() + " commits " + ids) + " of queue '"
                + store.name() + "' to " + file + "; " + queue.queued() + " commit(s) still queued for store '"
                + queue.wrapped().name() + "'";
    }
}
