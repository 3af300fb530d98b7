package dev.strata.core.internal;

import java.util.EnumSet;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.store.HistoryPolicy;
import dev.strata.core.store.RecordTable;
import dev.strata.core.store.TableStore;

/**
 * Keeps records in memory: thread-safe, atomic, nothing survives the process. One instance named
 * {@code memory} exists without configuration; factory configurations of
 * {@code dev.strata.store.memory} add more.
 */
@Component(service = ModelStore.class, configurationPid = MemoryStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { ModelStore.NAME + "=memory", ModelStore.TYPE + "=memory" })
@Designate(ocd = MemoryStore.Config.class, factory = true)
public final class MemoryStore extends TableStore {

    /** Factory PID of further memory stores. */
    public static final String PID = "dev.strata.store.memory";

    @ObjectClassDefinition(name = "Strata memory store", description = "A store that keeps records in memory only")
    @interface Config {
        @AttributeDefinition(name = "Store name", description = "Unique store name; part of the commit event topic")
        String strata_store() default "memory";

        @AttributeDefinition(name = "History kept", description = "Commits the log keeps in memory: all, <N> commits or <N> days")
        String history_keep() default DEFAULT_HISTORY;
    }

    /** What the log keeps without configuration, as the history.keep property writes it. */
    static final String DEFAULT_HISTORY = "10000 commits";

    private final String name;
    private final EventAdmin events;
    private final RecordTable table;
    /** Each instance starts its sequence at 0: followers must tell one instance from the next. */
    private final String epoch = "memory-" + java.util.UUID.randomUUID();

    @Activate
    public MemoryStore(Config config, @Reference EventAdmin events) {
        this(config.strata_store(), events, HistoryPolicy.parse(config.strata_store(), config.history_keep()));
    }

    /** For use without OSGi; events may be null. The log keeps the newest 10,000 commits. */
    public MemoryStore(String name, EventAdmin events) {
        this(name, events, HistoryPolicy.parse(DEFAULT_HISTORY));
    }

    /** For use without OSGi, with a history policy; events may be null. */
    public MemoryStore(String name, EventAdmin events, HistoryPolicy history) {
        this.name = StoreNames.check(name);
        this.events = events;
        this.table = new RecordTable(name, history);
    }


    @Override
    protected RecordTable table() {
        return table;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.ATOMIC, Capability.QUERYABLE, Capability.LOCKS);
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        table.initModelVersion(nsUri, version, p -> { });
    }

    @Override
    public void migrate(Migration migration) {
        table.migrate(migration, p -> { });
    }

    @Override
    public CommitResult commit(ChangeSet changes) {
        CommitResult result = table.commit(changes);
        if (events != null && !result.duplicate()) {
            events.postEvent(CommitEvents.of(name, changes, result));
        }
        return result;
    }

    @Override
    public String toString() {
        return "memory store '" + name + "' (" + table.size() + " records)";
    }
}
