package dev.strata.core;

import java.util.Objects;

/**
 * One decision a merge could not take: a feature both sides changed to different values, an object
 * changed on one side and deleted on the other, or one moved to different containers. Values are
 * in record form ({@link Record#values()}: references as {@link ObjectId}s, lists as lists).
 *
 * @param id      the object
 * @param label   the object's label when the conflict was found (e.g. {@code Task 'Write docs'})
 * @param feature the feature's name; {@link #CONTAINER} for a move, {@link #TYPE} for a migrated object,
 *                empty for {@link Kind#DELETED_THEIRS}
 *                and {@link Kind#DELETED_MINE}
 * @param base    the value both sides started from
 * @param theirs  the value the store has now (null when deleted there)
 * @param mine    this session's value (null when deleted here)
 * @since 0.5
 */
public record MergeConflict(ObjectId id, String label, String feature, Kind kind, Object base, Object theirs,
        Object mine) {

    /** The {@link #feature} name of a move conflict: the object's container. */
    public static final String CONTAINER = "(container)";

    /** The {@link #feature} name when the store holds the object as another class now (a migration). */
    public static final String TYPE = "(type)";

    /** What kind of disagreement. */
    public enum Kind {
        /**
         * Both sides changed the feature (or the container), even to the same value: a counter two
         * sessions raised from 5 to 6 was raised twice.
         */
        CHANGED_BOTH,
        /** This session changed the object; another commit deleted it. */
        DELETED_THEIRS,
        /** This session deleted the object; another commit changed it. */
        DELETED_MINE
    }

    public MergeConflict {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        label = label == null ? id.toString() : label;
        feature = feature == null ? "" : feature;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CHANGED_BOTH -> label + " " + feature + ": base " + show(base) + ", theirs "
                    + show(theirs) + ", mine " + show(mine);
            case DELETED_THEIRS -> label + ": changed here, deleted by another commit";
            case DELETED_MINE -> label + ": deleted here, changed by another commit";
        };
    }

    /**
     * What a merge of a refused change set with the records a store has now would leave to the
     * user, for the objects the refusal named: the same analysis a session's merge makes, for a
     * server to report (a REST 409) or a tool to preview.
     *
     * @param changes the refused change set
     * @param ids     the objects the refusal named ({@link ConflictException#conflicts()})
     * @param stored  the store's records of those objects now (absent: deleted there)
     */
    public static java.util.List<MergeConflict> open(ChangeSet changes, java.util.Collection<ObjectId> ids,
            java.util.Map<ObjectId, Record> stored) {
        java.util.Map<ObjectId, ChangeSet.Change> changed = new java.util.HashMap<>();
        changes.changed().forEach(c -> changed.put(c.id(), c));
        java.util.Map<ObjectId, Record> deleted = new java.util.HashMap<>();
        changes.deleted().forEach(d -> deleted.put(d.id(), d.last()));
        java.util.List<MergeConflict> result = new java.util.ArrayList<>();
        for (ObjectId id : new java.util.LinkedHashSet<>(ids)) {
            ChangeSet.Change change = changed.get(id);
            Record known = stored.get(id) != null ? stored.get(id) : deleted.get(id);
            if (change == null && known == null) {
                continue;
            }
            TypeRef type = change != null ? change.type() : known.type();
            String label = Labels.of(type, id, known != null ? known.values() : change.newValues());
            result.addAll(dev.strata.core.internal.ThreeWay.decide(id, label, change, deleted.containsKey(id),
                    stored.get(id), type, java.util.Map.of(), new java.util.HashMap<>()).open());
        }
        return result;
    }

    /** A record value as a person reads it: strings quoted, nothing as {@code (none)}. */
    public static String show(Object value) {
        if (value == null || value == Nil.VALUE) {
            return "(none)";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(MergeConflict::show).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }
}
