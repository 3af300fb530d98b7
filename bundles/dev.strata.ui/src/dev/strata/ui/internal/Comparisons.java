package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.compare.Compare;
import dev.strata.compare.FeatureChange;
import dev.strata.compare.ListEdit;
import dev.strata.compare.ObjectChange;
import dev.strata.core.ChangeSet;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.Labels;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.Record;
import dev.strata.core.Session;
import dev.strata.core.Values;

/** What the Compare view shows, worked out without widgets. */
final class Comparisons {

    /** A feature of an object: its committed value beside its value in the session. */
    record FeatureRow(String feature, String committed, String current, boolean differs) {
    }

    /** How a commit changed an object (or one feature of it); object and version only on an object's first row. */
    /** One row of a commit's changes; {@code unlisted} counts the objects a {@link Kind#MORE} row stands for. */
    record ChangeRow(Kind kind, String object, String version, String feature, String before, String after, long unlisted) {
        ChangeRow(Kind kind, String object, String version, String feature, String before, String after) {
            this(kind, object, version, feature, before, after, 0);
        }
    }

    enum Kind {
        CREATED, CHANGED, DELETED,
        /** The last row of a commit too large to list: how many objects are not. */
        MORE
    }

    /**
     * A commit's rows list this many objects at most: a commit of 200,000 new objects made 800,000
     * rows, built and put in the table on the workbench's thread (a freeze of seconds); the header
     * says how many the commit holds, the last row how many are not listed.
     */
    static final int LISTED_OBJECTS = 5_000;

    /** Said where a store's log keeps which objects a commit touched, but not their values (the JDBC store). */
    static final String NOT_KEPT = "(values not kept in this store's log)";

    /** The row of an object that moved to another container. */
    static final String CONTAINER = "(container)";

    private Comparisons() {
    }

    /**
     * The object's persistent features, committed value against session value. What differs is what
     * the next commit would send for it, as {@link Compare} reads it; a many-valued feature that
     * differs gets a row per step (inserted, removed, moved) instead of both whole lists.
     */
    static List<FeatureRow> ofObject(Session session, EObject object) {
        ObjectState state = session.state(object);
        ObjectChange change = state == ObjectState.NEW || state == ObjectState.DELETED ? null
                : changeOf(session, session.idOf(object));
        List<FeatureRow> rows = new ArrayList<>();
        if (change != null && change.containerChanged()) {
            rows.add(new FeatureRow(CONTAINER, reference(session, change.oldContainer()),
                    reference(session, change.newContainer()), true));
        }
        for (EStructuralFeature f : PersistentFeatures.of(object.eClass())) {
            Object current = object.eGet(f);
            String now = state == ObjectState.DELETED ? "(deleted)" : format(current);
            if (state == ObjectState.NEW) {
                // Nothing is committed yet: every value the object has is a difference.
                rows.add(new FeatureRow(f.getName(), "(not committed)", now, !isEmpty(current)));
                continue;
            }
            FeatureChange fc = change == null ? null : change.feature(f.getName());
            if (fc instanceof FeatureChange.ListChange list) {
                for (ListEdit e : list.edits()) {
                    rows.add(new FeatureRow(f.getName(), "", step(e, v -> recordLabel(session, f, v)), true));
                }
            } else {
                rows.add(new FeatureRow(f.getName(), format(session.persistentValue(object, f)), now,
                        state == ObjectState.DELETED || fc != null));
            }
        }
        return rows;
    }

