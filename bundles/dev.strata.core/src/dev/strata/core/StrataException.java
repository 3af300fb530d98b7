package dev.strata.core;

/** Base of Strata's unchecked exceptions. Messages say what failed and where. */
public class StrataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StrataException(String message) {
        super(message);
    }

    public StrataException(String message, Throwable cause) {
        super(message, cause);
    }
}
