package dev.strata.core;

/**
 * A store refused a change set that does not fit its model (an unknown type or feature, a value
 * of the wrong type, containment that does not add up). Nothing was written. {@link #field()}
 * names the place in the change set, e.g. {@code created[3].values.dueDate}.
 */
public class InvalidChangeException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidChangeException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
