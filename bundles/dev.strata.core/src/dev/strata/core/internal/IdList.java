package dev.strata.core.internal;

import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;
import java.util.UUID;

import dev.strata.core.ObjectId;

/**
 * An immutable list of object ids kept as two longs each (16 bytes an id instead of about 56 for a
 * list of {@link ObjectId}s), or read where a snapshot holds them (a view of its memory-mapped
 * bytes: nothing on the heap, nothing copied): what a store decodes for a long list of references,
 * such as the children of a project with a million tasks. An id is made when asked for; a
 * session's paged list reads the longs as they are.
 */
public final class IdList extends AbstractList<ObjectId> implements RandomAccess {

    /** Msb and lsb of each id in turn, or null when {@link #bytes} holds them. */
    private final long[] bits;
    /** The same, big-endian, 16 bytes an id. */
    private final ByteBuffer bytes;
    private final int size;

    /** Takes the array over: msb and lsb of each id in turn. */
    public IdList(long[] bits) {
        if ((bits.length & 1) != 0) {
            throw new IllegalArgumentException("two longs an id, got " + bits.length);
        }
        this.bits = bits;
        this.bytes = null;
        this.size = bits.length / 2;
    }

    private IdList(ByteBuffer bytes) {
        if ((bytes.remaining() & 15) != 0) {
            throw new IllegalArgumentException("16 bytes an id, got " + bytes.remaining());
        }
        this.bits = null;
        this.bytes = bytes.slice().order(java.nio.ByteOrder.BIG_ENDIAN);
        this.size = bytes.remaining() / 16;
    }

    /** A view of ids stored as 16 big-endian bytes each; the buffer must not change. */
    public static IdList over(ByteBuffer bytes) {
        return new IdList(bytes);
    }

    /** The ids of a list of ids: itself if it is an IdList, else copied into longs. */
    static IdList of(List<?> ids) {
        if (ids instanceof IdList l) {
            return l;
        }
        long[] bits = new long[ids.size() * 2];
        for (int i = 0; i < ids.size(); i++) {
            UUID u = ((ObjectId) ids.get(i)).value();
            bits[2 * i] = u.getMostSignificantBits();
            bits[2 * i + 1] = u.getLeastSignificantBits();
        }
        return new IdList(bits);
    }

    long msb(int index) {
        return bits != null ? bits[2 * index] : bytes.getLong(16 * index);
    }

    long lsb(int index) {
        return bits != null ? bits[2 * index + 1] : bytes.getLong(16 * index + 8);
    }

    /** Whether the element at {@code i} of {@code a} equals that at {@code j} of {@code b}; no id made for two IdLists. */
    public static boolean same(List<?> a, int i, List<?> b, int j) {
        if (a instanceof IdList x && b instanceof IdList y) {
            return x.msb(i) == y.msb(j) && x.lsb(i) == y.lsb(j);
        }
        return java.util.Objects.equals(a.get(i), b.get(j));
    }

    /** The ids at every position but one, as a new list. */
    IdList without(int position) {
        long[] kept = new long[(size - 1) * 2];
        for (int i = 0, k = 0; i < size; i++) {
            if (i != position) {
                kept[k++] = msb(i);
                kept[k++] = lsb(i);
            }
        }
        return new IdList(kept);
    }

    /** The ids at every position but the given ones, as a new list. */
    IdList without(Collection<Integer> positions) {
        long[] kept = new long[(size - positions.size()) * 2];
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (!positions.contains(i)) {
                kept[k++] = msb(i);
                kept[k++] = lsb(i);
            }
        }
        return new IdList(kept);
    }

    @Override
    public ObjectId get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("Index " + index + " of " + size + " ids");
        }
        return new ObjectId(new UUID(msb(index), lsb(index)));
    }

    @Override
    public int size() {
        return size;
    }
}
