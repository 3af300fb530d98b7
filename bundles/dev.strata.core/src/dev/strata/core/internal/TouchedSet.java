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
    /** Changes to the set: an iteration fails on those it did not make itself, as a hash set's does. */
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
        removeAt(((Entry) o).touchedAt);
        modCount++; // as a hash set's removal, it fails an iteration in progress
        trim();
        return true;
    }

    private void removeAt(int slot) {
        slots[slot].touchedAt = -1;
        slots[slot] = null;
        size--;
    }

    /**
     * Closes the gaps once they are most of the array, so that iterating costs what is pending,
     * not what was pending once (a rollback to a savepoint, changes set back).
     */
    private void trim() {
        if (size == 0) {
            end = 0;
        } else if (end >= 64 && size < end / 4) {
            compact();
        }
    }

    private void compact() {
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
            compact();
        }
        if (end == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
    }

    /**
     * Iterates as a linked hash set does: the next entry is found when the one before is handed
     * out, so a change to the set shows as a {@link ConcurrentModificationException} from the
     * next {@code next()}, and a loop that changes the set at its last entry ends normally.
     */
    @Override
    public Iterator<Entry> iterator() {
        return new Iterator<>() {
            private int expected = modCount;
            private int next = skip(0);
            private boolean more = next < end;
            private Entry last;
            private boolean removed;

            private int skip(int from) {
                int i = from;
                while (i < end && slots[i] == null) {
                    i++;
                }
                return i;
            }

            @Override
            public boolean hasNext() {
                if (!more && removed && modCount == expected) {
                    // Gaps this iteration made (retainAll, removeIf) are closed once it is over.
                    removed = false;
                    trim();
                    expected = modCount;
                }
                return more;
            }

            @Override
            public Entry next() {
                if (modCount != expected) {
                    throw new ConcurrentModificationException();
                }
                if (!more) {
                    throw new NoSuchElementException();
                }
                last = slots[next];
                next = skip(next + 1);
                more = next < end;
                return last;
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException();
                }
                if (modCount != expected) {
                    throw new ConcurrentModificationException();
                }
                removeAt(last.touchedAt);
                modCount++; // other iterations in progress fail, as with a hash set
                expected = modCount;
                last = null;
                removed = true;
            }
        };
    }
}
