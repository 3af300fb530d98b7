package dev.strata.store.cache.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.strata.core.ModelStore;
import dev.strata.core.store.ForwardingStore;
import dev.strata.core.store.StackedStores;

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
        StackedStores.refuseSelf("Cache", name, "cache", config.store_target(), properties);
        this.cache = new CacheStore(name, store, config.max_objects(), events);
        this.handler = StackedStores.followCommits(context, store, cache);
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
