package dev.strata.store.readonly;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.event.EventHandler;

import dev.strata.core.ModelStore;

/**
 * A {@link ModelStore} that answers every read from the store it wraps and refuses every write
 * (commits, migrations, model versions, index rebuilds, locks) with a {@link dev.strata.core.StoreException}
 * naming itself, the wrapped store and what was refused. Laying out a model the wrapped store
 * already holds data of, and declaring indexes (derived data, no record changes), pass through so
 * that repositories can open over it.
 * <p>
 * It announces the wrapped store's commits again under its own name, so sessions over it stay
 * current: give it those events through {@link #handleEvent} (the OSGi component subscribes it to
 * the wrapped store's commit topic).
 */
@ProviderType
public interface ReadOnlyModelStore extends ModelStore, EventHandler {

    /** The store read. */
    ModelStore wrapped();
}
