package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Three-way merge of one list feature's record values (ids for references and children, values for
 * attributes). Elements are identified by equality, so lists with repeated elements are not merged.
 * Removals and insertions of both sides combine; an element one side inserted goes after the
 * element it followed there. Only one side may reorder what both kept: two reorderings conflict.
 */
final class ListMerge {

    private ListMerge() {
    }

    /** The merged list, or null when the two edits cannot be combined. */
    static List<Object> merge(Object base, Object theirs, Object mine) {
        if (!(base instanceof List<?> b) || !(theirs instanceof List<?> t) || !(mine instanceof List<?> m)
                || repeats(b) || repeats(t) || repeats(m)) {
            return null;
        }
        boolean theirsReordered = reordered(b, t);
        boolean mineReordered = reordered(b, m);
        if (theirsReordered && mineReordered) {
            return null;
        }
        // The side that reordered gives the order; the other side's removals and insertions follow.
        return theirsReordered ? combine(b, t, m) : combine(b, m, t);
    }

    private static List<Object> combine(List<?> base, List<?> primary, List<?> other) {
        Set<Object> removedByOther = new HashSet<>(base);
        removedByOther.removeAll(other);
        List<Object> result = new ArrayList<>(primary);
        result.removeAll(removedByOther);
        Set<Object> inBase = new HashSet<>(base);
        for (int i = 0; i < other.size(); i++) {
            Object x = other.get(i);
            if (inBase.contains(x) || result.contains(x)) {
                continue;
            }
            // After the nearest element before it on the other side that the result holds; else first.
            int at = 0;
            for (int j = i - 1; j >= 0; j--) {
                int k = result.indexOf(other.get(j));
                if (k >= 0) {
                    at = k + 1;
                    break;
                }
            }
            result.add(at, x);
        }
        return result;
    }

    /** True when the side changed the order of the elements it kept from base. */
    private static boolean reordered(List<?> base, List<?> side) {
        Set<Object> kept = new HashSet<>(side);
        List<Object> baseOrder = new ArrayList<>();
        for (Object x : base) {
            if (kept.contains(x)) {
                baseOrder.add(x);
            }
        }
        Set<Object> inBase = new HashSet<>(base);
        List<Object> sideOrder = new ArrayList<>();
        for (Object x : side) {
            if (inBase.contains(x)) {
                sideOrder.add(x);
            }
        }
        return !baseOrder.equals(sideOrder);
    }

    private static boolean repeats(List<?> list) {
        return new HashSet<>(list).size() != list.size();
    }
}
