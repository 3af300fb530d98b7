package dev.strata.core.internal;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The entries of one session that may have pending work, in the order they were first touched
 * (as a LinkedHashSet keeps them). Each entry remembers its slot ({@link Entry#touchedAt}), so
 * adding, finding and removing cost an array access: no identity hash code, no node per entry,
 * no rehashing while a million objects get their first change. Removal leaves a hole that
 * iteration skips; holes are squeezed out when the array would otherwise grow.
 */
final class TouchedEntries extends AbstractSet<Entry> {

    private static final int INITIAL = 16;

    private Entry[] slots = new Entry[INITIAL];
    /** Slots in use, holes included. */
    private int end;
    private int size;
    private int modCount;

    @Override
    public boolean add(Entry e) {
        if (holds(e)) {
            return false;
        }
        if (end == slots.length) {
            makeRoom();
        }
        e.touchedAt = end;
        slots[end++] = e;
        size++;
        modCount++;
        return true;
    }

    private boolean holds(Entry e) {
        int at = e.touchedAt;
        return at >= 0 && at < end && slots[at] == e;
    }

    /** Squeezes out the holes if they are at least a quarter of the array, else doubles it. */
    private void makeRoom() {
        if (end - size >= slots.length / 4) {
            int to = 0;
            for (int from = 0; from < end; from++) {
                Entry e = slots[from];
                if (e != null) {
                    e.touchedAt = to;
                    slots[to++] = e;
                }
            }
            Arrays.fill(slots, to, end, null);
            end = to;
        } else {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        modCount++;
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof Entry e && holds(e);
    }

    @Override
    public boolean remove(Object o) {
        if (!(o instanceof Entry e) || !holds(e)) {
            return false;
        }
        removeAt(e.touchedAt);
        return true;
    }

    private void removeAt(int at) {
        slots[at].touchedAt = -1;
        slots[at] = null;
        size--;
        modCount++;
        if (size == 0) {
            end = 0;
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public void clear() {
        for (int i = 0; i < end; i++) {
            if (slots[i] != null) {
                slots[i].touchedAt = -1;
            }
        }
        // A big unit of work leaves no big array behind.
        slots = slots.length > 1024 ? new Entry[INITIAL] : slots;
        Arrays.fill(slots, 0, Math.min(end, slots.length), null);
        end = 0;
        size = 0;
        modCount++;
    }

    @Override
    public Iterator<Entry> iterator() {
        return new Iterator<>() {
            private int next = skipHoles(0);
            private int last = -1;
            private int expected = modCount;

            private int skipHoles(int from) {
                while (from < end && slots[from] == null) {
                    from++;
                }
                return from;
            }

            @Override
            public boolean hasNext() {
                return next < end;
            }

            @Override
            public Entry next() {
                if (modCount != expected) {
                    throw new ConcurrentModificationException();
                }
                if (next >= end) {
                    throw new NoSuchElementException();
                }
                last = next;
                next = skipHoles(next + 1);
                return slots[last];
            }

            @Override
            public void remove() {
                if (last < 0) {
                    throw new IllegalStateException();
                }
                if (modCount != expected) {
                    throw new ConcurrentModificationException();
                }
                removeAt(last);
                last = -1;
                // removeAt may have reset end to 0 when the set became empty
                next = skipHoles(Math.min(next, end));
                expected = modCount;
            }
        };
    }
}
