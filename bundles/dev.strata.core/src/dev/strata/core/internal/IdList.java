package dev.strata.core.internal;

import java.util.AbstractList;
import java.util.RandomAccess;
import java.util.UUID;

import dev.strata.core.ObjectId;

/**
 * An immutable list of object ids kept as two longs each (16 bytes an id instead of about 56 for a
 * list of {@link ObjectId}s): what a store decodes for a long list of references, such as the
 * children of a project with a million tasks. An id is made when asked for; a session's paged
 * list takes the longs as they are.
 */
public final class IdList extends AbstractList<ObjectId> implements RandomAccess {

    private final long[] bits;

    /** Takes the array over: msb and lsb of each id in turn. */
    public IdList(long[] bits) {
        if ((bits.length & 1) != 0) {
            throw new IllegalArgumentException("two longs an id, got " + bits.length);
        }
        this.bits = bits;
    }

    @Override
    public ObjectId get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("Index " + index + " of " + size() + " ids");
        }
        return new ObjectId(new UUID(bits[2 * index], bits[2 * index + 1]));
    }

    @Override
    public int size() {
        return bits.length / 2;
    }

    /** The ids' longs (not a copy: callers must not change it). */
    long[] bits() {
        return bits;
    }
}
