package dev.strata.store.cache.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Topics;
import dev.strata.core.store.ForwardingStore;
import dev.strata.store.cache.CacheModelStore;

/**
 * Records by id in an LRU map, and whole containment trees as the wrapped store read them (so a
 * tree served from here is one the wrapped store gave atomically, never pieced together from
 * records read at different times). Everything else goes to the wrapped store.
 * <p>
 * A read that misses stamps the invalidation counter before asking the wrapped store and fills
 * the map only if no invalidation happened meanwhile and no commit through the cache is under
 * way: a record read just before a commit can then never land in the map after the commit's
 * invalidation.
 */
public final class CacheStore extends ForwardingStore implements CacheModelStore {

    private final String name;
    private final ModelStore wrapped;
    private final int maxObjects;
    private final EventAdmin events;

    private final Object lock = new Object();
    /** Access-ordered: the eldest entry is the least recently used. Guarded by lock. */
    private final LinkedHashMap<ObjectId, Record> records;
    /** Trees by the id they were read from, access-ordered. Guarded by lock. */
    private final LinkedHashMap<ObjectId, Map<ObjectId, Record>> trees = new LinkedHashMap<>(16, 0.75f, true);
    /** For each object held in a tree, the trees holding it. Guarded by lock. */
    private final Map<ObjectId, Set<ObjectId>> treesWith = new HashMap<>();
    private long treeObjects;
    /** Advances on every invalidation. Guarded by lock. */
    private long generation;
    /** Commits through the cache that have not returned. Guarded by lock. */
    private int committing;

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder invalidations = new LongAdder();

