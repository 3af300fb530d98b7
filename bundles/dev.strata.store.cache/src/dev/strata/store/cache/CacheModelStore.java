package dev.strata.store.cache;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.event.EventHandler;

import dev.strata.core.ModelStore;

/**
 * A {@link ModelStore} answering reads by id from a bounded map of records and passing everything
 * else to the store it wraps. It follows the wrapped store's commit events to drop what others
 * changed and announces them again under its own name: give it those events through
 * {@link #handleEvent} (the OSGi component subscribes it to the wrapped store's commit topic).
 * <p>
 * {@link #figures()} holds {@code hits}, {@code misses} (reads by id answered from the map, and
 * passed to the wrapped store), {@code objects} (records held), {@code trees} (containment trees
 * held), {@code max.objects}, {@code evictions} and {@code invalidations}.
 */
@ProviderType
public interface CacheModelStore extends ModelStore, EventHandler {

    /** The store this cache reads through to. */
    ModelStore wrapped();

    /** Forgets every record held; the next reads go to the wrapped store. */
    void clear();
}
