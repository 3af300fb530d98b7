package dev.strata.core;

/**
 * The record value of an unsettable single-valued feature that is set, to null (EMF's
 * {@code xsi:nil}). In a record, null stands for <em>unset</em>; stores carry this value as they
 * carry any other, and indexes and queries see it as null.
 */
public enum Nil {
    VALUE;

    @Override
    public String toString() {
        return "nil";
    }
}
