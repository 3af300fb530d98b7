package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.ModelStore;
import dev.strata.core.Record;
import dev.strata.core.StoreException;

/**
 * Keeps records in memory. Commits are serialised by one lock, validated completely before
 * anything is applied, so a refused commit leaves no trace.
 */
@Component(service = ModelStore.class, configurationPid = "dev.strata.store.memory",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { ModelStore.NAME + "=memory", ModelStore.TYPE + "=memory" })
public final class MemoryStore implements ModelStore {

    @ObjectClassDefinition(name = "Strata memory store")
    @interface Config {
        @AttributeDefinition(name = "Store name")
        String strata_store() default "memory";
    }

    private final String name;
    private final EventAdmin events;
    private final Map<dev.strata.core.ObjectId, Record> records = new ConcurrentHashMap<>();
    private final Map<UUID, CommitResult> applied = new HashMap<>();
    private final Object commitLock = new Object();
    private long sequence;

    @Activate
    public MemoryStore(Config config, @Reference EventAdmin events) {
        this(config.strata_store(), events);
    }

    /** For use without OSGi; events may be null. */
    public MemoryStore(String name, EventAdmin events) {
        this.name = StoreNames.check(name);
        this.events = events;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.ATOMIC, Capability.QUERYABLE);
    }

    @Override
    public Optional<Record> load(dev.strata.core.ObjectId id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public Map<dev.strata.core.ObjectId, Record> loadAll(Collection<dev.strata.core.ObjectId> ids) {
        Map<dev.strata.core.ObjectId, Record> result = new LinkedHashMap<>();
        for (dev.strata.core.ObjectId id : ids) {
            Record r = records.get(id);
            if (r != null) {
                result.put(id, r);
            }
        }
        return result;
    }

    @Override
    public CommitResult commit(ChangeSet changes) {
        CommitResult result;
        synchronized (commitLock) {
            CommitResult earlier = applied.get(changes.commitId());
            if (earlier != null) {
                return new CommitResult(earlier.commitId(), earlier.sequence(), earlier.newVersions(), true);
            }
            List<ConflictException.Conflict> conflicts = new ArrayList<>();
            for (Record r : changes.created()) {
                if (records.containsKey(r.id())) {
                    throw new StoreException("Store '" + name + "' already has an object " + r.id()
                            + "; a created object needs a new id");
                }
            }
            for (ChangeSet.Change c : changes.changed()) {
                Record current = records.get(c.id());
                long actual = current == null ? -1 : current.version();
                if (actual != c.expectedVersion()) {
                    conflicts.add(new ConflictException.Conflict(c.id(), c.expectedVersion(), actual));
                }
            }
            for (ChangeSet.Deletion d : changes.deleted()) {
                Record current = records.get(d.id());
                long actual = current == null ? -1 : current.version();
                if (actual != d.expectedVersion()) {
                    conflicts.add(new ConflictException.Conflict(d.id(), d.expectedVersion(), actual));
                }
            }
            if (!conflicts.isEmpty()) {
                throw new ConflictException(name, conflicts);
            }
            Map<dev.strata.core.ObjectId, Long> versions = new HashMap<>();
            for (Record r : changes.created()) {
                Record stored = r.with(1, Map.of());
                records.put(r.id(), stored);
                versions.put(r.id(), 1L);
            }
            for (ChangeSet.Change c : changes.changed()) {
                Record stored = records.get(c.id()).with(c.expectedVersion() + 1, c.newValues());
                records.put(c.id(), stored);
                versions.put(c.id(), stored.version());
            }
            for (ChangeSet.Deletion d : changes.deleted()) {
                records.remove(d.id());
            }
            result = new CommitResult(changes.commitId(), ++sequence, versions, false);
            applied.put(changes.commitId(), result);
        }
        if (events != null) {
            events.postEvent(CommitEvents.of(name, changes));
        }
        return result;
    }
}
