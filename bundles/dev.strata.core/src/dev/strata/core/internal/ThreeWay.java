package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.strata.core.ChangeSet;
import dev.strata.core.MergeConflict;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Resolution;
import dev.strata.core.TypeRef;
import dev.strata.core.Values;

/**
 * The three-way decision for one object of a refused commit, without touching any session: base
 * is the change's old values, mine its new ones, theirs the stored record. Sessions merge with it;
 * a server reports with it what a client's merge would leave open.
 */
public final class ThreeWay {

    /** What merges: the value of each changed feature after the merge (record form). */
    public record Outcome(List<MergeConflict> open, Map<String, Object> targets) {
    }

    private static final Object NO_MERGE = new Object();

    private ThreeWay() {
    }

    /**
     * @param change      this side's change of the object (null when it only deletes it, or changes nothing)
     * @param deletedHere true when this side deletes the object
     * @param stored      the store's record now; null when deleted there
     * @param myType      the object's class on this side
     * @param taken       decisions already taken, by feature name
     */
    public static Outcome decide(ObjectId id, String label, ChangeSet.Change change, boolean deletedHere, Record stored,
            TypeRef myType, Map<String, Resolution> taken, Map<String, Object> targets) {
        if (deletedHere) {
            return new Outcome(stored == null ? List.of() : List.of(new MergeConflict(id, label, "",
                    MergeConflict.Kind.DELETED_MINE, null, null, null)), targets);
        }
        if (stored == null) {
            return new Outcome(List.of(new MergeConflict(id, label, "", MergeConflict.Kind.DELETED_THEIRS, null, null,
                    null)), targets);
        }
        if (!stored.type().equals(myType)) {
            // The store's data is of another model (a migration): nothing of this side merges into it.
            return new Outcome(List.of(new MergeConflict(id, label, MergeConflict.TYPE, MergeConflict.Kind.CHANGED_BOTH,
                    myType.toString(), stored.type().toString(), myType.toString())), targets);
        }
        List<MergeConflict> open = new ArrayList<>();
        if (change == null) {
            return new Outcome(open, targets);
        }
        for (Map.Entry<String, Object> v : change.newValues().entrySet()) {
            String n = v.getKey();
            Object base = change.oldValues().get(n);
            Object mine = v.getValue();
            Object theirs = stored.values().get(n);
            Object target = target(base, theirs, mine, taken.get(n));
            if (target == NO_MERGE) {
                open.add(new MergeConflict(id, label, n, MergeConflict.Kind.CHANGED_BOTH, base, theirs, mine));
            } else {
                targets.put(n, target);
            }
        }
        ObjectId theirContainer = stored.container();
        if (change.containerChanged() && !Objects.equals(theirContainer, change.oldContainer())
                && !Objects.equals(theirContainer, change.container())
                && taken.get(MergeConflict.CONTAINER) != Resolution.MINE) {
            open.add(new MergeConflict(id, label, MergeConflict.CONTAINER, MergeConflict.Kind.CHANGED_BOTH,
                    change.oldContainer(), theirContainer, change.container()));
        }
        return new Outcome(open, targets);
    }

    /** The value a feature takes after the merge, or NO_MERGE when it is the user's decision. */
    private static Object target(Object base, Object theirs, Object mine, Resolution decision) {
        if (Values.deepEquals(theirs, base)) {
            return mine;
        }
        // Changed on both sides, even to one value, is the user's call: two sessions that each
        // incremented a counter from 5 both write 6, and merging them would lose an increment.
        if (decision != null) {
            return decision == Resolution.THEIRS ? theirs : mine;
        }
        List<Object> merged = ListMerge.merge(base, theirs, mine);
        return merged == null ? NO_MERGE : merged;
    }
}
