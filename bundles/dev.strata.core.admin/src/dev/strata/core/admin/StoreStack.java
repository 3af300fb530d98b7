package dev.strata.core.admin;

import java.util.List;

/**
 * A store and the stores it wraps, its layers, each with layers of its own: a cache over a route
 * over two shards is one stack three deep. A store's layers are the stores that the service filters
 * of its settings ending in {@code .target} select.
 *
 * @param name   the store
 * @param layers the stores it wraps, each as the stack it heads; empty for a store that wraps none
 * @since 0.3
 */
public record StoreStack(String name, List<StoreStack> layers) {

    public StoreStack {
        layers = List.copyOf(layers);
    }
}
