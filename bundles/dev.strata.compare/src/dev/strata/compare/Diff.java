package dev.strata.compare;

import java.util.List;

import dev.strata.core.Record;

/**
 * The differences between two states of the same objects.
 *
 * @param added   objects only the new state has, as it has them
 * @param removed objects only the old state has, as it had them
 * @param changed objects in both states that differ
 */
public record Diff(List<Record> added, List<Record> removed, List<ObjectChange> changed) {

    public Diff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /** True when the two states hold the same objects with the same values. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** Number of objects that differ. */
    public int size() {
        return added.size() + removed.size() + changed.size();
    }
}
