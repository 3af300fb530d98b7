package dev.strata.store.readonly.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.LockMode;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.StoreException;
import dev.strata.core.Topics;
import dev.strata.core.store.ForwardingStore;
import dev.strata.store.readonly.ReadOnlyModelStore;

/**
 * Reads go to the wrapped store unchanged; writes are refused before the wrapped store sees them.
 * Laying out a model passes only when the wrapped store already holds data of each package at the
 * model's version (then it changes no data); declaring indexes passes, since an index is derived
 * from the records and memory and file stores keep theirs only while running.
 */
public final class ReadOnlyStore extends ForwardingStore implements ReadOnlyModelStore {

    /** What a store can promise about its writes; a view without writes promises none of it. */
    private static final Set<Capability> WRITES = EnumSet.of(Capability.ATOMIC, Capability.DURABLE, Capability.LOCKS);

    private final String name;
    private final ModelStore wrapped;
    private final EventAdmin events;
    private final LongAdder refused = new LongAdder();

    public ReadOnlyStore(String name, ModelStore wrapped, EventAdmin events) {
        this.name = Objects.requireNonNull(name, "name");
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        this.events = Objects.requireNonNull(events, "events");
        if (name.equals(wrapped.name())) {
            // Both would announce on the same topic, and the view would hear its own announcements.
            throw new IllegalArgumentException("Read-only store '" + name + "' cannot have the name of the store it reads");
        }
    }

    @Override
    protected ModelStore delegate() {
        return wrapped;
    }

    @Override
    public ModelStore wrapped() {
        return wrapped;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        caps.addAll(wrapped.capabilities());
        caps.removeAll(WRITES);
        return caps;
    }

    /** {@code refused}: writes refused since the store started. */
    @Override
    public Map<String, Long> figures() {
        return Map.of("refused", refused.sum());
    }

    // ------------------------------------------------------------------ writes: refused

    private StoreException refuse(String what) {
        refused.increment();
        return new StoreException("Store '" + name + "' is a read-only view of store '" + wrapped.name() + "': " + what
                + " is refused; write to '" + wrapped.name() + "' directly");
    }

    @Override
    public CommitResult commit(ChangeSet changes) {
        throw refuse("commit " + changes.commitId() + " (" + changes.created().size() + " created, "
                + changes.changed().size() + " changed, " + changes.deleted().size() + " deleted)");
    }

    @Override
    public void migrate(Migration migration) {
        throw refuse("migration " + migration.id() + " of " + migration.nsUri() + " from model version "
                + migration.fromVersion() + " to " + migration.toVersion());
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        Integer stored = wrapped.modelVersions().get(nsUri);
        if (stored == null || stored != version) {
            throw refuse("recording model version " + version + " of " + nsUri + " (it holds "
                    + (stored == null ? "no data of that package" : "version " + stored) + ")");
        }
    }

    @Override
    public void useModel(List<EPackage> packages, Collection<IndexDef> indexes) {
        Map<String, Integer> stored = wrapped.modelVersions();
        for (EPackage p : packages) {
            Integer at = stored.get(p.getNsURI());
            int version = Migration.versionOf(p);
            if (at == null || at != version) {
                throw refuse("laying out storage for " + p.getNsURI() + " model version " + version + " (it holds "
                        + (at == null ? "no data of that package" : "version " + at) + ")");
            }
        }
        wrapped.useModel(packages, indexes);
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        throw refuse("rebuilding the " + index);
    }

    @Override
    public void lock(String owner, String holder, Collection<ObjectId> ids, LockMode mode, Duration lease) {
        throw refuse("locking " + ids.size() + " object(s) " + mode + " for " + holder);
    }

    @Override
    public void unlock(String owner, Collection<ObjectId> ids) {
        throw refuse("unlocking " + (ids.isEmpty() ? "every lock" : ids.size() + " object(s)") + " of session " + owner);
    }

    // ------------------------------------------------------------------ the wrapped store's commits

    /** A commit event of the wrapped store, announced again as this store's so sessions over it hear of it. */
    @Override
    public void handleEvent(Event event) {
        if (!Topics.commit(wrapped.name()).equals(event.getTopic())) {
            return;
        }
        events.postEvent(CommitEvents.again(event, name));
    }

    @Override
    public String toString() {
        return "read-only store '" + name + "' over " + wrapped;
    }
}
