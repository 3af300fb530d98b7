package dev.strata.store.route.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.strata.core.ChangeSet;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;

/**
 * A change set split by shard. New objects go where their container is, new roots where the
 * placement says; changes and deletions where the object is. An object moved into a tree on
 * another shard is deleted (with what it contains) on its shard and created anew on the other.
 */
final class Parts {

    /** What splitting needs to know of the shards. */
    interface Shards {
        /** The shard of each of these objects that exists. */
        Map<ObjectId, Integer> shardsOf(Collection<ObjectId> ids);

        /** An object and everything it contains, as the shard holds them. */
        Map<ObjectId, Record> subtree(int shard, ObjectId id);
    }

    private static final class Part {
        final List<Record> created = new ArrayList<>();
        final List<ChangeSet.Change> changed = new ArrayList<>();
        final List<ChangeSet.Deletion> deleted = new ArrayList<>();
    }

    private final Map<Integer, Part> parts = new java.util.TreeMap<>();
    private final Map<ObjectId, Integer> placed = new LinkedHashMap<>();
    private final List<ObjectId> deletedIds = new ArrayList<>();
    private final List<ObjectId> newRoots = new ArrayList<>();

    private Part at(int shard) {
        return parts.computeIfAbsent(shard, k -> new Part());
    }

    List<Integer> shards() {
        return List.copyOf(parts.keySet());
    }

    ChangeSet part(int shard, ChangeSet whole) {
        Part p = parts.getOrDefault(shard, new Part());
        return new ChangeSet(whole.commitId(), whole.session(), whole.message(), p.created, p.changed, p.deleted,
                whole.author());
    }

    Map<ObjectId, Integer> placed() {
        return placed;
    }

    List<ObjectId> deletedIds() {
        return deletedIds;
    }

    List<ObjectId> newRoots() {
        return newRoots;
    }

    static Parts split(ChangeSet cs, Shards shards, Placement placement, List<String> shardNames) {
        Parts p = new Parts();
        Map<ObjectId, Record> created = new LinkedHashMap<>();
        cs.created().forEach(r -> created.put(r.id(), r));
        Set<ObjectId> ask = new LinkedHashSet<>();
        cs.changed().forEach(c -> {
            ask.add(c.id());
            if (c.container() != null && !created.containsKey(c.container())) {
                ask.add(c.container());
            }
        });
        cs.deleted().forEach(d -> ask.add(d.id()));
        cs.created().forEach(r -> {
            if (r.container() != null && !created.containsKey(r.container())) {
                ask.add(r.container());
            }
        });
        Map<ObjectId, Integer> shardOf = new HashMap<>(shards.shardsOf(ask));

        // New objects whose container is new too go where that one goes.
        Map<ObjectId, Integer> newShard = new HashMap<>();
        for (Record r : cs.created()) {
            p.placeNew(r, created, shardOf, newShard, placement);
        }

        Map<ObjectId, ChangeSet.Change> changes = new LinkedHashMap<>();
        cs.changed().forEach(c -> changes.put(c.id(), c));
        Map<ObjectId, ChangeSet.Deletion> deletions = new LinkedHashMap<>();
        cs.deleted().forEach(d -> deletions.put(d.id(), d));
        Set<ObjectId> consumed = new HashSet<>();

        for (ChangeSet.Change c : cs.changed()) {
            if (consumed.contains(c.id())) {
                continue;
            }
            // An object not found is sent to the first shard, which answers with the conflict.
            int from = shardOf.getOrDefault(c.id(), 0);
            int to = from;
            if (c.containerChanged() && c.container() != null) {
                Integer target = created.containsKey(c.container()) ? newShard.get(c.container()) : shardOf.get(c.container());
                to = target == null ? from : target;
            }
            if (to == from) {
                p.at(from).changed.add(c);
                continue;
            }
            p.move(c, from, to, shards.subtree(from, c.id()), changes, deletions, consumed, shardNames);
        }
        for (ChangeSet.Deletion d : cs.deleted()) {
            p.at(shardOf.getOrDefault(d.id(), 0)).deleted.add(d);
            p.deletedIds.add(d.id());
        }
        if (!p.placed.isEmpty()) {
            // Objects moved to another shard take the new objects created inside them along.
            shardOf.putAll(p.placed);
            newShard.clear();
            for (Record r : cs.created()) {
                p.placeNew(r, created, shardOf, newShard, placement);
            }
        }
        for (Record r : cs.created()) {
            int shard = newShard.get(r.id());
            p.at(shard).created.add(r);
            p.placed.put(r.id(), shard);
            if (r.container() == null) {
                p.newRoots.add(r.id());
            }
        }
        for (ChangeSet.Change c : cs.changed()) {
            if (c.containerChanged() && c.container() == null) {
                p.newRoots.add(c.id());
            }
        }
        return p;
    }

