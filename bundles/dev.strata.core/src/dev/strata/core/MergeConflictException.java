package dev.strata.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A commit was refused because its merge with newer versions left decisions to the user (see
 * {@link MergePolicy#MERGE}). Everything that merged by itself is already rebased in the session;
 * the objects with {@link #mergeConflicts()} are {@link ObjectState#CONFLICT} until each is
 * resolved with {@link Session#resolve(MergeConflict, Resolution)} (or
 * {@link Session#resolve(MergeConflict, Object)}); then commit again.
 *
 * @since 0.5
 */
public class MergeConflictException extends ConflictException {

    private static final long serialVersionUID = 1L;

    private final transient List<MergeConflict> mergeConflicts;

    public MergeConflictException(String store, List<Conflict> conflicts, List<MergeConflict> mergeConflicts) {
        super(store, conflicts, "Commit refused by store '" + store + "': " + mergeConflicts.size()
                + " change(s) conflict with newer commits and need a decision (theirs, mine or a value): "
                + mergeConflicts.stream().map(MergeConflict::toString).collect(Collectors.joining("; "))
                + (conflicts.isEmpty() ? "" : " [newer versions: "
                        + conflicts.stream().map(Conflict::toString).collect(Collectors.joining(", ")) + "]"));
        this.mergeConflicts = List.copyOf(mergeConflicts);
    }

    /** What the merge could not decide, in the order found. */
    public List<MergeConflict> mergeConflicts() {
        return mergeConflicts;
    }
}
