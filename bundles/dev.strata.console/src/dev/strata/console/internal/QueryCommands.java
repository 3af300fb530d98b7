package dev.strata.console.internal;

import static dev.strata.console.internal.Console.fail;
import static dev.strata.console.internal.ModelNames.attribute;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.compare.Compare;
import dev.strata.compare.FeatureChange;
import dev.strata.compare.ObjectChange;
import dev.strata.core.Labels;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.Query;
import dev.strata.core.Session;

/** The reading commands: {@code ls}, {@code query}, {@code count} and {@code show}. */
final class QueryCommands {

    private final Console console;

    QueryCommands(Console console) {
        this.console = console;
    }

    List<String> roots() {
        return console.session().roots().stream().map(console.print::line).toList();
    }

    List<String> query(String className, String[] conditions) {
        EClass c = console.names.eClass(className);
        Query q = Query.on(c);
        for (String cond : conditions) {
            q = condition(q, c, cond);
        }
        List<EObject> result = console.session().query(q);
        List<String> lines = new ArrayList<>(result.stream().map(console.print::line).toList());
        lines.add(result.size() + " object(s)");
        return lines;
    }

    /** The condition forms, for error messages. */
    static final String SYNTAX = "feature=value, feature=from.. (from on), feature=..to (before to),"
            + " feature=from..to (to excluded), feature==value (a value holding '..'), order=[-]feature, limit=n";

    /**
     * One condition. Ranges are written with {@code ..} because Gogo takes an unquoted {@code >}
     * or {@code <} as a redirection; {@code >=} and {@code <} still work quoted.
     */
    private static Query condition(Query q, EClass c, String cond) {
        if (cond.startsWith("order=")) {
            String f = cond.substring(6);
            boolean desc = f.startsWith("-");
            return q.orderBy(attribute(c, desc ? f.substring(1) : f), desc);
        }
        if (cond.startsWith("limit=")) {
            try {
                return q.limit(Integer.parseInt(cond.substring(6)));
            } catch (NumberFormatException e) {
                throw fail("limit needs a whole number, not '" + cond.substring(6) + "'");
            }
        }
        int eq = cond.indexOf('=');
        int ge = cond.indexOf(">=");
        int lt = cond.indexOf('<');
        if (ge > 0 && ge + 1 == eq) {
            EAttribute a = attribute(c, cond.substring(0, ge));
            return q.range(a, ModelNames.parse(a, cond.substring(ge + 2)), null);
        }
        if (lt > 0 && (eq < 0 || lt < eq)) {
            EAttribute a = attribute(c, cond.substring(0, lt));
            return q.range(a, null, ModelNames.parse(a, cond.substring(lt + 1)));
        }
        if (eq > 0) {
            EAttribute a = attribute(c, cond.substring(0, eq));
            String value = cond.substring(eq + 1);
            int dots = value.indexOf("..");
            if (value.startsWith("=") || dots < 0) {
                return q.eq(a, ModelNames.parse(a, value.startsWith("=") ? value.substring(1) : value));
            }
            String from = value.substring(0, dots);
            String to = value.substring(dots + 2);
            if (from.isEmpty() && to.isEmpty()) {
                throw fail("Condition '" + cond + "' gives no bound: write " + a.getName() + "=from.., "
                        + a.getName() + "=..to or " + a.getName() + "=from..to");
            }
            return q.range(a, from.isEmpty() ? null : ModelNames.parse(a, from),
                    to.isEmpty() ? null : ModelNames.parse(a, to));
        }
        if (eq < 0 && ge < 0 && lt < 0 && cond.indexOf('>') < 0) {
            // What Gogo leaves of created>=2026-01-01: it wrote the output into a file and passed 'created'.
            throw fail("Condition '" + cond + "' has no operator. If you typed " + cond + ">=... or " + cond
                    + "<..., the shell took > and < as redirections (> writes the output to a file). Write "
                    + cond + "=from.. (from on), " + cond + "=..to (before to) or " + cond + "=from..to, or quote"
                    + " the condition ('" + cond + ">=from'). Conditions: " + SYNTAX);
        }
        throw fail("Cannot read condition '" + cond + "': use " + SYNTAX);
    }

    List<String> count(String className, String featureName) {
        EClass c = console.names.eClass(className);
        EAttribute a = attribute(c, featureName);
        return console.session().countBy(c, a).entrySet().stream()
                .map(e -> String.format("%-20s %d", e.getKey(), e.getValue())).toList();
    }

    /**
     * {@code count Class} without a feature, which Gogo would answer only with "Cannot coerce":
     * says what is missing, and which features of the class could be counted by.
     */
    List<String> countWithoutFeature(String className) {
        EClass c = console.names.eClass(className);
        List<String> indexed = console.repository().store().indexes().stream()
                .filter(i -> i.type().equals(dev.strata.core.TypeRef.of(c))).map(dev.strata.core.IndexDef::feature)
                .distinct().sorted().toList();
        throw fail("count needs a feature to count " + c.getName() + " objects by: count " + c.getName() + " <feature>"
                + (indexed.isEmpty() ? "; no index is declared on " + c.getName() + " (annotate an attribute with source \""
                        + dev.strata.core.IndexDef.ANNOTATION_SOURCE + "\"; ls " + c.getName() + " lists every one)"
                        : ", where <feature> is indexed: " + String.join(", ", indexed)));
    }

    /**
     * The object, its state and its features; where the session's value differs from the stored one
     * (as {@link Compare} reads the pending change), the stored value, or the list steps since it.
     */
    List<String> show(String ref) {
        EObject o = console.names.object(ref);
        Session s = console.session();
        List<String> lines = new ArrayList<>();
        ObjectState state = s.state(o);
        lines.add(Labels.of(o) + "  id " + s.idOf(o) + "  v" + s.versionOf(o) + "  " + state);
        // New and deleted objects have no stored state to differ from.
        ObjectChange change = state == ObjectState.DIRTY || state == ObjectState.CONFLICT ? changeOf(s, s.idOf(o))
                : null;
        if (change != null && change.containerChanged()) {
            lines.add(String.format("  %-14s = %s   (stored: %s)", "(container)", reference(s, change.newContainer()),
                    reference(s, change.oldContainer())));
        }
        for (EStructuralFeature f : PersistentFeatures.of(o.eClass())) {
            String text = console.print.format(o.eGet(f));
            String stored = switch (change == null ? null : change.feature(f.getName())) {
                case null -> "";
                case FeatureChange.ValueChange v -> "   (stored: " + console.print.format(s.persistentValue(o, f)) + ")";
                case FeatureChange.ListChange l -> "   (since stored: " + l.edits().stream()
                        .map(e -> WorkCommands.edit(e, v -> v instanceof ObjectId id ? reference(s, id) : String.valueOf(v)))
                        .collect(Collectors.joining(", ")) + ")";
            };
            lines.add(String.format("  %-14s = %s%s", f.getName(), text, stored));
        }
        return lines;
    }

    private static ObjectChange changeOf(Session s, ObjectId id) {
        return Compare.diff(s.pendingChanges()).changed().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElse(null);
    }

    private String reference(Session s, ObjectId id) {
        return id == null ? "(root)" : s.find(id).map(console.print::label).orElse(id.toString());
    }
}