    private int placeNew(Record r, Map<ObjectId, Record> created, Map<ObjectId, Integer> shardOf,
            Map<ObjectId, Integer> newShard, Placement placement) {
        Integer done = newShard.get(r.id());
        if (done != null) {
            return done;
        }
        int shard;
        if (r.container() == null) {
            shard = placement.shardOf(r);
        } else if (created.containsKey(r.container())) {
            newShard.put(r.id(), 0); // a cycle of containers ends here; the check refuses it
            shard = placeNew(created.get(r.container()), created, shardOf, newShard, placement);
        } else {
            shard = shardOf.getOrDefault(r.container(), 0);
        }
        newShard.put(r.id(), shard);
        return shard;
    }

    /**
     * Moves an object and its contents from one shard to another: deleted there as they are stored
     * (at the versions the change set expects), created here with the commit's changes applied.
     */
    private void move(ChangeSet.Change moved, int from, int to, Map<ObjectId, Record> subtree,
            Map<ObjectId, ChangeSet.Change> changes, Map<ObjectId, ChangeSet.Deletion> deletions, Set<ObjectId> consumed,
            List<String> shardNames) {
        if (subtree.isEmpty()) {
            at(from).changed.add(moved); // gone meanwhile: the shard answers with the conflict
            return;
        }
        for (Record r : subtree.values()) {
            consumed.add(r.id());
            ChangeSet.Deletion gone = deletions.get(r.id());
            if (gone != null) {
                continue; // deleted by this commit anyway: stays a deletion where it is
            }
            ChangeSet.Change c = changes.get(r.id());
            if (c != null && c != moved && c.containerChanged()) {
                throw new InvalidChangeException("changed[" + r.id() + "]", "it is moved within " + moved.id()
                        + ", which this commit moves from shard '" + shardNames.get(from) + "' to '" + shardNames.get(to)
                        + "'; a route store moves one tree between shards per commit: move them in separate commits");
            }
            long expected = c != null ? c.expectedVersion() : r.version();
            at(from).deleted.add(new ChangeSet.Deletion(r.with(expected, Map.of())));
            deletedIds.add(r.id());
            Map<String, Object> values = new LinkedHashMap<>(r.values());
            ObjectId container = r.container();
            if (c != null) {
                values.putAll(c.newValues());
                container = c.container();
            }
            Record again = new Record(r.id(), r.type(), 0, container, values);
            at(to).created.add(again);
            placed.put(r.id(), to);
        }
    }

    /**
     * One change set from the parts a commit left on the shards. An object deleted on one shard and
     * created on another was moved: it is shown as the change of its container and values.
     */
    static ChangeSet join(UUID commitId, List<ChangeSet> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        List<Record> created = new ArrayList<>();
        List<ChangeSet.Change> changed = new ArrayList<>();
        List<ChangeSet.Deletion> deleted = new ArrayList<>();
        Map<ObjectId, ChangeSet.Deletion> gone = new HashMap<>();
        parts.forEach(cs -> cs.deleted().forEach(d -> gone.put(d.id(), d)));
        Set<ObjectId> moved = new HashSet<>();
        for (ChangeSet cs : parts) {
            changed.addAll(cs.changed());
            for (Record r : cs.created()) {
                ChangeSet.Deletion before = gone.get(r.id());
                if (before == null) {
                    created.add(r);
                    continue;
                }
                moved.add(r.id());
                Record old = before.last();
                Map<String, Object> newValues = new LinkedHashMap<>();
                Map<String, Object> oldValues = new LinkedHashMap<>();
                Set<String> features = new LinkedHashSet<>(old.values().keySet());
                features.addAll(r.values().keySet());
                for (String f : features) {
                    if (!Objects.deepEquals(old.value(f), r.value(f))) {
                        newValues.put(f, r.value(f));
                        oldValues.put(f, old.value(f));
                    }
                }
                if (!newValues.isEmpty() || !Objects.equals(old.container(), r.container())) {
                    changed.add(new ChangeSet.Change(r.id(), r.type(), old.version(), r.container(), old.container(),
                            newValues, oldValues));
                }
            }
        }
        for (ChangeSet cs : parts) {
            cs.deleted().stream().filter(d -> !moved.contains(d.id())).forEach(deleted::add);
        }
        ChangeSet first = parts.getFirst();
        return new ChangeSet(commitId, first.session(), first.message(), created, changed, deleted, first.author());
    }
}
