package dev.strata.store.route;

import java.nio.file.Path;
import java.util.List;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.store.route.internal.RouteStore;

/** Opens route stores outside OSGi configuration (tests, applications that stack stores in code). */
public final class RouteStores {

    private RouteStores() {
    }

    /**
     * A route store named {@code name} over {@code shards}. A new tree goes to the shard its root's
     * class is placed on by a rule ({@code "Project=pg1"}; the class by name or nsURI#name), else to
     * the shard the hash of its root's id picks. The coordinator log is kept in
     * {@code coordinatorDirectory}, which one route store uses at a time; commits a crash left
     * undecided are settled before this returns.
     *
     * @throws IllegalArgumentException for no shards, a shard listed twice, or a rule naming no shard
     * @throws dev.strata.core.StoreException if the coordinator log cannot be opened or is in use
     */
    public static RouteModelStore open(String name, List<ModelStore> shards, List<String> placementRules,
            Path coordinatorDirectory, EventAdmin events) {
        return new RouteStore(name, shards, placementRules, coordinatorDirectory, events);
    }
}
