package dev.strata.core.internal;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The value of a long list a session reads a page at a time, taken without making its children:
 * the ids it read from the store, then the objects appended to it since (few, or shared with the
 * list). It stands for the list's stored value once the list changed, for its value at a
 * savepoint, and for the value the session shows as stored; a copy would make every child first
 * (a million tasks for one new one). While the list keeps the same ids its pages serve a read;
 * once it was made whole or refreshed, a child is found by its id (and kept, so comparing the
 * value again costs no lookup).
 */
final class PagedValue extends AbstractList<Object> implements RandomAccess {

    private final PagedList<?> live;
    final IdList ids;
    /** The objects appended after the ids: [0, tailSize), never written there again. */
    final Object[] tail;
    final int tailSize;
    private Object[] found;

    PagedValue(PagedList<?> live, IdList ids, Object[] tail, int tailSize) {
        this.live = live;
        this.ids = ids;
        this.tail = tail;
        this.tailSize = tailSize;
    }

    @Override
    public Object get(int index) {
        int stored = ids.size();
        if (index < 0 || index >= stored + tailSize) {
            throw new IndexOutOfBoundsException("Index " + index + " of " + size());
        }
        if (index >= stored) {
            return tail[index - stored];
        }
        if (live.ids() == ids) {
            return live.get(index);
        }
        if (found == null) {
            found = new Object[stored];
        }
        if (found[index] == null) {
            found[index] = live.object(ids.get(index));
        }
        return found[index];
    }

    @Override
    public int size() {
        return ids.size() + tailSize;
    }

    /** The same children in the same order, told from the ids and the appended objects alone. */
    boolean sameAs(PagedValue other) {
        return size() == other.size() && sharedPrefix(other) == size();
    }

    /** How many leading values two values of the same list share, told from their ids without reading a child. */
    int sharedPrefix(PagedValue other) {
        int stored = ids.size();
        if (ids != other.ids) {
            int n = Math.min(stored, other.ids.size());
            int same = 0;
            while (same < n && ids.msb(same) == other.ids.msb(same) && ids.lsb(same) == other.ids.lsb(same)) {
                same++;
            }
            if (same < n || stored != other.ids.size()) {
                return same; // where the ids part differs, or where one's ids end (what follows is appended)
            }
        }
        int same = 0;
        while (same < Math.min(tailSize, other.tailSize) && tail[same] == other.tail[same]) {
            same++;
        }
        return stored + same;
    }
}
