package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.strata.core.ChangeSet;
import dev.strata.core.ConflictException;
import dev.strata.core.Labels;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Session;

/**
 * What Pending Changes says about a conflict, so the user can choose Take Theirs or Keep Mine:
 * the versions, the stored value next to the user's of each feature the user changed, and the
 * store's newest commit touching the object (sequence, time, author, message).
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
        for (ConflictException.Conflict c : e.conflicts()) {
            List<String> parts = new ArrayList<>();
            Optional<Record> stored = c.actualVersion() < 0 ? Optional.empty() : store.load(c.id());
            parts.add(stored.isEmpty() ? "deleted elsewhere since it was read"
                    : "changed elsewhere: the store has version " + stored.get().version() + ", this one is "
                            + c.expectedVersion());
            ChangeSet.Change change = mine.get(c.id());
            if (change == null) {
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
