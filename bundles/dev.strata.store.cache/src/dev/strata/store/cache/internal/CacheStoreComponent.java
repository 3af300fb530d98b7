package dev.strata.store.cache.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.strata.core.ModelStore;
import dev.strata.core.Topics;
import dev.strata.core.store.ForwardingStore;

/**
 * One cache per factory configuration of {@code dev.strata.store.cache}, over the store its
 * {@code store.target} filter selects.
 */
@Component(service = ModelStore.class, configurationPid = "dev.strata.store.cache",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, property = ModelStore.TYPE + "=cache")
@Designate(ocd = CacheStoreComponent.Config.class, factory = true)
public final class CacheStoreComponent extends ForwardingStore {

    @ObjectClassDefinition(name = "Strata cache", description = "A bounded read cache over another store")
    @interface Config {
        @AttributeDefinition(name = "Store name")
        String strata_store();

        @AttributeDefinition(name = "Cached store", description = "Service filter choosing the store to cache, e.g. (strata.store=tasks)")
        String store_target();

        @AttributeDefinition(name = "Objects held at most", description = "Records kept in memory; the least recently read go first", min = "1")
        int max_objects() default 100000;
    }

    private final CacheStore cache;
    private final ServiceRegistration<EventHandler> handler;

    @Activate
    public CacheStoreComponent(Config config, Map<String, Object> properties, BundleContext context,
            @Reference(name = "store") ModelStore store, @Reference EventAdmin events) {
        String name = config.strata_store();
        selfCheck(name, config.store_target(), properties);
        this.cache = new CacheStore(name, store, config.max_objects(), events);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, Topics.commit(store.name()));
        this.handler = context.registerService(EventHandler.class, cache, props);
    }

    /** A filter that selects the cache itself would stack it on itself (or on a twin of itself). */
    private static void selfCheck(String name, String target, Map<String, Object> properties) {
        if (target == null || target.isBlank()) {
            return;
        }
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter(target);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Cache '" + name + "': store.target '" + target
                    + "' is not a service filter: " + e.getMessage(), e);
        }
        Hashtable<String, Object> own = new Hashtable<>();
        own.put(ModelStore.NAME, name);
        own.put(ModelStore.TYPE, "cache");
        properties.forEach((k, v) -> {
            if (v != null) {
                own.putIfAbsent(k, v);
            }
        });
        if (filter.matches(own)) {
            throw new IllegalArgumentException("Cache '" + name + "': store.target '" + target
                    + "' selects the cache itself; name the store to cache, e.g. (strata.store=tasks)");
        }
    }

    @Deactivate
    void deactivate() {
        handler.unregister();
    }

    @Override
    protected ModelStore delegate() {
        return cache;
    }

    @Override
    public String toString() {
        return cache.toString();
    }
}
