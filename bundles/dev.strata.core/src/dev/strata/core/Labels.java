package dev.strata.core;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;

/** Short human-readable labels for objects in messages, consoles and views. */
public final class Labels {

    private Labels() {
    }

    /** Feature names taken as an object's name when its class has no ID attribute, in this order. */
    private static final String[] NAME_LIKE = { "name", "title", "slug", "label" };

    /** The class name and the ID attribute, or else a name-like attribute: {@code Task 'Write docs'}. */
    public static String of(EObject o) {
        EClass c = o.eClass();
        EAttribute label = c.getEIDAttribute();
        if (label == null) {
            for (String n : NAME_LIKE) {
                if (c.getEStructuralFeature(n) instanceof EAttribute a && !a.isMany()) {
                    label = a;
                    break;
                }
            }
        }
        Object v = label == null || o.eIsProxy() ? null : o.eGet(label);
        return c.getName() + (v == null ? "" : " '" + v + "'");
    }

    /**
     * A label for an object known only by its stored values (a commit in a log, a deleted
     * object): {@code Task 'Write docs'} from a name-like value, else the type and the start of
     * its id, {@code Task 3f2a9c1e}.
     */
    public static String of(TypeRef type, ObjectId id, java.util.Map<String, ?> values) {
        String name = name(values);
        return name != null ? type.name() + " '" + name + "'" : type.name() + " " + id.toString().substring(0, 8);
    }

    /** The name-like value among stored values ({@code name}, {@code title}, …), or null if none. */
    public static String name(java.util.Map<String, ?> values) {
        for (String n : NAME_LIKE) {
            if (values.get(n) instanceof String v) {
                return v;
            }
        }
        return null;
    }

    private static final java.time.format.DateTimeFormatter LOCAL_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * A commit's time as people read it: local date and time to the second, e.g.
     * {@code 2026-12-03 21:05:12}; "—" when the time is unknown (commits logged before times were kept).
     *
     * @since 0.4
     */
    public static String time(java.time.Instant time) {
        return time == null ? "—" : LOCAL_TIME.format(time.atZone(java.time.ZoneId.systemDefault()));
    }

    /**
     * A commit's author as people read it: "—" when unknown.
     *
     * @since 0.4
     */
    public static String author(LoggedCommit commit) {
        return commit.author().isEmpty() ? "—" : commit.author();
    }
}
