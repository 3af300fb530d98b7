package dev.strata.store.route.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.strata.core.ModelStore;
import dev.strata.core.store.ForwardingStore;
import dev.strata.core.store.StackedStores;

/**
 * One route store per factory configuration of {@code dev.strata.store.route}, over the stores its
 * {@code stores.target} filter selects, in the order {@code shards} names them. It starts once the
 * filter selects {@code stores.cardinality.minimum} stores (DS waits for them).
 */
@Component(service = ModelStore.class, configurationPid = "dev.strata.store.route",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, property = ModelStore.TYPE + "=route")
@Designate(ocd = RouteStoreComponent.Config.class, factory = true)
public final class RouteStoreComponent extends ForwardingStore {

    @ObjectClassDefinition(name = "Strata route", description = "Containment trees spread over several stores, committed atomically across them")
    @interface Config {
        @AttributeDefinition(name = "Store name")
        String strata_store();

        @AttributeDefinition(name = "Shards", description = "The stores to spread trees over, by name, in order, e.g. pg1,pg2")
        String[] shards();

        @AttributeDefinition(name = "Shard stores", description = "Service filter selecting the shards, e.g. (|(strata.store=pg1)(strata.store=pg2))")
        String stores_target();

        @AttributeDefinition(name = "Shards to wait for", description = "How many stores the filter must select before the route store starts", min = "1")
        int stores_cardinality_minimum() default 2;

        @AttributeDefinition(name = "Placement", description = "Class=shard rules for where new trees go by their root's class, e.g. Project=pg1; other trees go by the hash of their root's id", required = false)
        String[] placement();

        @AttributeDefinition(name = "Coordinator log directory", description = "Where the decisions of commits across shards are kept; one route store per directory")
        String coordinator_directory();
    }

    private final RouteStore route;
    private final List<ServiceRegistration<EventHandler>> handlers = new ArrayList<>();

    @Activate
    public RouteStoreComponent(Config config, Map<String, Object> properties, BundleContext context,
            @Reference(name = "stores", cardinality = ReferenceCardinality.AT_LEAST_ONE,
                    policyOption = ReferencePolicyOption.GREEDY) List<ModelStore> stores,
            @Reference EventAdmin events) {
        String name = config.strata_store();
        StackedStores.refuseSelf("Route store", name, "route", "stores.target", config.stores_target(), properties);
        List<String> names = Arrays.stream(config.shards() == null ? new String[0] : config.shards())
                .flatMap(s -> Arrays.stream(s.split(","))).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("Route store '" + name + "': 'shards' names no store; list the shards, e.g. pg1,pg2");
        }
        List<ModelStore> shards = new ArrayList<>();
        for (String shard : names) {
            shards.add(stores.stream().filter(s -> s.name().equals(shard)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Route store '" + name + "': shard '" + shard
                            + "' is not among the stores '" + config.stores_target() + "' selects ("
                            + stores.stream().map(ModelStore::name).toList() + ")")));
        }
        String dir = config.coordinator_directory();
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("Route store '" + name + "': 'coordinator.directory' is empty; name a directory"
                    + " for the coordinator log");
        }
        this.route = new RouteStore(name, shards, List.of(config.placement() == null ? new String[0] : config.placement()),
                Path.of(dir), events);
        for (ModelStore s : shards) {
            handlers.add(StackedStores.followCommits(context, s, route::shardCommitted));
        }
    }

    @Deactivate
    void deactivate() {
        handlers.forEach(ServiceRegistration::unregister);
        route.close();
    }

    @Override
    protected ModelStore delegate() {
        return route;
    }

    @Override
    public String toString() {
        return route.toString();
    }
}