    public CacheStore(String name, ModelStore wrapped, int maxObjects, EventAdmin events) {
        this.name = Objects.requireNonNull(name, "name");
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        this.events = Objects.requireNonNull(events, "events");
        if (maxObjects < 1) {
            throw new IllegalArgumentException("Cache '" + name + "': max.objects is " + maxObjects
                    + "; it must be at least 1");
        }
        if (name.equals(wrapped.name())) {
            // Both would announce commits on the same topic, and the cache would hear its own announcements.
            throw new IllegalArgumentException("Cache '" + name + "' cannot have the name of the store it wraps");
        }
        this.maxObjects = maxObjects;
        this.records = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ObjectId, Record> eldest) {
                if (size() > CacheStore.this.maxObjects) {
                    evictions.increment();
                    return true;
                }
                return false;
            }
        };
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

    // ------------------------------------------------------------------ reads by id

    @Override
    public Optional<Record> load(ObjectId id) {
        long stamp;
        synchronized (lock) {
            Record r = records.get(id);
            if (r != null) {
                hits.increment();
                return Optional.of(r);
            }
            stamp = stamp();
        }
        misses.increment();
        Optional<Record> read = wrapped.load(id);
        read.ifPresent(r -> fill(stamp, List.of(r)));
        return read;
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        Map<ObjectId, Record> found = new LinkedHashMap<>();
        List<ObjectId> missing = new ArrayList<>();
        long stamp;
        synchronized (lock) {
            for (ObjectId id : ids) {
                Record r = records.get(id);
                if (r != null) {
                    found.put(id, r);
                } else {
                    missing.add(id);
                }
            }
            stamp = stamp();
        }
        hits.add(found.size());
        if (missing.isEmpty()) {
            return found;
        }
        misses.add(missing.size());
        Map<ObjectId, Record> read = wrapped.loadAll(missing);
        fill(stamp, read.values());
        // In the order asked, as the wrapped store would answer.
        Map<ObjectId, Record> result = new LinkedHashMap<>();
        for (ObjectId id : ids) {
            Record r = found.containsKey(id) ? found.get(id) : read.get(id);
            if (r != null) {
                result.put(id, r);
            }
        }
        return result;
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        long stamp;
        synchronized (lock) {
            Map<ObjectId, Record> tree = trees.get(rootId);
            if (tree != null) {
                hits.increment();
                return new LinkedHashMap<>(tree);
            }
            stamp = stamp();
        }
        misses.increment();
        Map<ObjectId, Record> read = wrapped.loadTree(rootId);
        if (!read.isEmpty()) {
            fillTrees(stamp, Map.of(rootId, read));
        }
        return read;
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        Map<ObjectId, Map<ObjectId, Record>> cached = new HashMap<>();
        Set<ObjectId> missing = new LinkedHashSet<>();
        long stamp;
        synchronized (lock) {
            for (ObjectId root : rootIds) {
                Map<ObjectId, Record> tree = trees.get(root);
                if (tree != null) {
                    cached.put(root, tree);
                } else {
                    missing.add(root);
                }
            }
            stamp = stamp();
        }
        hits.add(cached.size());
        Map<ObjectId, Map<ObjectId, Record>> read = Map.of();
        if (!missing.isEmpty()) {
            misses.add(missing.size());
            Map<ObjectId, Record> all = wrapped.loadTrees(missing);
            read = split(missing, all);
            if (read == null) {
                // The trees could not be told apart (one root inside another): answer as read, keep records only.
                fill(stamp, all.values());
                if (cached.isEmpty()) {
                    return all;
                }
                Map<ObjectId, Record> result = new LinkedHashMap<>();
                cached.values().forEach(result::putAll);
                all.forEach(result::putIfAbsent);
                return result;
            }
            fillTrees(stamp, read);
        }
        Map<ObjectId, Record> result = new LinkedHashMap<>();
        for (ObjectId root : rootIds) {
            Map<ObjectId, Record> tree = cached.containsKey(root) ? cached.get(root) : read.get(root);
            if (tree != null) {
                tree.forEach(result::putIfAbsent);
            }
        }
        return result;
    }

    /**
     * The records of several trees read together, by the root each belongs to (following containers
     * up to a root asked for); null if one root lies inside another's tree or a record cannot be placed.
     */
    private static Map<ObjectId, Map<ObjectId, Record>> split(Set<ObjectId> roots, Map<ObjectId, Record> all) {
        Map<ObjectId, ObjectId> rootOf = new HashMap<>();
        Map<ObjectId, Map<ObjectId, Record>> trees = new LinkedHashMap<>();
        for (Record r : all.values()) {
            ObjectId root = null;
            Record at = r;
            for (int depth = 0; at != null && depth <= all.size(); depth++) {
                ObjectId known = rootOf.get(at.id());
                if (known != null) {
                    root = known;
                    break;
                }
                if (roots.contains(at.id())) {
                    root = at.id();
                    break;
                }
                at = at.container() == null ? null : all.get(at.container());
            }
            if (root == null || (roots.contains(r.id()) && !r.id().equals(root))) {
                return null;
            }
            if (roots.contains(r.id()) && r.container() != null && all.containsKey(r.container())) {
                return null; // a root asked for inside another tree read here
            }
            rootOf.put(r.id(), root);
            trees.computeIfAbsent(root, k -> new LinkedHashMap<>()).put(r.id(), r);
        }
        return trees;
    }

    // ------------------------------------------------------------------ filling, under the race guard

    /** The generation a read started at, or -1 when a commit through the cache is under way. */
    private long stamp() {
        return committing > 0 ? -1 : generation;
    }

    private boolean current(long stamp) {
        return stamp >= 0 && stamp == generation && committing == 0;
    }

    private void fill(long stamp, Collection<Record> read) {
        synchronized (lock) {
            if (current(stamp)) {
                for (Record r : read) {
                    records.put(r.id(), r);
                }
            }
        }
    }

    private void fillTrees(long stamp, Map<ObjectId, Map<ObjectId, Record>> read) {
        synchronized (lock) {
            if (!current(stamp)) {
                return;
            }
            for (Map.Entry<ObjectId, Map<ObjectId, Record>> e : read.entrySet()) {
                Map<ObjectId, Record> tree = e.getValue();
                tree.values().forEach(r -> records.put(r.id(), r));
                if (tree.size() > maxObjects) {
                    continue;
                }
                dropTree(e.getKey());
                trees.put(e.getKey(), new LinkedHashMap<>(tree));
                tree.keySet().forEach(id -> treesWith.computeIfAbsent(id, k -> new HashSet<>()).add(e.getKey()));
                treeObjects += tree.size();
            }
            // Trees count against the same bound as records: least recently used first.
            Iterator<Map.Entry<ObjectId, Map<ObjectId, Record>>> eldest = trees.entrySet().iterator();
            while (treeObjects > maxObjects && eldest.hasNext()) {
                Map.Entry<ObjectId, Map<ObjectId, Record>> gone = eldest.next();
                ObjectId root = gone.getKey();
                Map<ObjectId, Record> tree = gone.getValue();
                eldest.remove();
                unindex(root, tree);
                evictions.increment();
            }
        }
    }

    private void dropTree(ObjectId root) {
        Map<ObjectId, Record> tree = trees.remove(root);
        if (tree != null) {
            unindex(root, tree);
        }
    }

    private void unindex(ObjectId root, Map<ObjectId, Record> tree) {
        treeObjects -= tree.size();
        for (ObjectId id : tree.keySet()) {
            Set<ObjectId> with = treesWith.get(id);
            if (with != null) {
                with.remove(root);
                if (with.isEmpty()) {
                    treesWith.remove(id);
                }
            }
        }
    }

    /** Drops these objects and every tree holding one of them. Caller holds lock. */
    private void invalidate(Collection<ObjectId> ids) {
        generation++;
        invalidations.increment();
        for (ObjectId id : ids) {
            records.remove(id);
            dropTree(id);
            Set<ObjectId> with = treesWith.get(id);
            if (with != null) {
                for (ObjectId root : List.copyOf(with)) {
                    dropTree(root);
                }
            }
        }
    }

    @Override
    public void clear() {
        synchronized (lock) {
            generation++;
            invalidations.increment();
            records.clear();
            trees.clear();
            treesWith.clear();
            treeObjects = 0;
        }
    }

    // ------------------------------------------------------------------ writes

    @Override
    public CommitResult commit(ChangeSet changes) {
        Set<ObjectId> touched = touched(changes);
        synchronized (lock) {
            committing++;
            invalidate(touched);
        }
        try {
            return wrapped.commit(changes);
        } finally {
            // Before the commit is acknowledged: no later read of this process gets what it replaced.
            synchronized (lock) {
                invalidate(touched);
                committing--;
            }
        }
    }

    /** The objects a change set names: created, changed and deleted ones and their containers before and after. */
    static Set<ObjectId> touched(ChangeSet changes) {
        Set<ObjectId> ids = new HashSet<>();
        for (Record r : changes.created()) {
            ids.add(r.id());
            addIfSet(ids, r.container());
        }
        for (ChangeSet.Change c : changes.changed()) {
            ids.add(c.id());
            addIfSet(ids, c.container());
            addIfSet(ids, c.oldContainer());
        }
        for (ChangeSet.Deletion d : changes.deleted()) {
            ids.add(d.id());
            addIfSet(ids, d.last().container());
        }
        return ids;
    }

    private static void addIfSet(Set<ObjectId> ids, ObjectId id) {
        if (id != null) {
            ids.add(id);
        }
    }

    @Override
    public void migrate(Migration migration) {
        // A migration rewrites every record of its package: nothing held survives it.
        synchronized (lock) {
            committing++;
            clear();
        }
        try {
            wrapped.migrate(migration);
        } finally {
            synchronized (lock) {
                clear();
                committing--;
            }
        }
    }

    // ------------------------------------------------------------------ the wrapped store's commits

    /**
     * A commit event of the wrapped store (ours or another's): drops what it touched and announces
     * it again as this store's, so sessions on the cache hear of it. A resync drops everything.
     */
    @Override
    public void handleEvent(Event event) {
        if (!Topics.commit(wrapped.name()).equals(event.getTopic())) {
            return;
        }
        if (event.getProperty(Topics.RESYNC) != null) {
            clear();
        } else {
            Set<ObjectId> ids = new HashSet<>();
            for (String key : List.of(Topics.CREATED, Topics.CHANGED, Topics.DELETED)) {
                if (event.getProperty(key) instanceof String[] values) {
                    for (String v : values) {
                        ids.add(ObjectId.parse(v));
                    }
                }
            }
            synchronized (lock) {
                invalidate(ids);
            }
        }
        events.postEvent(CommitEvents.again(event, name));
    }

    // ------------------------------------------------------------------ figures

    @Override
    public Map<String, Long> figures() {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("hits", hits.sum());
        figures.put("misses", misses.sum());
        synchronized (lock) {
            figures.put("objects", (long) records.size());
            figures.put("trees", (long) trees.size());
        }
        figures.put("max.objects", (long) maxObjects);
        figures.put("evictions", evictions.sum());
        figures.put("invalidations", invalidations.sum());
        return figures;
    }

    @Override
    public String toString() {
        return "cache '" + name + "' over " + wrapped;
    }
}
