package dev.strata.core.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

import dev.strata.core.ObjectId;

/**
 * The versions a store's commit gave, in the order the change set named the objects (created,
 * then changed): an immutable map kept in two arrays, its hash index made on the first lookup.
 * The session and the commit event read a commit's versions in that order, one after the other;
 * as a hash map, a million-object commit spent a tenth of its time building the table and probing
 * it once per object at random places.
 */
public final class OrderedVersions extends AbstractMap<ObjectId, Long> {

    private final ObjectId[] ids;
    private final long[] versions;
    /** Open addressing: position + 1 of the id in {@link #ids}, 0 for an empty slot. */
    private volatile int[] index;

    /**
     * Takes over the arrays (the caller must not change them): distinct, non-null ids and their
     * versions, position by position.
     */
    public OrderedVersions(ObjectId[] ids, long[] versions) {
        if (ids.length != versions.length) {
            throw new IllegalArgumentException(ids.length + " ids for " + versions.length + " versions");
        }
        for (ObjectId id : ids) {
            Objects.requireNonNull(id, "id");
        }
        this.ids = ids;
        this.versions = versions;
    }

    public ObjectId idAt(int position) {
        return ids[position];
    }

    public long versionAt(int position) {
        return versions[position];
    }

    /**
     * The version of the id expected at this position (an entry of the change set the commit was
     * made of); looked up if another id is there.
     */
    public long versionOf(int position, ObjectId id, long otherwise) {
        if (position < ids.length && (ids[position] == id || ids[position].equals(id))) {
            return versions[position];
        }
        int at = find(id);
        return at < 0 ? otherwise : versions[at];
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    public Long get(Object key) {
        int at = find(key);
        return at < 0 ? null : versions[at];
    }

    @Override
    public Long getOrDefault(Object key, Long otherwise) {
        int at = find(key);
        return at < 0 ? otherwise : versions[at];
    }

    private int find(Object key) {
        if (!(key instanceof ObjectId) || ids.length == 0) {
            return -1;
        }
        int[] table = index();
        int mask = table.length - 1;
        for (int slot = spread(key.hashCode()) & mask;; slot = slot + 1 & mask) {
            int at = table[slot] - 1;
            if (at < 0) {
                return -1;
            }
            if (ids[at].equals(key)) {
                return at;
            }
        }
    }

    private int[] index() {
        int[] table = index;
        if (table == null) {
            // At most half full, so a probe ends soon; made again by a racing reader, never half made.
            table = new int[Integer.highestOneBit(Math.max(2, ids.length) * 2 - 1) * 2];
            int mask = table.length - 1;
            for (int i = 0; i < ids.length; i++) {
                int slot = spread(ids[i].hashCode()) & mask;
                while (table[slot] != 0) {
                    slot = slot + 1 & mask;
                }
                table[slot] = i + 1;
            }
            index = table;
        }
        return table;
    }

    private static int spread(int h) {
        return h ^ h >>> 16;
    }

    @Override
    public Set<Map.Entry<ObjectId, Long>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return ids.length;
            }

            @Override
            public Iterator<Map.Entry<ObjectId, Long>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < ids.length;
                    }

                    @Override
                    public Map.Entry<ObjectId, Long> next() {
                        if (next >= ids.length) {
                            throw new NoSuchElementException();
                        }
                        int at = next++;
                        return Map.entry(ids[at], versions[at]);
                    }
                };
            }
        };
    }
}
