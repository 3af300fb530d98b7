package dev.strata.store.mirror.internal;

import java.time.Duration;
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
import org.osgi.service.metatype.annotations.Option;

import dev.strata.core.ModelStore;
import dev.strata.core.store.ForwardingStore;
import dev.strata.core.store.StackedStores;
import dev.strata.store.mirror.ReadFrom;

/**
 * One mirror per factory configuration of {@code dev.strata.store.mirror}, writing to the store its
 * {@code primary.target} filter selects and copying to every store its {@code replicas.target}
 * selects. A replica that appears or goes restarts the mirror with the replicas there are then;
 * each finds where it got to in the primary's log.
 */
@Component(service = ModelStore.class, configurationPid = "dev.strata.store.mirror",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, property = ModelStore.TYPE + "=mirror")
@Designate(ocd = MirrorStoreComponent.Config.class, factory = true)
public final class MirrorStoreComponent extends ForwardingStore {

    @ObjectClassDefinition(name = "Strata mirror", description = "Writes to a primary store, copied in the background to one or more replicas")
    @interface Config {
        @AttributeDefinition(name = "Store name")
        String strata_store();

        @AttributeDefinition(name = "Primary", description = "Service filter choosing the store written to, e.g. (strata.store=tasks)")
        String primary_target();

        @AttributeDefinition(name = "Replicas", description = "Service filter choosing the stores copied to, e.g. (|(strata.store=backup)(strata.store=tasks2))")
        String replicas_target();

        @AttributeDefinition(name = "Read from", description = "primary: every read from the primary; replica: from a replica that has copied every commit this process knows of, else from the primary",
                options = { @Option(value = "primary"), @Option(value = "replica") })
        String read_from() default "primary";

        @AttributeDefinition(name = "Longest pause between retries (s)", description = "A replica that cannot be written is tried again after a pause that doubles up to this", min = "1")
        int retry_max_seconds() default 60;
    }

    private final MirrorStore mirror;
    private final ServiceRegistration<EventHandler> handler;

    @Activate
    public MirrorStoreComponent(Config config, Map<String, Object> properties, BundleContext context,
            @Reference(name = "primary") ModelStore primary,
            @Reference(name = "replicas", cardinality = ReferenceCardinality.AT_LEAST_ONE,
                    policyOption = ReferencePolicyOption.GREEDY) List<ModelStore> replicas,
            @Reference EventAdmin events) {
        String name = config.strata_store();
        StackedStores.refuseSelf("Mirror", name, "mirror", "primary.target", config.primary_target(), properties);
        StackedStores.refuseSelf("Mirror", name, "mirror", "replicas.target", config.replicas_target(), properties);
        this.mirror = new MirrorStore(name, primary, replicas, ReadFrom.parse(name, config.read_from()),
                Duration.ofSeconds(config.retry_max_seconds()), events);
        this.handler = StackedStores.followCommits(context, primary, mirror);
    }

    @Deactivate
    void deactivate() {
        handler.unregister();
        mirror.close();
    }

    @Override
    protected ModelStore delegate() {
        return mirror;
    }

    @Override
    public String toString() {
        return mirror.toString();
    }
}
