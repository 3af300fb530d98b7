package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.strata.core.ChangeSet;
import dev.strata.core.ConflictException;
import dev.strata.core.Labels;
import dev.strata.core.LoggedCommit;
import dev.strata.core.MergeConflict;
import dev.strata.core.MergeConflictException;
import dev.strata.core.ModelStore;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Session;
import dev.strata.core.StrataException;

/**
 * What Pending Changes says about a conflict, so the user can choose Take Theirs or Keep Mine:
 * the versions, the stored value next to the user's of each feature the user changed (or, when the
 * merge left decisions, which features wait for one), and the store's newest commit touching the
 * object (sequence, time, author, message). Also the values of a merge conflict as people read them.
 */
final class ConflictText {

    /** How far back the log is searched for the commit that made the conflict: what History shows. */
    static final int LOG_DEPTH = 200;

    private ConflictText() {
    }

    /** The problem texts of a refused commit's conflicts, by object id. */
    static Map<ObjectId, String> describe(Session session, ConflictException e) {
        ModelStore store = session.repository().store();
        Map<ObjectId, ChangeSet.Change> mine = new java.util.HashMap<>();
        session.pendingChanges().changed().forEach(c -> mine.put(c.id(), c));
        List<LoggedCommit> log = recentLog(store);
        Map<ObjectId, String> texts = new java.util.HashMap<>();
        Map<ObjectId, List<MergeConflict>> open = new java.util.HashMap<>();
        if (e instanceof MergeConflictException m) {
            m.mergeConflicts().forEach(c -> open.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c));
        }
        for (ConflictException.Conflict c : e.conflicts()) {
            List<String> parts = new ArrayList<>();
            Optional<Record> stored = c.actualVersion() < 0 ? Optional.empty() : store.load(c.id());
            parts.add(stored.isEmpty() ? "deleted elsewhere since it was read"
                    : "changed elsewhere: the store has version " + stored.get().version() + ", this one is "
                            + c.expectedVersion());
            ChangeSet.Change change = mine.get(c.id());
            List<MergeConflict> decisions = open.get(c.id());
            if (decisions != null) {
                // The rows below say base, theirs and mine; here only what waits for a decision.
                parts.add(decisions.size() + " decision(s) below: " + decisions.stream()
                        .map(d -> d.feature().isEmpty() ? "the object" : d.feature())
                        .collect(java.util.stream.Collectors.joining(", ")));
            } else if (change == null) {
                parts.add("yours: deleted");
            } else if (stored.isPresent()) {
                parts.add("stored: " + values(change.newValues().keySet(), stored.get().values()));
                parts.add("yours: " + values(change.newValues().keySet(), change.newValues()));
            } else {
                parts.add("yours: " + values(change.newValues().keySet(), change.newValues()));
            }
            lastCommitTouching(log, c.id()).ifPresent(l -> parts.add("by commit #" + l.sequence() + " at "
                    + Labels.time(l.time()) + " by " + Labels.author(l)
                    + (l.changes().message().isEmpty() ? "" : ": '" + l.changes().message() + "'")));
            texts.put(c.id(), String.join(" — ", parts));
        }
        return texts;
    }

    /** The features each changed object has pending now ({@link MergeConflict#CONTAINER} for a move). */
    static Map<ObjectId, java.util.Set<String>> changedFeatures(Session session) {
        Map<ObjectId, java.util.Set<String>> features = new java.util.HashMap<>();
        for (ChangeSet.Change c : session.pendingChanges().changed()) {
            java.util.Set<String> names = new java.util.HashSet<>(c.newValues().keySet());
            if (c.containerChanged()) {
                names.add(MergeConflict.CONTAINER);
            }
            features.put(c.id(), names);
        }
        return features;
    }

    /**
     * The status line of a refused commit. For a merge that left decisions: how many of the user's
     * changes to objects changed elsewhere merged by themselves, and how many need a decision.
     *
     * @param before the {@link #changedFeatures} of the session just before the commit
     */
    static String refusal(StrataException e, Map<ObjectId, java.util.Set<String>> before) {
        if (!(e instanceof MergeConflictException m)) {
            return "Not committed: " + e.getMessage();
        }
        Map<ObjectId, List<MergeConflict>> open = new java.util.HashMap<>();
        m.mergeConflicts().forEach(c -> open.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c));
        int merged = 0;
        for (ObjectId id : m.conflicts().stream().map(ConflictException.Conflict::id).distinct().toList()) {
            List<MergeConflict> left = open.getOrDefault(id, List.of());
            if (left.stream().anyMatch(c -> c.kind() != MergeConflict.Kind.CHANGED_BOTH)) {
                continue; // changed on one side, deleted on the other: one decision for the whole object
            }
            java.util.Set<String> changed = new java.util.HashSet<>(before.getOrDefault(id, java.util.Set.of()));
            left.forEach(c -> changed.remove(c.feature()));
            merged += changed.size();
        }
        return "Not committed: the store has newer versions of " + m.conflicts().stream()
                .map(ConflictException.Conflict::id).distinct().count() + " object(s) you changed; " + merged
                + " of your change(s) merged by themselves, " + m.mergeConflicts().size()
                + " need a decision (rows marked " + MARK + "): Take Theirs, Keep Mine or Merge…, then Commit";
    }

    /** Marks the rows of merge conflicts under their object. */
    static final String MARK = "↳";

    /** Base, theirs and mine of a merge conflict, objects by label where the session has them. */
    static String values(Session session, MergeConflict c) {
        return switch (c.kind()) {
            case CHANGED_BOTH -> "base " + show(session, c.base()) + " · theirs " + show(session, c.theirs())
                    + " · mine " + show(session, c.mine());
            case DELETED_THEIRS -> "theirs: deleted · mine: changed";
            case DELETED_MINE -> "theirs: changed · mine: deleted";
        };
    }

    /**
     * A value in record form as people read it: a string quoted, an object by its label if the
     * session has it (by id otherwise), a list as {@code [a, b]}, nothing as {@code (none)}.
     */
    static String show(Session session, Object value) {
        if (value == null || value == Nil.VALUE) {
            return "(none)";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> show(session, v)).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof ObjectId id) {
            return label(session, id);
        }
        return String.valueOf(value);
    }

    private static String label(Session session, ObjectId id) {
        try {
            return session.isClosed() ? id.toString() : session.find(id).map(Labels::of).orElse(id.toString());
        } catch (StrataException unreadable) {
            return id.toString(); // a store that cannot answer now: the id still names the object
        }
    }

    private static List<LoggedCommit> recentLog(ModelStore store) {
        try {
            return store.recentLog(LOG_DEPTH);
        } catch (RuntimeException unreadable) {
            return List.of(); // the conflict is still described, only without who made it
        }
    }

    private static String values(Iterable<String> features, Map<String, ?> values) {
        List<String> parts = new ArrayList<>();
        for (String f : features) {
            Object v = values.get(f);
            parts.add(f + " " + (v instanceof String s ? "'" + s + "'" : String.valueOf(v)));
        }
        return String.join(", ", parts);
    }

    private static Optional<LoggedCommit> lastCommitTouching(List<LoggedCommit> log, ObjectId id) {
        for (int i = log.size() - 1; i >= 0; i--) {
            ChangeSet cs = log.get(i).changes();
            if (cs.changed().stream().anyMatch(c -> c.id().equals(id))
                    || cs.deleted().stream().anyMatch(d -> d.id().equals(id))
                    || cs.created().stream().anyMatch(r -> r.id().equals(id))) {
                return Optional.of(log.get(i));
            }
        }
        return Optional.empty();
    }
}
