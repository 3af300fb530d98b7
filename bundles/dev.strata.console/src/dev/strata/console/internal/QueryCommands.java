package dev.strata.console.internal;

import static dev.strata.console.internal.Console.fail;
import static dev.strata.console.internal.ModelNames.attribute;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.core.Labels;
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
        for (String op : new String[] { ">=", "<", "=" }) {
            int i = cond.indexOf(op);
            if (i > 0) {
                EAttribute a = attribute(c, cond.substring(0, i));
                Object v = ModelNames.parse(a, cond.substring(i + op.length()));
                return switch (op) {
                    case ">=" -> q.range(a, v, null);
                    case "<" -> q.range(a, null, v);
                    default -> q.eq(a, v);
                };
            }
        }
        throw fail("Cannot read condition '" + cond + "': use feature=value, feature>=value, feature<value,"
                + " order=[-]feature or limit=n");
    }

    List<String> count(String className, String featureName) {
        EClass c = console.names.eClass(className);
        EAttribute a = attribute(c, featureName);
        return console.session().countBy(c, a).entrySet().stream()
                .map(e -> String.format("%-20s %d", e.getKey(), e.getValue())).toList();
    }

    List<String> show(String ref) {
        EObject o = console.names.object(ref);
        Session s = console.session();
        List<String> lines = new ArrayList<>();
        lines.add(Labels.of(o) + "  id " + s.idOf(o) + "  v" + s.versionOf(o) + "  " + s.state(o));
        for (EStructuralFeature f : PersistentFeatures.of(o.eClass())) {
            String text = console.print.format(o.eGet(f));
            String was = console.print.format(s.persistentValue(o, f));
            lines.add(String.format("  %-14s = %s%s", f.getName(), text, was.equals(text) ? "" : "   (stored: " + was + ")"));
        }
        return lines;
    }
}