    /** How the session's pending work changes the object with this id, or null if it does not. */
    private static ObjectChange changeOf(Session session, ObjectId id) {
        for (ObjectChange c : Compare.diff(session.pendingChanges()).changed()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    /** One step of a many-valued feature's change: the element, and where it went. */
    static String step(ListEdit e, Function<Object, String> label) {
        return switch (e) {
            case ListEdit.Insert i -> label.apply(i.value()) + " inserted at " + i.index();
            case ListEdit.Remove r -> label.apply(r.value()) + " removed from " + r.index();
            case ListEdit.Move m -> label.apply(m.value()) + " moved " + m.from() + " → " + m.to();
        };
    }

    /** A value in record form, as people read it: an object by its label, an enum by its literal. */
    private static String recordLabel(Session session, EStructuralFeature f, Object v) {
        if (v instanceof ObjectId id) {
            return reference(session, id);
        }
        if (v instanceof FeatureMapEntry entry) {
            return entry.feature() + " " + recordLabel(session, f, entry.value());
        }
        if (f instanceof EAttribute a && v != null && v != Nil.VALUE) {
            try {
                return format(Values.fromRecord(a, v));
            } catch (RuntimeException e) {
                return String.valueOf(v); // a literal the model no longer has: show it as stored
            }
        }
        return format(v == Nil.VALUE ? null : v);
    }

    private static String reference(Session session, ObjectId id) {
        return id == null ? "" : session.find(id).map(Comparisons::format).orElse(id.toString());
    }

    /** One line about the object: label, state, version, how many features differ. */
    static String describe(Session session, EObject object, List<FeatureRow> rows) {
        ObjectState state = session.state(object);
        // A list's steps are rows of one feature; the container is not a feature.
        long differing = rows.stream().filter(r -> r.differs() && !r.feature().equals(CONTAINER))
                .map(FeatureRow::feature).distinct().count();
        int features = PersistentFeatures.of(object.eClass()).size();
        String where = switch (state) {
            case NEW -> "new, not committed yet";
            case DELETED -> "deleted at the next commit (version " + session.versionOf(object) + " in the store)";
            default -> state.name().toLowerCase(java.util.Locale.ROOT) + ", version " + session.versionOf(object)
                    + " in the store";
        };
        return Labels.of(object) + " — " + where + "; " + (differing == 0 ? "no feature differs"
                : differing + " of " + features + " features differ");
    }

    /** The objects a logged commit touched, and their values before and after where the log keeps them. */
    static List<ChangeRow> ofCommit(ChangeSet cs) {
        return ofCommit(cs, Map.of());
    }

    /** A record's values as rows show them: without the empty xmi:id that marks an object imported without one. */
    private static List<Map.Entry<String, Object>> shown(Map<String, Object> values) {
        return values.entrySet().stream().filter(v -> !(Record.XMI_ID.equals(v.getKey()) && "".equals(v.getValue()))).toList();
    }

    /**
     * @param versionsAfter each object's version at the end, for changes that span several commits;
     *                      an object not in it is shown as one commit leaves it (new → 1, v → v+1)
     */
    private static List<ChangeRow> ofCommit(ChangeSet cs, Map<ObjectId, Long> versionsAfter) {
        List<ChangeRow> rows = new ArrayList<>();
        int listed = 0;
        for (Record r : cs.created()) {
            if (listed++ == LISTED_OBJECTS) {
                break;
            }
            String object = Labels.of(r.type(), r.id(), r.values());
            String version = "new → " + versionsAfter.getOrDefault(r.id(), 1L);
            List<Map.Entry<String, Object>> shown = shown(r.values());
            if (shown.isEmpty()) {
                rows.add(new ChangeRow(Kind.CREATED, object, version, "", "", r.values().isEmpty() ? NOT_KEPT : ""));
            }
            boolean first = true;
            for (Map.Entry<String, Object> v : shown) {
                rows.add(new ChangeRow(Kind.CREATED, first ? object : "", first ? version : "", v.getKey(), "",
                        format(v.getValue())));
                first = false;
            }
        }
        Map<ObjectId, ChangeSet.Change> byId = new HashMap<>();
        cs.changed().forEach(c -> byId.put(c.id(), c));
        for (ObjectChange c : Compare.diff(cs).changed()) {
            if (listed++ >= LISTED_OBJECTS) {
                break;
            }
            ChangeSet.Change logged = byId.get(c.id());
            Map<String, Object> values = new HashMap<>(logged.oldValues());
            values.putAll(logged.newValues());
            String object = Labels.of(c.type(), c.id(), values);
            String version = c.version() + " → " + versionsAfter.getOrDefault(c.id(), c.version() + 1);
            List<ChangeRow> objectRows = new ArrayList<>();
            if (c.containerChanged()) {
                objectRows.add(new ChangeRow(Kind.CHANGED, "", "", CONTAINER, format(c.oldContainer()),
                        format(c.newContainer())));
            }
            for (FeatureChange f : c.features()) {
                switch (f) {
                    case FeatureChange.ValueChange v -> objectRows.add(new ChangeRow(Kind.CHANGED, "", "",
                            f.feature(), format(v.oldValue()), format(v.newValue())));
                    case FeatureChange.ListChange l -> l.edits().forEach(e -> objectRows.add(new ChangeRow(
                            Kind.CHANGED, "", "", f.feature(), "", step(e, Comparisons::format))));
                }
            }
            if (objectRows.isEmpty()) {
                boolean kept = !logged.oldValues().isEmpty() || !logged.newValues().isEmpty();
                objectRows.add(new ChangeRow(Kind.CHANGED, "", "", "", kept ? "(no value differs)" : NOT_KEPT, ""));
            }
            ChangeRow first = objectRows.get(0);
            objectRows.set(0, new ChangeRow(Kind.CHANGED, object, version, first.feature(), first.before(),
                    first.after()));
            rows.addAll(objectRows);
        }
        for (ChangeSet.Deletion d : cs.deleted()) {
            if (listed++ >= LISTED_OBJECTS) {
                break;
            }
            String object = Labels.of(d.last().type(), d.id(), d.last().values());
            String version = d.expectedVersion() + " → deleted";
            List<Map.Entry<String, Object>> shown = shown(d.last().values());
            if (shown.isEmpty()) {
                rows.add(new ChangeRow(Kind.DELETED, object, version, "", d.last().values().isEmpty() ? NOT_KEPT : "", ""));
            }
            boolean first = true;
            for (Map.Entry<String, Object> v : shown) {
                rows.add(new ChangeRow(Kind.DELETED, first ? object : "", first ? version : "", v.getKey(),
                        format(v.getValue()), ""));
                first = false;
            }
        }
        long all = (long) cs.created().size() + cs.changed().size() + cs.deleted().size();
        if (all > LISTED_OBJECTS) {
            rows.add(new ChangeRow(Kind.MORE, String.format(java.util.Locale.ROOT,
                    "… %,d more objects, not listed (the first %,d are)", all - LISTED_OBJECTS, LISTED_OBJECTS), "", "", "", "",
                    all - LISTED_OBJECTS));
        }
        return rows;
    }

    /**
     * What differs between a store just after commit {@code from} and just after commit {@code to},
     * as the rows of one commit that would take the first state to the second; versions are those
     * at both ends.
     */
    static List<ChangeRow> ofRange(dev.strata.core.ModelStore store, long from, long to) {
        dev.strata.core.ModelStore before = dev.strata.core.store.PastStores.at(store, dev.strata.core.At.commit(from));
        dev.strata.core.ModelStore after = dev.strata.core.store.PastStores.at(store, dev.strata.core.At.commit(to));
        java.util.Set<ObjectId> ids = dev.strata.core.store.PastStores.touchedBetween(store, from, to);
        Map<ObjectId, Record> was = before.loadAll(ids);
        Map<ObjectId, Long> versionsAfter = new HashMap<>();
        after.loadAll(ids).forEach((id, r) -> versionsAfter.put(id, r.version()));
        dev.strata.compare.Diff d = Compare.diff(ids, before::loadAll, after::loadAll);
        List<ChangeSet.Change> changes = new ArrayList<>();
        for (ObjectChange c : d.changed()) {
            Map<String, Object> oldValues = new java.util.LinkedHashMap<>();
            Map<String, Object> newValues = new java.util.LinkedHashMap<>();
            for (FeatureChange f : c.features()) {
                switch (f) {
                    case FeatureChange.ValueChange v -> {
                        oldValues.put(f.feature(), v.oldValue());
                        newValues.put(f.feature(), v.newValue());
                    }
                    case FeatureChange.ListChange l -> {
                        oldValues.put(f.feature(), l.oldValue());
                        newValues.put(f.feature(), l.newValue());
                    }
                }
            }
            // The object's name, for its label, when the name is not among what differs.
            Record old = was.get(c.id());
            if (old != null && Labels.name(newValues) == null) {
                String name = Labels.name(old.values());
                for (String n : old.values().keySet()) {
                    if (name != null && name.equals(old.values().get(n)) && !oldValues.containsKey(n)) {
                        oldValues.put(n, name);
                        newValues.put(n, name);
                        break;
                    }
                }
            }
            changes.add(new ChangeSet.Change(c.id(), c.type(), c.version(), c.newContainer(), c.oldContainer(),
                    newValues, oldValues));
        }
        ChangeSet cs = new ChangeSet(java.util.UUID.randomUUID(), "", "", d.added(), changes,
                d.removed().stream().map(ChangeSet.Deletion::new).toList());
        return ofCommit(cs, versionsAfter);
    }

    /** How many objects the rows name (an object's first row carries its label). */
    static long objects(List<ChangeRow> rows) {
        return rows.stream().filter(r -> !r.object().isEmpty() && r.kind() != Kind.MORE).count()
                + rows.stream().mapToLong(ChangeRow::unlisted).sum();
    }

    /** One line about a logged commit. */
    static String describe(String store, LoggedCommit commit) {
        ChangeSet cs = commit.changes();
        return "Commit #" + commit.sequence() + " of store '" + store + "'"
                + (cs.message().isBlank() ? "" : ": \"" + cs.message() + "\"") + " — " + Labels.time(commit.time())
                + " by " + Labels.author(commit) + " — " + cs.created().size()
                + " created, " + cs.changed().size() + " changed, " + cs.deleted().size() + " deleted (commit "
                + cs.commitId() + ")";
    }

    /** How many values of a list {@link #format} shows. */
    static final int SHOWN_VALUES = 20;

    static String format(Object v) {
        return format(v, 0);
    }

    /**
     * A value and what it became, as {@link #format} shows them; two lists from the first position
     * they differ at ({@code same}: Session#unchangedPrefix), if that is beyond the values shown ("[… 20 the same, Tag 'v', …]"), so that a
     * change far down a list does not read as no change.
     */
    static String[] formatChange(Object before, Object after, int same) {
        int from = 0;
        if (before instanceof List<?> a && after instanceof List<?> b && (a.size() > SHOWN_VALUES || b.size() > SHOWN_VALUES)) {
            from = same < SHOWN_VALUES ? 0 : same;
        }
        return new String[] { format(before, from), format(after, from) };
    }

    private static String format(Object v, int from) {
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> list) {
            // A few values only: a cell shows a few, and each value of a long list a lazy session
            // reads from the store (a project's million tasks, formatted on the workbench's thread).
            int size = list.size();
            List<String> parts = new ArrayList<>();
            if (from > 0) {
                parts.add(String.format(java.util.Locale.ROOT, "… %,d the same", Math.min(from, size)));
            }
            for (int i = from; i < Math.min(size, from + SHOWN_VALUES); i++) {
                parts.add(format(list.get(i)));
            }
            if (size > from + SHOWN_VALUES) {
                parts.add(String.format(java.util.Locale.ROOT, "… (%,d in all)", size));
            }
            return parts.toString();
        }
        if (v instanceof org.eclipse.emf.common.util.Enumerator e) {
            // A dynamic model's enum values are EEnumLiterals, objects too: show the literal, as for generated enums.
            return e.getLiteral();
        }
        if (v instanceof EObject o) {
            return o.eIsProxy() ? "(not loaded)" : Labels.of(o);
        }
        if (v instanceof Date d) {
            return d.toInstant().toString();
        }
        if (v instanceof byte[] b) {
            return b.length + " bytes";
        }
        return String.valueOf(v);
    }

    private static boolean isEmpty(Object v) {
        return v == null || v instanceof List<?> l && l.isEmpty();
    }
}
