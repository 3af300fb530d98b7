package dev.strata.core;

import java.util.Objects;
import java.util.UUID;

/**
 * The stable identity Strata gives every object when it first enters a session. It never changes,
 * is independent of any key the model declares, and is how stores refer to objects, including
 * references that cross stores.
 */
public record ObjectId(UUID value) implements Comparable<ObjectId> {

    public ObjectId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, random id. */
    public static ObjectId random() {
        return new ObjectId(UUID.randomUUID());
    }

    /**
     * Parses the form produced by {@link #toString()}.
     *
     * @throws IllegalArgumentException naming the text when it is not a UUID
     */
    public static ObjectId parse(String text) {
        try {
            return new ObjectId(UUID.fromString(Objects.requireNonNull(text, "text").trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an object id (expected a UUID): '" + text + "'", e);
        }
    }

    @Override
    public int compareTo(ObjectId other) {
        return value.compareTo(other.value);
    }

    // Written out: ids are the keys of every identity map, and the generated record methods go
    // through method handles that showed up in load profiles.
    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
