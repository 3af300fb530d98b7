package dev.strata.wire;

import dev.strata.core.StrataException;

/**
 * JSON that does not have the form the wire expects. {@link #field()} names where, as a path
 * such as {@code created[0].values.count}, so that a server can answer 400 naming the field.
 */
public class WireException extends StrataException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public WireException(String field, String problem) {
        super((field == null || field.isEmpty() ? "" : field + ": ") + problem);
        this.field = field == null ? "" : field;
    }

    public WireException(String field, String problem, Throwable cause) {
        super((field == null || field.isEmpty() ? "" : field + ": ") + problem, cause);
        this.field = field == null ? "" : field;
    }

    /** Where the problem is, e.g. {@code created[0].values.count}; empty for the whole document. */
    public String field() {
        return field;
    }
}
