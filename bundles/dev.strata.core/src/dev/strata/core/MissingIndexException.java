package dev.strata.core;

/** A query asked for something no declared index serves; the message names the index to declare. */
public class MissingIndexException extends StoreException {

    private static final long serialVersionUID = 1L;

    public MissingIndexException(String message) {
        super(message);
    }
}
