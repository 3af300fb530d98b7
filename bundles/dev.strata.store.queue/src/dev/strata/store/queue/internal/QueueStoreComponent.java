package dev.strata.store.queue.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.strata.core.ModelStore;
import dev.strata.core.store.ForwardingStore;
import dev.strata.core.store.StackedStores;
import dev.strata.store.queue.QueueModelStore;
import dev.strata.store.queue.QueueStoreOptions;

/**
 * One queue store per factory configuration of {@code dev.strata.store.queue}, writing behind to
 * the store its {@code store.target} filter selects.
 */
@Component(service = ModelStore.class, configurationPid = "dev.strata.store.queue",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, property = ModelStore.TYPE + "=queue")
@Designate(ocd = QueueStoreComponent.Config.class, factory = true)
public final class QueueStoreComponent extends ForwardingStore implements QueueModelStore {

    @ObjectClassDefinition(name = "Strata queue store", description = "Commits acknowledged from a local journal and written behind to another store")
    @interface Config {
        @AttributeDefinition(name = "Store name")
        String strata_store();

        @AttributeDefinition(name = "Store written to", description = "Service filter choosing the store queued commits go to, e.g. (strata.store=tasks)")
        String store_target();

        @AttributeDefinition(name = "Journal folder", description = "Absolute path of the queue's journal folder; empty: ~/.strata/queues/<name>")
        String journal_directory() default "";

        @AttributeDefinition(name = "Commits queued at most", description = "A commit beyond waits for the drain", min = "1")
        int max_queued() default 10000;

        @AttributeDefinition(name = "Wait for room (ms)", description = "How long a commit waits when the queue is full before it is refused", min = "0")
        long max_wait_ms() default 30000;

        @AttributeDefinition(name = "Coalesce", description = "Consecutive commits of a session changing the same features of the same objects go on as one")
        boolean coalesce() default true;

        @AttributeDefinition(name = "Longest retry pause (ms)", description = "A failing drain is retried after 50 ms, then twice as long each time, at most this", min = "1")
        long retry_max_ms() default 30000;
    }

    private final QueueStore queue;
    private final ServiceRegistration<EventHandler> handler;

    @Activate
    public QueueStoreComponent(Config config, Map<String, Object> properties, BundleContext context,
            @Reference(name = "store") ModelStore store, @Reference EventAdmin events) {
        String name = config.strata_store();
        StackedStores.refuseSelf("Queue store", name, "queue", config.store_target(), properties);
        Path dir = config.journal_directory().isBlank()
                ? Path.of(System.getProperty("user.home"), ".strata", "queues", name)
                : Path.of(config.journal_directory().trim());
        QueueStoreOptions options;
        try {
            options = new QueueStoreOptions(dir, config.max_queued(), Duration.ofMillis(config.max_wait_ms()),
                    config.coalesce(), Duration.ofMillis(config.retry_max_ms()), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Queue store '" + name + "': " + e.getMessage(), e);
        }
        this.queue = new QueueStore(name, store, options, events);
        this.handler = StackedStores.followCommits(context, store, queue);
    }

    @Deactivate
    void deactivate() {
        handler.unregister();
        queue.close();
    }

    @Override
    protected ModelStore delegate() {
        return queue;
    }

    @Override
    public ModelStore wrapped() {
        return queue.wrapped();
    }

    @Override
    public Path journalDirectory() {
        return queue.journalDirectory();
    }

    @Override
    public int queued() {
        return queue.queued();
    }

    @Override
    public Optional<String> problem() {
        return queue.problem();
    }

    @Override
    public boolean isStuck() {
        return queue.isStuck();
    }

    @Override
    public List<UUID> setAsideStuck(Path file) {
        return queue.setAsideStuck(file);
    }

    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return queue.awaitDrained(timeout);
    }

    @Override
    public void handleEvent(Event event) {
        queue.handleEvent(event);
    }

    @Override
    public void close() {
        queue.close();
    }

    @Override
    public String toString() {
        return queue.toString();
    }
}
