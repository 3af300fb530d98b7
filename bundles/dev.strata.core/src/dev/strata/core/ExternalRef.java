package dev.strata.core;

import java.util.Objects;

/**
 * A reference value pointing at an object kept in another store. It is stored as the pair and
 * resolved on demand (as an EMF proxy), never copied.
 */
public record ExternalRef(String store, ObjectId id) {
    public ExternalRef {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return store + ":" + id;
    }
}
