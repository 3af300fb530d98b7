package dev.strata.core.store;

import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.strata.core.ModelStore;
import dev.strata.core.Topics;

/**
 * Checks for DS components of stores that wrap a store chosen by a {@code store.target} filter
 * (a read-only view, a log).
 *
 * @since 0.5
 */
public final class StackedStores {

    private StackedStores() {
    }

    /**
     * Refuses a {@code store.target} that is no service filter, or that matches the wrapping store's
     * own service properties: it would wrap itself (or a twin configured alike).
     *
     * @param kind       how messages name the wrapping store ("Read-only store")
     * @param type       its {@link ModelStore#TYPE}
     * @param properties its component properties
     * @throws IllegalArgumentException naming the store and the filter
     */
    public static void refuseSelf(String kind, String name, String type, String target, Map<String, Object> properties) {
        refuseSelf(kind, name, type, "store.target", target, properties);
    }

    /**
     * As {@link #refuseSelf(String, String, String, String, Map)}, for a store that names the
     * stores it wraps by another property ({@code primary.target}, {@code replicas.target}).
     *
     * @param key the property, as messages name it
     * @since 0.5
     */
    public static void refuseSelf(String kind, String name, String type, String key, String target,
            Map<String, Object> properties) {
        if (target == null || target.isBlank()) {
            return;
        }
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter(target);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(kind + " '" + name + "': " + key + " '" + target
                    + "' is not a service filter: " + e.getMessage(), e);
        }
        Hashtable<String, Object> own = new Hashtable<>();
        properties.forEach((k, v) -> {
            if (v != null) {
                own.put(k, v);
            }
        });
        own.put(ModelStore.NAME, name);
        own.put(ModelStore.TYPE, type);
        if (filter.matches(own)) {
            throw new IllegalArgumentException(kind + " '" + name + "': " + key + " '" + target + "' selects the "
                    + kind.toLowerCase(java.util.Locale.ROOT) + " itself; name the store to wrap, e.g. (strata.store=tasks)");
        }
    }

    /**
     * Registers a wrapping store's handler for the commit events of the store it wraps (commits made
     * there by others); unregister it when the wrapping store goes.
     */
    public static ServiceRegistration<EventHandler> followCommits(BundleContext context, ModelStore wrapped,
            EventHandler handler) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, Topics.commit(wrapped.name()));
        return context.registerService(EventHandler.class, handler, props);
    }
}
