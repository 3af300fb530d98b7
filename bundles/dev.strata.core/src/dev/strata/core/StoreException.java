package dev.strata.core;

/** A store could not do what was asked; the message says what and where. */
public class StoreException extends StrataException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
