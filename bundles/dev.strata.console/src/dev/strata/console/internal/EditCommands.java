package dev.strata.console.internal;

import static dev.strata.console.internal.Console.fail;
import static dev.strata.console.internal.ModelNames.feature;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;

/**
 * The editing commands: {@code create}, {@code createin}, {@code set}, {@code add}, {@code remove},
 * {@code move} and {@code delete}. Each changes the session's objects; a commit makes it final.
 */
final class EditCommands {

    private final Console console;

    EditCommands(Console console) {
        this.console = console;
    }

    @SuppressWarnings("unchecked")
    String create(String parentRef, String containment, String className, String[] pairs) {
        EClass c = console.names.eClass(className);
        EObject parent = parentRef == null ? null : console.names.object(parentRef);
        EReference into = null;
        if (parent != null) {
            if (!(feature(parent.eClass(), containment) instanceof EReference r) || !r.isContainment()) {
                throw fail(parent.eClass().getName() + "." + containment + " is not a containment feature");
            }
            if (!r.getEReferenceType().isSuperTypeOf(c)) {
                throw fail(parent.eClass().getName() + "." + containment + " holds " + r.getEReferenceType().getName()
                        + ", not " + c.getName());
            }
            into = r;
        }
        // Build the whole object before it enters the session: a bad pair changes nothing.
        EObject o = EcoreUtil.create(c);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw fail("'" + pair + "' is not feature=value");
            }
            EStructuralFeature f = feature(c, pair.substring(0, eq));
            Object v = console.names.value(f, pair.substring(eq + 1));
            if (f.isMany()) {
                ((EList<Object>) o.eGet(f)).add(v);
            } else {
                o.eSet(f, v);
            }
        }
        if (into == null) {
            console.session().add(o);
        } else if (into.isMany()) {
            ((EList<EObject>) parent.eGet(into)).add(o);
        } else {
            parent.eSet(into, o);
        }
        return "Created " + console.print.label(o) + " (" + console.session().state(o) + ")";
    }

    String set(String ref, String featureName, String text) {
        EObject o = console.names.object(ref);
        EStructuralFeature f = feature(o.eClass(), featureName);
        if (f.isMany()) {
            throw fail(o.eClass().getName() + "." + f.getName() + " holds several values: use strata:add, remove or move");
        }
        Object v = console.names.value(f, text);
        if (v == null) {
            o.eUnset(f);
        } else {
            o.eSet(f, v);
        }
        return console.print.label(o) + " " + f.getName() + " = " + console.print.format(o.eGet(f)) + " ("
                + console.session().state(o) + ")";
    }

    @SuppressWarnings("unchecked")
    private static EList<Object> list(EObject o, EStructuralFeature f) {
        if (!f.isMany()) {
            throw fail(o.eClass().getName() + "." + f.getName() + " holds one value: use strata:set");
        }
        return (EList<Object>) o.eGet(f);
    }

    String add(String ref, String featureName, String text, int index) {
        EObject o = console.names.object(ref);
        EStructuralFeature f = feature(o.eClass(), featureName);
        EList<Object> list = list(o, f);
        Object v = console.names.value(f, text);
        if (index > list.size() || index < -1) {
            throw fail("Index " + index + " is outside " + f.getName() + " (0.." + list.size() + ")");
        }
        if (f.isUnique() && list.contains(v)) {
            throw fail(console.print.format(v) + " is already in " + f.getName());
        }
        if (index < 0) {
            list.add(v);
        } else {
            list.add(index, v);
        }
        return listed(o, f, list);
    }

    String remove(String ref, String featureName, String text) {
        EObject o = console.names.object(ref);
        EStructuralFeature f = feature(o.eClass(), featureName);
        EList<Object> list = list(o, f);
        Object v = console.names.value(f, text);
        if (!list.remove(v)) {
            throw fail(console.print.format(v) + " is not in " + o.eClass().getName() + "." + f.getName());
        }
        return listed(o, f, list);
    }

    String move(String ref, String featureName, int from, int to) {
        EObject o = console.names.object(ref);
        EStructuralFeature f = feature(o.eClass(), featureName);
        EList<Object> list = list(o, f);
        if (from < 0 || from >= list.size() || to < 0 || to >= list.size()) {
            throw fail("Indexes must be within 0.." + (list.size() - 1) + " for " + f.getName());
        }
        list.move(to, from);
        return listed(o, f, list);
    }

    /** The answer of add, remove and move: the list as it is now. */
    private String listed(EObject o, EStructuralFeature f, EList<Object> list) {
        return console.print.label(o) + " " + f.getName() + " = " + console.print.format(list);
    }

    String delete(String ref) {
        EObject o = console.names.object(ref);
        String label = console.print.label(o);
        console.session().delete(o);
        return "Deleted " + label + " (commit to make it final)";
    }
}
