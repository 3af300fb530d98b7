package dev.strata.core;

/**
 * A store refused a change set that creates an object under an id the store already has. Nothing
 * was written. {@link #field()} names the created record, e.g. {@code created[2].id}.
 */
public class ObjectExistsException extends InvalidChangeException {

    private static final long serialVersionUID = 1L;

    private final ObjectId id;

    public ObjectExistsException(String field, String storeName, ObjectId id) {
        super(field, "store '" + storeName + "' already has an object " + id + "; a created object needs a new id");
        this.id = id;
    }

    /** The id that is taken. */
    public ObjectId id() {
        return id;
    }
}
