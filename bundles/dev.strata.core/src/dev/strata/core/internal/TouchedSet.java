package dev.strata.core.internal;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The entries a session has pending, in the order they were first added. Each entry keeps its
 * slot ({@link Entry#touchedAt}), so adding is a field test and an append and removing clears the
 * slot: no hash of the entry, no node per entry. (A hash set paid an identity hash and a node for
 * every new object and every first change, in a table larger than the caches once a session holds
 * a million of them.) An entry belongs to one session, so one field serves.
 */
final class TouchedSet extends AbstractSet<Entry> {

    private static final int INITIAL = 16;

    private Entry[] slots = new Entry[INITIAL];
    /** Slots in use, cleared ones included. */
    private int end;
    private int size;
    /** Changes that move entries or add them: iterators fail on them, as a hash set's do. */
    private int modCount;

    @Override
    public boolean add(Entry e) {
        if (contains(e)) {
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

    @Override
    public boolean contains(Object o) {
        return o instanceof Entry e && e.touchedAt >= 0 && e.touchedAt < end && slots[e.touchedAt] == e;
    }

    @Override
    public boolean remove(Object o) {
        if (!contains(o)) {
            return false;
        }
        Entry e = (Entry) o;
        slots[e.touchedAt] = null;
        e.touchedAt = -1;
        size--;
        return true;
    }

    @Override
    public void clear() {
        for (int i = 0; i < end; i++) {
            if (slots[i] != null) {
                slots[i].touchedAt = -1;
            }
        }
        // After a large commit the array is let go rather than kept at its largest.
        slots = slots.length > 1024 ? new Entry[INITIAL] : slots;
        Arrays.fill(slots, 0, Math.min(end, slots.length), null);
        end = 0;
        size = 0;
        modCount++;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    /** Closes the gaps removals left if they are half the array, else doubles it. */
    private void makeRoom() {
        if (end - size >= end / 2) {
            int j = 0;
            for (int i = 0; i < end; i++) {
                Entry e = slots[i];
                if (e != null) {
                    e.touchedAt = j;
                    slots[j++] = e;
                }
            }
            Arrays.fill(slots, j, end, null);
            end = j;
            modCount++;
        }
        if (end == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
    }

    @Override
    public Iterator<Entry> iterator() {
        return new Iterator<>() {
            private int cursor = skip(0);
            private Entry last;
            private final int expected = modCount;

            private int skip(int from) {
                int i = from;
                while (i < end && slots[i] == null) {
                    i++;
                }
                return i;
            }

            @Override
            public boolean hasNext() {
                cursor = skip(cursor);
                return cursor < end;
            }

            @Override
            public Entry next() {
                if (modCount != expected) {
                    throw new ConcurrentModificationException();
                }
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                last = slots[cursor++];
                return last;
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException();
                }
                TouchedSet.this.remove(last);
                last = null;
            }
        };
    }
}
