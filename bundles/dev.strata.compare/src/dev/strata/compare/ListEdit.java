package dev.strata.compare;

/**
 * One step of the script that turns a list into another. Steps apply in order, each to the list as
 * the steps before it left it; indexes are positions in that list.
 */
public sealed interface ListEdit {

    /** The element the step inserts, removes or moves. */
    Object value();

    /** {@code value} inserted so that it is then at {@code index}. */
    record Insert(int index, Object value) implements ListEdit {
    }

    /** The element at {@code index}, which is {@code value}, removed. */
    record Remove(int index, Object value) implements ListEdit {
    }

    /**
     * The element at {@code from} taken out and put back so that it is then at {@code to} (EMF's
     * {@code EList.move(to, from)}).
     */
    record Move(int from, int to, Object value) implements ListEdit {
    }
}
