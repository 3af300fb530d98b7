package dev.strata.store.log.internal;

import java.nio.file.Path;
import java.util.Locale;
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
import org.osgi.service.metatype.annotations.Option;

import dev.strata.core.ModelStore;
import dev.strata.core.store.ForwardingStore;
import dev.strata.core.store.StackedStores;
import dev.strata.store.log.LogModelStore;

/**
 * One log store per factory configuration of {@code dev.strata.store.log}, over the store its
 * {@code store.target} filter selects.
 */
@Component(service = ModelStore.class, configurationPid = "dev.strata.store.log",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, property = ModelStore.TYPE + "=log")
@Designate(ocd = LogStoreComponent.Config.class, factory = true)
public final class LogStoreComponent extends ForwardingStore {

    @ObjectClassDefinition(name = "Strata log store", description = "Another store, with a line per operation in a JSON lines file")
    @interface Config {
        @AttributeDefinition(name = "Store name")
        String strata_store();

        @AttributeDefinition(name = "Store logged", description = "Service filter choosing the store to pass operations to, e.g. (strata.store=tasks)")
        String store_target();

        @AttributeDefinition(name = "Log file", description = "Absolute path of the JSON lines file; empty: ~/.strata/logs/<name>.jsonl")
        String file() default "";

        @AttributeDefinition(name = "Operations logged", description = "writes: commits, migrations, model and index declarations, locks; all: reads of data too",
                options = { @Option(value = "writes"), @Option(value = "all") })
        String operations() default "writes";
    }

    private final LogStore log;
    private final ServiceRegistration<EventHandler> handler;

    @Activate
    public LogStoreComponent(Config config, Map<String, Object> properties, BundleContext context,
            @Reference(name = "store") ModelStore store, @Reference EventAdmin events) {
        String name = config.strata_store();
        StackedStores.refuseSelf("Log store", name, "log", config.store_target(), properties);
        Path file = config.file().isBlank()
                ? Path.of(System.getProperty("user.home"), ".strata", "logs", name + ".jsonl")
                : Path.of(config.file().trim());
        LogModelStore.Operations operations = switch (config.operations().trim().toLowerCase(Locale.ROOT)) {
        case "writes", "" -> LogModelStore.Operations.WRITES;
        case "all" -> LogModelStore.Operations.ALL;
        default -> throw new IllegalArgumentException("Log store '" + name + "': operations is '" + config.operations()
                + "'; it must be writes or all");
        };
        this.log = new LogStore(name, store, file, operations, events);
        this.handler = StackedStores.followCommits(context, store, log);
    }

    @Deactivate
    void deactivate() {
        handler.unregister();
        log.close();
    }

    @Override
    protected ModelStore delegate() {
        return log;
    }

    @Override
    public String toString() {
        return log.toString();
    }
}
