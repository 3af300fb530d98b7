package dev.strata.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A commit was refused because objects changed in the store since they were read (optimistic
 * versions). Nothing of the commit was applied. Each {@link Conflict} names the object, the
 * version the commit expected and the version the store has (-1 if the object no longer exists).
 */
public class ConflictException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** One object whose version did not match. */
    public record Conflict(ObjectId id, long expectedVersion, long actualVersion) {
        @Override
        public String toString() {
            return id + " (expected v" + expectedVersion + ", store has "
                    + (actualVersion < 0 ? "no such object" : "v" + actualVersion) + ")";
        }
    }

    private final transient List<Conflict> conflicts;

    public ConflictException(String store, List<Conflict> conflicts) {
        super("Commit refused by store '" + store + "': " + conflicts.size()
                + " object(s) changed since they were read: "
                + conflicts.stream().map(Conflict::toString).collect(Collectors.joining(", ")));
        this.conflicts = List.copyOf(conflicts);
    }

    /** For subclasses that say more than the versions. */
    protected ConflictException(String store, List<Conflict> conflicts, String message) {
        super(message);
        this.conflicts = List.copyOf(conflicts);
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }
}
