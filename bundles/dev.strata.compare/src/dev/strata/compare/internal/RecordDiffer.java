package dev.strata.compare.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.strata.compare.Diff;
import dev.strata.compare.FeatureChange;
import dev.strata.compare.ObjectChange;
import dev.strata.compare.RecordSource;
import dev.strata.core.ChangeSet;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Values;

/** Compares records of the same ids, feature by feature. */
public final class RecordDiffer {

    /** Ids read from a source at once: bounds what two stores' states hold in memory. */
    private static final int BATCH = 10_000;

    private RecordDiffer() {
    }

    public static Diff diff(Map<ObjectId, Record> before, Map<ObjectId, Record> after) {
        List<Record> added = new ArrayList<>();
        List<Record> removed = new ArrayList<>();
        List<ObjectChange> changed = new ArrayList<>();
        for (Record b : before.values()) {
            compare(b, after.get(b.id()), added, removed, changed);
        }
        for (Record a : after.values()) {
            if (!before.containsKey(a.id())) {
                added.add(a);
            }
        }
        return new Diff(added, removed, changed);
    }

    public static Diff diff(Collection<ObjectId> ids, RecordSource before, RecordSource after) {
        List<Record> added = new ArrayList<>();
        List<Record> removed = new ArrayList<>();
        List<ObjectChange> changed = new ArrayList<>();
        Iterator<ObjectId> it = new LinkedHashSet<>(ids).iterator();
        List<ObjectId> batch = new ArrayList<>(BATCH);
        while (it.hasNext()) {
            batch.clear();
            while (it.hasNext() && batch.size() < BATCH) {
                batch.add(it.next());
            }
            Map<ObjectId, Record> b = before.records(batch);
            Map<ObjectId, Record> a = after.records(batch);
            for (ObjectId id : batch) {
                Record old = b.get(id);
                Record now = a.get(id);
                if (old != null) {
                    compare(old, now, added, removed, changed);
                } else if (now != null) {
                    added.add(now);
                }
            }
        }
        return new Diff(added, removed, changed);
    }

    private static void compare(Record b, Record a, List<Record> added, List<Record> removed,
            List<ObjectChange> changed) {
        if (a == null) {
            removed.add(b);
        } else if (!a.type().equals(b.type())) {
            // An id names one object for good; another class under it is another object.
            removed.add(b);
            added.add(a);
        } else {
            ObjectChange c = compare(b, a);
            if (c != null) {
                changed.add(c);
            }
        }
    }

    /** How {@code after} differs from {@code before} (same id and type), or null if it does not. */
    public static ObjectChange compare(Record before, Record after) {
        if (before == after) {
            return null;
        }
        List<FeatureChange> features = new ArrayList<>(0);
        Map<String, Object> old = before.values();
        Map<String, Object> now = after.values();
        old.forEach((f, v) -> add(features, f, v, now.get(f)));
        if (now.size() != old.size() || !now.keySet().equals(old.keySet())) {
            now.forEach((f, v) -> {
                if (!old.containsKey(f)) {
                    add(features, f, null, v);
                }
            });
        }
        if (features.isEmpty() && Objects.equals(before.container(), after.container())) {
            return null;
        }
        return new ObjectChange(before.id(), before.type(), before.version(), before.container(), after.container(),
                features);
    }

    /** The diff a change set makes: what it creates, changes and deletes. */
    public static Diff diff(ChangeSet changes) {
        List<ObjectChange> changed = new ArrayList<>(changes.changed().size());
        for (ChangeSet.Change c : changes.changed()) {
            List<FeatureChange> features = new ArrayList<>();
            c.oldValues().forEach((f, v) -> add(features, f, v, c.newValues().get(f)));
            c.newValues().forEach((f, v) -> {
                if (!c.oldValues().containsKey(f)) {
                    add(features, f, null, v);
                }
            });
            changed.add(new ObjectChange(c.id(), c.type(), c.expectedVersion(), c.oldContainer(), c.container(),
                    features));
        }
        return new Diff(changes.created(), changes.deleted().stream().map(ChangeSet.Deletion::last).toList(),
                changed);
    }

    private static void add(List<FeatureChange> features, String feature, Object old, Object now) {
        if (Values.deepEquals(old, now)) {
            return;
        }
        if (old instanceof List<?> o && now instanceof List<?> n) {
            features.add(new FeatureChange.ListChange(feature, o, n, ListAligner.edits(o, n)));
        } else {
            features.add(new FeatureChange.ValueChange(feature, old, now));
        }
    }
}
