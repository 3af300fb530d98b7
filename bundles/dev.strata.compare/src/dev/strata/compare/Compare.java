package dev.strata.compare;

import java.util.Collection;
import java.util.Map;

import dev.strata.compare.internal.RecordDiffer;
import dev.strata.core.ChangeSet;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;

/**
 * Differences between two states of the same objects, matched by id: a session's pending work and
 * the store, two commits, two stores.
 * <p>
 * An object is changed when a feature value or its container differs; versions alone do not count
 * (two stores number them apart). An id whose class differs between the states is one object
 * removed and another added. Objects come in the order the old state gives them, added ones after.
 */
public final class Compare {

    private Compare() {
    }

    /** The differences between two states given as records by id. */
    public static Diff diff(Map<ObjectId, Record> before, Map<ObjectId, Record> after) {
        return RecordDiffer.diff(before, after);
    }

    /**
     * The differences between two states over these ids, read from each source in batches (so two
     * stores can be compared without holding either whole).
     */
    public static Diff diff(Collection<ObjectId> ids, RecordSource before, RecordSource after) {
        return RecordDiffer.diff(ids, before, after);
    }

    /**
     * What a change set does, as a diff: created records added, deleted ones removed, each change
     * with the features it changes (a change that touches none is still listed, as the change set
     * lists it).
     */
    public static Diff diff(ChangeSet changes) {
        return RecordDiffer.diff(changes);
    }

    /** How one object differs between two records of it (same id and class), or null if it does not. */
    public static ObjectChange diff(Record before, Record after) {
        if (!before.id().equals(after.id()) || !before.type().equals(after.type())) {
            throw new IllegalArgumentException("Not two states of one object: " + before + " and " + after);
        }
        return RecordDiffer.compare(before, after);
    }
}
