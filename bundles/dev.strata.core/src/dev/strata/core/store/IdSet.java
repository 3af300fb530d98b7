package dev.strata.core.store;

import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.UUID;

import dev.strata.core.ObjectId;

/**
 * A set of object ids kept as pairs of longs in open addressing (linear probing): about 27 bytes an
 * id instead of about 80 for a {@code HashSet<ObjectId>}, which matters for the ids by type of a
 * table with millions of records. Ids are made again when iterated. Not thread-safe.
 */
final class IdSet extends AbstractSet<ObjectId> {

    private long[] msb = new long[16];
    private long[] lsb = new long[16];
    /** Whether a slot holds an id (an id may be all zeros). */
    private boolean[] used = new boolean[16];
    private int size;
    private int modCount;

    private static int slot(long m, long l, int mask) {
        long h = m ^ l;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    /** The slot holding the id, or the empty slot where it would go. */
    private int find(long m, long l) {
        int mask = used.length - 1;
        int i = slot(m, l, mask);
        while (used[i] && (msb[i] != m || lsb[i] != l)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean contains(Object o) {
        if (!(o instanceof ObjectId id)) {
            return false;
        }
        return used[find(id.value().getMostSignificantBits(), id.value().getLeastSignificantBits())];
    }

    @Override
    public boolean add(ObjectId id) {
        long m = id.value().getMostSignificantBits();
        long l = id.value().getLeastSignificantBits();
        int i = find(m, l);
        if (used[i]) {
            return false;
        }
        msb[i] = m;
        lsb[i] = l;
        used[i] = true;
        size++;
        modCount++;
        if (size * 4L > used.length * 3L) {
            grow();
        }
        return true;
    }

    private void grow() {
        long[] oldMsb = msb;
        long[] oldLsb = lsb;
        boolean[] oldUsed = used;
        int n = oldUsed.length * 2;
        msb = new long[n];
        lsb = new long[n];
        used = new boolean[n];
        for (int j = 0; j < oldUsed.length; j++) {
            if (oldUsed[j]) {
                int i = find(oldMsb[j], oldLsb[j]);
                msb[i] = oldMsb[j];
                lsb[i] = oldLsb[j];
                used[i] = true;
            }
        }
    }

    @Override
    public boolean remove(Object o) {
        if (!(o instanceof ObjectId id)) {
            return false;
        }
        int i = find(id.value().getMostSignificantBits(), id.value().getLeastSignificantBits());
        if (!used[i]) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Empties a slot and moves later ids of its run back, so that every id stays reachable from its home slot. */
    private void removeAt(int hole) {
        int mask = used.length - 1;
        used[hole] = false;
        size--;
        modCount++;
        for (int i = (hole + 1) & mask; used[i]; i = (i + 1) & mask) {
            int home = slot(msb[i], lsb[i], mask);
            // The id at i may move to the hole if its home is not within (hole, i] cyclically.
            boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!stays) {
                msb[hole] = msb[i];
                lsb[hole] = lsb[i];
                used[hole] = true;
                used[i] = false;
                hole = i;
            }
        }
    }

    @Override
    public Iterator<ObjectId> iterator() {
        return new Iterator<>() {
            private int next = advance(0);
            private int last = -1;
            private int expected = modCount;

            private int advance(int from) {
                int i = from;
                while (i < used.length && !used[i]) {
                    i++;
                }
                return i;
            }

            @Override
            public boolean hasNext() {
                return next < used.length;
            }

            @Override
            public ObjectId next() {
                if (modCount != expected) {
                    throw new ConcurrentModificationException();
                }
                if (next >= used.length) {
                    throw new NoSuchElementException();
                }
                last = next;
                next = advance(next + 1);
                return new ObjectId(new UUID(msb[last], lsb[last]));
            }
        };
    }
}
