package dev.strata.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What one commit does, and the unit a store commits atomically: records created, features
 * changed (with the version the change was based on and the values before it) and objects
 * deleted. Because old values travel with every change, {@link #reverse()} is always available.
 *
 * @param commitId chosen by the committer so that a retried commit is recognised and applied once
 * @param session  the session (or other origin) that built the change set, for events and history
 * @param message  an optional commit message, never null
 * @param author   the user name of who committed, for history; empty when unknown (change sets
 *                 logged before authors were kept), never null
 */
public record ChangeSet(UUID commitId, String session, String message, List<Record> created,
        List<Change> changed, List<Deletion> deleted, String author) {

    public ChangeSet {
        Objects.requireNonNull(commitId, "commitId");
        session = session == null ? "" : session;
        message = message == null ? "" : message;
        author = author == null ? "" : author;
        created = List.copyOf(created);
        changed = List.copyOf(changed);
        deleted = List.copyOf(deleted);
    }

    /** A change set without an author. */
    public ChangeSet(UUID commitId, String session, String message, List<Record> created, List<Change> changed,
            List<Deletion> deleted) {
        this(commitId, session, message, created, changed, deleted, "");
    }

    /**
     * This change set with another author.
     *
     * @since 0.4
     */
    public ChangeSet withAuthor(String newAuthor) {
        return new ChangeSet(commitId, session, message, created, changed, deleted, newAuthor);
    }

    /**
     * Changed features of one existing object.
     *
     * @param expectedVersion the version the change was made against; a store refuses the commit
     *                        with a {@link ConflictException} if its version differs
     * @param container       the containing object after the change (null for a root)
     * @param oldContainer    the containing object before the change
     * @param newValues       the changed features only, with their new values
     * @param oldValues       the same features with their persistent values before the change
     */
    public record Change(ObjectId id, TypeRef type, long expectedVersion, ObjectId container, ObjectId oldContainer,
            Map<String, Object> newValues, Map<String, Object> oldValues) {
        public Change {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            newValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(newValues));
            oldValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(oldValues));
        }

        /** A change of feature values only, the container staying as it is. */
        public Change(ObjectId id, TypeRef type, long expectedVersion, ObjectId container,
                Map<String, Object> newValues, Map<String, Object> oldValues) {
            this(id, type, expectedVersion, container, container, newValues, oldValues);
        }

        public boolean containerChanged() {
            return !Objects.equals(container, oldContainer);
        }
    }

    /**
     * An object removed from the store.
     *
     * @param last the object as it was when deleted (its version is the expected version)
     */
    public record Deletion(Record last) {
        public Deletion {
            Objects.requireNonNull(last, "last");
        }

        public ObjectId id() {
            return last.id();
        }

        public long expectedVersion() {
            return last.version();
        }
    }

    /** True when the change set does nothing. */
    public boolean isEmpty() {
        return created.isEmpty() && changed.isEmpty() && deleted.isEmpty();
    }

    /**
     * The change set that undoes this one once it is committed: created records are deleted,
     * changes are applied backwards (expecting the versions this commit produced), deleted records
     * are created again.
     *
     * @param versions the versions this change set's commit produced ({@link CommitResult#newVersions()})
     */
    public ChangeSet reverse(Map<ObjectId, Long> versions, UUID reverseCommitId) {
        List<Deletion> undoCreate = created.stream()
                .map(r -> new Deletion(r.with(versions.getOrDefault(r.id(), 1L), Map.of()))).toList();
        List<Change> undoChange = changed.stream()
                .map(c -> new Change(c.id(), c.type(), versions.getOrDefault(c.id(), c.expectedVersion() + 1),
                        c.oldContainer(), c.container(), c.oldValues(), c.newValues()))
                .toList();
        List<Record> undoDelete = deleted.stream().map(d -> d.last().with(0, Map.of())).toList();
        return new ChangeSet(reverseCommitId, session, "undo " + commitId, undoDelete, undoChange, undoCreate, author);
    }

    /** Number of objects this change set touches. */
    public int size() {
        return created.size() + changed.size() + deleted.size();
    }
}
