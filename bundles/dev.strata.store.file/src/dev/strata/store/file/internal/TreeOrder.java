package dev.strata.store.file.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.strata.core.FeatureMapEntry;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;

/**
 * Puts the records of a snapshot in containment order, breadth first: the roots, then each
 * record's children in the order of the lists that hold them. The children of one object then lie
 * side by side in a few frames, so that a page of a long list (a session reads 1,000 children at a
 * time) decodes a frame or two instead of one record from each of hundreds of frames. A record no
 * walk from the roots reaches (its container is not in the snapshot) starts a walk of its own,
 * after everything reached before it.
 */
final class TreeOrder {

    private final List<Record> records;
    /**
     * Open addressing from id to position in {@link #records}: per slot the id's two longs and the
     * position (-1 where empty) side by side, so that a lookup reads one place in memory, not three
     * arrays of several megabytes each (a lookup per reference of every record).
     */
    private final long[] table;
    private final int mask;
    private final boolean[] placed;
    private final List<Record> out;

    private TreeOrder(List<Record> records) {
        this.records = records;
        int cap = Integer.highestOneBit(records.size() + records.size() / 2 + 16) << 1; // a third to two thirds full
        mask = cap - 1;
        table = new long[cap * SLOT];
        for (int s = 0; s < cap; s++) {
            table[s * SLOT + 2] = -1;
        }
        placed = new boolean[records.size()];
        out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ObjectId id = records.get(i).id();
            int s = slot(id.value().getMostSignificantBits(), id.value().getLeastSignificantBits());
            table[s * SLOT] = id.value().getMostSignificantBits();
            table[s * SLOT + 1] = id.value().getLeastSignificantBits();
            table[s * SLOT + 2] = i;
        }
    }

    /** The records in containment order (the same records; the list given is not changed). */
    static List<Record> of(List<Record> records) {
        if (records.size() < 2) {
            return records;
        }
        return new TreeOrder(records).walk();
    }

    private List<Record> walk() {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).isRoot()) {
                place(i);
            }
        }
        int unplaced = 0;
        for (int next = 0; out.size() < records.size(); next++) {
            if (next == out.size()) {
                // Nothing left to walk from: the first record not yet placed starts a new tree.
                while (placed[unplaced]) {
                    unplaced++;
                }
                place(unplaced);
            }
            Record r = out.get(next);
            for (Object v : r.values().values()) {
                children(r.id(), v);
            }
        }
        return out;
    }

    private void children(ObjectId container, Object v) {
        if (v instanceof ObjectId id) {
            int i = positionOf(id);
            if (i >= 0 && !placed[i] && container.equals(records.get(i).container())) {
                place(i);
            }
        } else if (v instanceof Collection<?> list) {
            for (Object e : list) {
                children(container, e);
            }
        } else if (v instanceof FeatureMapEntry e) {
            children(container, e.value());
        }
    }

    private void place(int i) {
        placed[i] = true;
        out.add(records.get(i));
    }

    private static final int SLOT = 3;

    /** The slot of an id, or the empty slot where it would go. */
    private int slot(long m, long l) {
        long h = m ^ l;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        int s = (int) h & mask;
        while (table[s * SLOT + 2] >= 0 && (table[s * SLOT] != m || table[s * SLOT + 1] != l)) {
            s = (s + 1) & mask;
        }
        return s;
    }

    private int positionOf(ObjectId id) {
        return (int) table[slot(id.value().getMostSignificantBits(), id.value().getLeastSignificantBits()) * SLOT + 2];
    }
}
