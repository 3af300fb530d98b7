package dev.strata.compare;

import java.util.ArrayList;
import java.util.List;

import dev.strata.compare.internal.ListAligner;
import dev.strata.core.Values;

/** Edit scripts between lists of record values, and applying them. */
public final class ListEdits {

    private ListEdits() {
    }

    /**
     * The script that turns {@code before} into {@code after}: elements are matched by value (ids for
     * references), the longest run of matched elements already in order stays, every other matched
     * element is moved once, the rest removed or inserted. Empty when the lists are equal.
     */
    public static List<ListEdit> between(List<?> before, List<?> after) {
        return ListAligner.edits(before, after);
    }

    /**
     * The list the script makes of {@code list} (which is not changed).
     *
     * @throws IllegalArgumentException naming the step when an index is out of range or the element
     *                                  a removal or move names is not the one at its index (the
     *                                  script was made for another list)
     */
    public static List<Object> apply(List<?> list, List<ListEdit> edits) {
        List<Object> out = new ArrayList<>(list);
        for (ListEdit e : edits) {
            switch (e) {
                case ListEdit.Insert i -> {
                    check(e, i.index() >= 0 && i.index() <= out.size(), out);
                    out.add(i.index(), i.value());
                }
                case ListEdit.Remove r -> {
                    check(e, holds(out, r.index(), r.value()), out);
                    out.remove(r.index());
                }
                case ListEdit.Move m -> {
                    check(e, holds(out, m.from(), m.value()) && m.to() >= 0 && m.to() < out.size(), out);
                    out.add(m.to(), out.remove(m.from()));
                }
            }
        }
        return out;
    }

    private static boolean holds(List<Object> list, int index, Object value) {
        return index >= 0 && index < list.size() && Values.deepEquals(list.get(index), value);
    }

    private static void check(ListEdit e, boolean fits, List<Object> list) {
        if (!fits) {
            throw new IllegalArgumentException("Edit " + e + " does not fit the list (size " + list.size() + ")");
        }
    }
}
