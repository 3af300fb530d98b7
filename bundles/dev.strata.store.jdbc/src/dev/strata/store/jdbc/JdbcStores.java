package dev.strata.store.jdbc;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.Progress;
import dev.strata.store.jdbc.internal.JdbcStore;

/** Opens JDBC stores without OSGi. */
public final class JdbcStores {

    private JdbcStores() {
    }

    /** Opens (or creates) a store in the database the options name. */
    public static JdbcModelStore open(String name, JdbcStoreOptions options) {
        return JdbcStore.open(name, options, null, Progress.NONE);
    }

    /**
     * Opens a store, reporting progress of long work (schema creation, migration), posting commit
     * events (its own and, through LISTEN/NOTIFY or polling, other processes') if events is set.
     */
    public static JdbcModelStore open(String name, JdbcStoreOptions options, EventAdmin events, Progress progress) {
        return JdbcStore.open(name, options, events, progress);
    }
}
