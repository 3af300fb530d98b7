package dev.strata.core;

/**
 * A store holds a package at another model version than a request assumed (recording a version
 * when one is recorded, a migration from a version the store is not at). Nothing was changed.
 */
public class ModelVersionException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final String nsUri;
    private final Integer current;

    /**
     * @param current the version the store holds the package at; null if it holds none
     */
    public ModelVersionException(String nsUri, Integer current, String message) {
        super(message);
        this.nsUri = nsUri;
        this.current = current;
    }

    public String nsUri() {
        return nsUri;
    }

    /** The version the store holds the package at, or null if it has recorded none. */
    public Integer current() {
        return current;
    }
}
