package dev.strata.store.queue.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.strata.core.ChangeSet;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;

/**
 * What the queued commits do to each object they touch, to lay over what the wrapped store
 * returns: created records whole, changed features as deltas (so the journal replays without
 * reading the wrapped store), deletions. Guarded by the queue store's lock.
 */
final class Overlay {

    /** One object's state after the queued commits. */
    static final class Pending {
        final ObjectId id;
        TypeRef type;
        /** The record as created in the queue; null when it exists in the wrapped store. */
        Record created;
        boolean deleted;
        ObjectId container;
        final Map<String, Object> values = new LinkedHashMap<>();
        long version;
        /** The last queued commit touching it: once that is drained the wrapped store has it all. */
        long sequence;
        /** The session whose commit joined a group touching it, keeping the version: see QueueStore. */
        String coalescedBy;

        Pending(ObjectId id) {
            this.id = id;
        }

        boolean root() {
            return !deleted && container == null;
        }

        /** The record as the queued commits leave it, over the wrapped store's (null if the wrapped store has none). */
        Record over(Record stored) {
            if (deleted) {
                return null;
            }
            Record base = created != null ? created : stored;
            return base == null ? null : base.with(version, container, values);
        }

        /** True when the record comes from the queue alone. */
        boolean whole() {
            return deleted || created != null;
        }
    }

    private final Map<ObjectId, Pending> pending = new LinkedHashMap<>();

    /** Forgets every object: the queued commits are laid over again after some left the queue out of order. */
    void clear() {
        pending.clear();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    Pending get(ObjectId id) {
        return pending.get(id);
    }

    Collection<Pending> all() {
        return pending.values();
    }

    boolean touches(TypeRef type) {
        return pending.values().stream().anyMatch(p -> type.equals(p.type));
    }

    /** Lays a queued commit over the objects, with the versions it was acknowledged with. */
    void apply(ChangeSet cs, Map<ObjectId, Long> versions, long sequence, String coalescedBy) {
        for (Record r : cs.created()) {
            Pending p = new Pending(r.id());
            p.type = r.type();
            p.created = r;
            p.container = r.container();
            p.version = versions.getOrDefault(r.id(), 1L);
            p.sequence = sequence;
            pending.remove(r.id()); // a re-created object goes to the end, as a new root would
            pending.put(r.id(), p);
        }
        for (ChangeSet.Change c : cs.changed()) {
            Pending p = pending.computeIfAbsent(c.id(), Pending::new);
            p.type = c.type();
            p.container = c.container();
            p.values.putAll(c.newValues());
            p.version = versions.getOrDefault(c.id(), c.expectedVersion() + 1);
            p.sequence = sequence;
            if (coalescedBy != null) {
                p.coalescedBy = coalescedBy;
            }
        }
        for (ChangeSet.Deletion d : cs.deleted()) {
            Pending p = pending.computeIfAbsent(d.id(), Pending::new);
            p.type = d.last().type();
            p.deleted = true;
            p.created = null;
            p.values.clear();
            p.sequence = sequence;
        }
    }

    /** Forgets the objects whose last queued commit is in the wrapped store now. */
    void drained(long through) {
        pending.values().removeIf(p -> p.sequence <= through);
    }

    /** A copy of the pending states of some ids (those without one are absent). */
    Map<ObjectId, Pending> of(Collection<ObjectId> ids) {
        Map<ObjectId, Pending> found = new HashMap<>();
        for (ObjectId id : ids) {
            Pending p = pending.get(id);
            if (p != null) {
                found.put(id, p);
            }
        }
        return found;
    }
}
