package dev.strata.store.readonly.internal;

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
 * One read-only view per factory configuration of {@code dev.strata.store.readonly}, of the store
 * its {@code store.target} filter selects.
 */
@Component(service = ModelStore.class, configurationPid = "dev.strata.store.readonly",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, property = ModelStore.TYPE + "=readonly")
@Designate(ocd = ReadOnlyStoreComponent.Config.class, factory = true)
public final class ReadOnlyStoreComponent extends ForwardingStore {

    @ObjectClassDefinition(name = "Strata read-only store", description = "Reads of another store; every write refused")
    @interface Config {
        @AttributeDefinition(name = "Store name")
        String strata_store();

        @AttributeDefinition(name = "Store read", description = "Service filter choosing the store to read, e.g. (strata.store=tasks)")
        String store_target();
    }

    private final ReadOnlyStore view;
    private final ServiceRegistration<EventHandler> handler;

    @Activate
    public ReadOnlyStoreComponent(Config config, Map<String, Object> properties, BundleContext context,
            @Reference(name = "store") ModelStore store, @Reference EventAdmin events) {
        String name = config.strata_store();
        StackedStores.refuseSelf("Read-only store", name, "readonly", config.store_target(), properties);
        this.view = new ReadOnlyStore(name, store, events);
        this.handler = StackedStores.followCommits(context, store, view);
    }

    @Deactivate
    void deactivate() {
        handler.unregister();
    }

    @Override
    protected ModelStore delegate() {
        return view;
    }

    @Override
    public String toString() {
        return view.toString();
    }
}
