package dev.strata.core.store;

import dev.strata.core.InvalidChangeException;

/**
 * Where in a change set a value sits ({@code created[3].values.tags[2]}), for a refusal's message.
 * Spelled out only when a refusal needs it: a large commit checks millions of values that fit.
 */
final class FieldPath {

    private final FieldPath parent;
    private String text;
    private int index;

    private FieldPath(FieldPath parent, String text, int index) {
        this.parent = parent;
        this.text = text;
        this.index = index;
    }

    static FieldPath of(String text) {
        return new FieldPath(null, text, -1);
    }

    /** This path followed by the text as it is ({@code ".values."}, a feature name). */
    FieldPath then(String more) {
        return new FieldPath(this, more, -1);
    }

    /** This path followed by {@code [i]}. */
    FieldPath index(int i) {
        return new FieldPath(this, null, i);
    }

    /**
     * A last step that a loop moves along with {@link #at(String)} and {@link #at(int)}: one path
     * for every record and value of a large commit instead of one each. What it says changes with
     * the loop, so it serves refusals thrown inside the loop and nothing may keep it.
     */
    FieldPath cursor() {
        return new FieldPath(this, "", -1);
    }

    /** This cursor at the text ({@link #then}'s step). */
    FieldPath at(String step) {
        text = step;
        index = -1;
        return this;
    }

    /** This cursor at {@code [i]} ({@link #index}'s step). */
    FieldPath at(int i) {
        text = null;
        index = i;
        return this;
    }

    /** A refusal of the value at this place. */
    InvalidChangeException refusal(String message) {
        return new InvalidChangeException(toString(), message);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        append(b);
        return b.toString();
    }

    private void append(StringBuilder b) {
        if (parent != null) {
            parent.append(b);
        }
        if (index >= 0) {
            b.append('[').append(index).append(']');
        } else {
            b.append(text);
        }
    }
}
