package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;

import dev.strata.core.ChangeSet;
import dev.strata.core.Labels;
import dev.strata.core.LoggedCommit;
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
    record ChangeRow(Kind kind, String object, String version, String feature, String before, String after) {
    }

    enum Kind {
        CREATED, CHANGED, DELETED
    }

    /** Said where a store's log keeps which objects a commit touched, but not their values (the JDBC store). */
    static final String NOT_KEPT = "(values not kept in this store's log)";

    private Comparisons() {
    }

    /** The object's persistent features, committed value against session value. */
    static List<FeatureRow> ofObject(Session session, EObject object) {
        ObjectState state = session.state(object);
        List<FeatureRow> rows = new ArrayList<>();
        for (EStructuralFeature f : PersistentFeatures.of(object.eClass())) {
            Object current = object.eGet(f);
            String now = state == ObjectState.DELETED ? "(deleted)" : format(current);
            if (state == ObjectState.NEW) {
                // Nothing is committed yet: every value the object has is a difference.
                rows.add(new FeatureRow(f.getName(), "(not committed)", now, !isEmpty(current)));
            } else {
                Object stored = session.persistentValue(object, f);
                rows.add(new FeatureRow(f.getName(), format(stored), now,
                        state == ObjectState.DELETED || !same(stored, current)));
            }
        }
        return rows;
    }

    /** One line about the object: label, state, version, how many features differ. */
    static String describe(Session session, EObject object, List<FeatureRow> rows) {
        ObjectState state = session.state(object);
        long differing = rows.stream().filter(FeatureRow::differs).count();
        String where = switch (state) {
            case NEW -> "new, not committed yet";
            case DELETED -> "deleted at the next commit (version " + session.versionOf(object) + " in the store)";
            default -> state.name().toLowerCase(java.util.Locale.ROOT) + ", version " + session.versionOf(object)
                    + " in the store";
        };
        return Labels.of(object) + " — " + where + "; " + (differing == 0 ? "no feature differs"
                : differing + " of " + rows.size() + " features differ");
    }

    /** The objects a logged commit touched, and their values before and after where the log keeps them. */
    static List<ChangeRow> ofCommit(ChangeSet cs) {
        List<ChangeRow> rows = new ArrayList<>();
        for (Record r : cs.created()) {
            String object = Labels.of(r.type(), r.id(), r.values());
            if (r.values().isEmpty()) {
                rows.add(new ChangeRow(Kind.CREATED, object, "new → 1", "", "", NOT_KEPT));
            }
            boolean first = true;
            for (Map.Entry<String, Object> v : r.values().entrySet()) {
                rows.add(new ChangeRow(Kind.CREATED, first ? object : "", first ? "new → 1" : "", v.getKey(), "",
                        format(v.getValue())));
                first = false;
            }
        }
        for (ChangeSet.Change c : cs.changed()) {
            Map<String, Object> values = new java.util.HashMap<>(c.oldValues());
            values.putAll(c.newValues());
            String object = Labels.of(c.type(), c.id(), values);
            String version = c.expectedVersion() + " → " + (c.expectedVersion() + 1);
            boolean first = true;
            if (c.containerChanged()) {
                rows.add(new ChangeRow(Kind.CHANGED, object, version, "(container)", format(c.oldContainer()),
                        format(c.container())));
                first = false;
            }
            Set<String> features = new LinkedHashSet<>(c.newValues().keySet());
            features.addAll(c.oldValues().keySet());
            for (String f : features) {
                rows.add(new ChangeRow(Kind.CHANGED, first ? object : "", first ? version : "", f,
                        format(c.oldValues().get(f)), format(c.newValues().get(f))));
                first = false;
            }
            if (first) {
                rows.add(new ChangeRow(Kind.CHANGED, object, version, "", NOT_KEPT, ""));
            }
        }
        for (ChangeSet.Deletion d : cs.deleted()) {
            String object = Labels.of(d.last().type(), d.id(), d.last().values());
            String version = d.expectedVersion() + " → deleted";
            if (d.last().values().isEmpty()) {
                rows.add(new ChangeRow(Kind.DELETED, object, version, "", NOT_KEPT, ""));
            }
            boolean first = true;
            for (Map.Entry<String, Object> v : d.last().values().entrySet()) {
                rows.add(new ChangeRow(Kind.DELETED, first ? object : "", first ? version : "", v.getKey(),
                        format(v.getValue()), ""));
                first = false;
            }
        }
        return rows;
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

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(o -> parts.add(format(o)));
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

    /** Equal values; objects are the same object (a proxy matches the object it stands for). */
    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof EObject x && b instanceof EObject y) {
            return (x.eIsProxy() || y.eIsProxy()) && Objects.equals(EcoreUtil.getURI(x), EcoreUtil.getURI(y));
        }
        return Values.deepEquals(a, b);
    }
}
