package dev.strata.core.store;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.strata.core.ObjectId;
import dev.strata.core.Record;

/**
 * A {@link RecordTable}'s records: those written since it was loaded, in memory, over an optional
 * {@link RecordSource} read when a record is asked for (and not held). Without a source it is a
 * plain concurrent map. Changed under the table's write lock, read under its read lock.
 */
final class LayeredRecords extends AbstractMap<ObjectId, Record> {

    private volatile RecordSource base;
    private volatile ConcurrentHashMap<ObjectId, Record> written = new ConcurrentHashMap<>();
    /** Ids of the source's records that were deleted (or may have been: a superset is harmless). */
    private final Set<ObjectId> deleted = ConcurrentHashMap.newKeySet();
    private volatile int size;

    /** Replaces everything with the records of a source. */
    void readFrom(RecordSource source) {
        written.clear();
        deleted.clear();
        base = source;
        size = source.size();
    }

    RecordSource base() {
        return base;
    }

    /** True if the source's record of this id is replaced or deleted. */
    boolean shadowed(ObjectId id) {
        return written.containsKey(id) || deleted.contains(id);
    }

    /** The records written since the source (all records without one). */
    Collection<Record> written() {
        return written.values();
    }

    @Override
    public Record get(Object key) {
        Record r = written.get(key);
        if (r != null) {
            return r;
        }
        RecordSource source = base;
        if (source == null || !(key instanceof ObjectId id) || deleted.contains(id)) {
            return null;
        }
        return source.read(id);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    /**
     * Makes room for this many more written records at once. A map grown one record at a time
     * doubles its table again and again, moving every record at each step: a commit of a million new
     * objects into a new store spent a tenth of its applying in those moves. The larger table is
     * made only when the commit brings more records than the table holds (copying them costs less
     * than the growth it saves), and is filled before readers see it.
     */
    void expect(int more) {
        ConcurrentHashMap<ObjectId, Record> now = written;
        if (more >= EXPECTED_MIN && more > now.size()) {
            ConcurrentHashMap<ObjectId, Record> larger = new ConcurrentHashMap<>(now.size() + more);
            larger.putAll(now);
            written = larger;
        }
    }

    /** Below this many records a commit grows the table as it goes. */
    private static final int EXPECTED_MIN = 4096;

    @Override
    public Record put(ObjectId id, Record r) {
        // One operation on the written records (a large commit puts a million new ones); the source
        // is asked only for an id written for the first time since it was read.
        Record old = written.put(id, r);
        RecordSource source = base;
        if (old == null && source != null && !deleted.contains(id)) {
            try {
                old = source.read(id);
            } catch (RuntimeException e) {
                written.remove(id); // as before: a put that fails changes nothing
                throw e;
            }
        }
        if (old == null) {
            size++;
        }
        return old;
    }

    @Override
    public Record remove(Object key) {
        if (!(key instanceof ObjectId id)) {
            return null;
        }
        Record old = get(id);
        written.remove(id);
        if (base != null) {
            deleted.add(id);
        }
        if (old != null) {
            size--;
        }
        return old;
    }

    @Override
    public int size() {
        return size;
    }

    /** Every record: the source's (each decoded) that are not replaced, then the written ones. */
    List<Record> all() {
        List<Record> all = new ArrayList<>(size);
        RecordSource source = base;
        if (source != null) {
            source.forEach(r -> {
                if (!shadowed(r.id())) {
                    all.add(r);
                }
            });
        }
        all.addAll(written.values());
        return all;
    }

    /**
     * Every record as it is now, roots first in the given order, decoded from the source only when
     * the supplier is called: what is needed from memory is copied now.
     */
    java.util.function.Supplier<List<Record>> frozen(List<ObjectId> rootIds) {
        RecordSource source = base;
        Map<ObjectId, Record> now = new java.util.HashMap<>(written);
        Set<ObjectId> gone = new java.util.HashSet<>(deleted);
        int n = size;
        return () -> {
            List<Record> all = new ArrayList<>(n);
            for (ObjectId id : rootIds) {
                Record r = now.get(id);
                all.add(r != null ? r : source.read(id));
            }
            source.forEach(r -> {
                if (!r.isRoot() && !now.containsKey(r.id()) && !gone.contains(r.id())) {
                    all.add(r);
                }
            });
            for (Record r : now.values()) {
                if (!r.isRoot()) {
                    all.add(r);
                }
            }
            return all;
        };
    }

    @Override
    public Set<Map.Entry<ObjectId, Record>> entrySet() {
        Map<ObjectId, Record> copy = new java.util.LinkedHashMap<>();
        for (Record r : all()) {
            copy.put(r.id(), r);
        }
        return java.util.Collections.unmodifiableMap(copy).entrySet();
    }
}
