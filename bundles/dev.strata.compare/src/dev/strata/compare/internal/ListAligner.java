package dev.strata.compare.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.strata.compare.ListEdit;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.Values;

/**
 * The edit script between two lists, elements matched by value (ids for references, so a reference
 * list's elements are matched exactly). Common ends are skipped first, so a few changes in a long
 * list cost one pass; the rest is matched through a hash map and the elements kept in place are a
 * longest increasing run of old positions (patience sorting), so the script is O(n log n) at worst.
 * <p>
 * The script is removals (from the back), then moves (in the order of the new list), then
 * insertions (from the front), each index valid in the list the steps before it leave.
 */
public final class ListAligner {

    private ListAligner() {
    }

    public static List<ListEdit> edits(List<?> before, List<?> after) {
        Object[] x = before.toArray();
        Object[] y = after.toArray();
        int n = x.length;
        int m = y.length;
        int p = 0;
        while (p < n && p < m && Values.deepEquals(x[p], y[p])) {
            p++;
        }
        int s = 0;
        while (s < n - p && s < m - p && Values.deepEquals(x[n - 1 - s], y[m - 1 - s])) {
            s++;
        }
        int oldCount = n - p - s;
        int newCount = m - p - s;
        List<ListEdit> edits = new ArrayList<>();
        if (oldCount == 0 && newCount == 0) {
            return edits;
        }
        int[] match = matches(x, y, p, oldCount, newCount);
        boolean[] matchedOld = new boolean[oldCount];
        int matched = 0;
        for (int j = 0; j < newCount; j++) {
            if (match[j] >= 0) {
                matchedOld[match[j]] = true;
                matched++;
            }
        }
        for (int i = oldCount - 1; i >= 0; i--) {
            if (!matchedOld[i]) {
                edits.add(new ListEdit.Remove(p + i, x[p + i]));
            }
        }
        if (matched > 0) {
            moves(edits, y, p, match, matchedOld, matched);
        }
        for (int j = 0; j < newCount; j++) {
            if (match[j] < 0) {
                edits.add(new ListEdit.Insert(p + j, y[p + j]));
            }
        }
        return edits;
    }

    /** For each element of the new middle, the old middle position it is matched to, or -1. */
    private static int[] matches(Object[] x, Object[] y, int p, int oldCount, int newCount) {
        int[] match = new int[newCount];
        Arrays.fill(match, -1);
        if (oldCount == 0 || newCount == 0) {
            return match;
        }
        // Equal values are matched in order: the k-th occurrence in the old list with the k-th in the new.
        Map<Object, Integer> first = HashMap.newHashMap(oldCount);
        int[] next = new int[oldCount];
        for (int i = oldCount - 1; i >= 0; i--) {
            Integer later = first.put(key(x[p + i]), i);
            next[i] = later == null ? -1 : later;
        }
        for (int j = 0; j < newCount; j++) {
            Object k = key(y[p + j]);
            Integer i = first.get(k);
            if (i != null) {
                match[j] = i;
                if (next[i] < 0) {
                    first.remove(k);
                } else {
                    first.put(k, next[i]);
                }
            }
        }
        return match;
    }

    /**
     * Appends the moves that put the matched elements (the old middle without the removed ones) in
     * the new order. Elements on a longest increasing run of old positions stay; every other one is
     * moved once, in the order of the new list, to just after its new predecessor. Two Fenwick trees
     * give each move's indexes in log time: which moved elements are still at their old place (by
     * old rank) and which are already at their new one (by new rank).
     */
    private static void moves(List<ListEdit> edits, Object[] y, int p, int[] match, boolean[] matchedOld,
            int matched) {
        int[] oldRankOf = new int[matchedOld.length];
        for (int i = 0, r = 0; i < matchedOld.length; i++) {
            oldRankOf[i] = matchedOld[i] ? r++ : -1;
        }
        int[] oldRank = new int[matched]; // by new rank
        int[] newIndex = new int[matched];
        for (int j = 0, t = 0; j < match.length; j++) {
            if (match[j] >= 0) {
                oldRank[t] = oldRankOf[match[j]];
                newIndex[t++] = j;
            }
        }
        boolean[] stays = longestIncreasing(oldRank);
        int kept = 0;
        for (boolean b : stays) {
            kept += b ? 1 : 0;
        }
        if (kept == matched) {
            return;
        }
        int[] stayOld = new int[kept];
        int[] stayNew = new int[kept];
        Fenwick unplaced = new Fenwick(matched);
        for (int t = 0, k = 0; t < matched; t++) {
            if (stays[t]) {
                stayOld[k] = oldRank[t];
                stayNew[k++] = t;
            } else {
                unplaced.add(oldRank[t], 1);
            }
        }
        Fenwick placed = new Fenwick(matched);
        // The list is: staying elements in order; in each gap between two of them, first the moved
        // elements already placed there (in new order), then those still at their old place.
        for (int t = 0; t < matched; t++) {
            if (stays[t]) {
                continue;
            }
            int u = oldRank[t];
            int h = countBelow(stayOld, u);
            int from = h + placed.sum(h < kept ? stayNew[h] : matched) + unplaced.sum(u);
            unplaced.add(u, -1);
            int g = countBelow(stayNew, t);
            int to = g + placed.sum(t) + (g > 0 ? unplaced.sum(stayOld[g - 1]) : 0);
            placed.add(t, 1);
            if (from != to) {
                edits.add(new ListEdit.Move(p + from, p + to, y[p + newIndex[t]]));
            }
        }
    }

    /** Marks the elements of one longest strictly increasing subsequence. */
    private static boolean[] longestIncreasing(int[] a) {
        int[] tails = new int[a.length]; // index in a of the smallest tail of a run of each length
        int[] prev = new int[a.length];
        int length = 0;
        for (int i = 0; i < a.length; i++) {
            int lo = 0;
            int hi = length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (a[tails[mid]] < a[i]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            prev[i] = lo > 0 ? tails[lo - 1] : -1;
            tails[lo] = i;
            if (lo == length) {
                length++;
            }
        }
        boolean[] on = new boolean[a.length];
        for (int i = length > 0 ? tails[length - 1] : -1; i >= 0; i = prev[i]) {
            on[i] = true;
        }
        return on;
    }

    /** How many of the ascending values are below v. */
    private static int countBelow(int[] ascending, int v) {
        int i = Arrays.binarySearch(ascending, v);
        return i >= 0 ? i : -i - 1;
    }

    /** Matching key: byte arrays (alone or in a feature map entry) by content, as records compare them. */
    static Object key(Object value) {
        if (value instanceof byte[] b) {
            return new Bytes(b);
        }
        if (value instanceof FeatureMapEntry e && e.value() instanceof byte[] b) {
            return new FeatureMapEntry(e.feature(), new Bytes(b));
        }
        return value;
    }

    private record Bytes(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return Arrays.toString(bytes);
        }
    }

    /** Prefix sums over positions 0..n-1. */
    private static final class Fenwick {
        private final int[] tree;

        Fenwick(int n) {
            tree = new int[n + 1];
        }

        void add(int i, int delta) {
            for (int k = i + 1; k < tree.length; k += k & -k) {
                tree[k] += delta;
            }
        }

        /** Sum over positions below i. */
        int sum(int i) {
            int s = 0;
            for (int k = i; k > 0; k -= k & -k) {
                s += tree[k];
            }
            return s;
        }
    }
}
