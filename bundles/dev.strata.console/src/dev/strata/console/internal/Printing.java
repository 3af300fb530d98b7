package dev.strata.console.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.util.EcoreUtil;

import dev.strata.core.Labels;
import dev.strata.core.ObjectState;

/** How the commands print objects and values: label and id, state, lists in brackets. */
final class Printing {

    private final Console console;

    Printing(Console console) {
        this.console = console;
    }

    /**
     * An object's label and its id; for an object the session does not store (one EMF keeps in step
     * with another feature, such as an EClass's generic supertypes, or one of a registered package)
     * its URI instead.
     */
    String label(EObject o) {
        if (console.session().state(o) == ObjectState.DISCARDED) {
            return Labels.of(o) + " <" + EcoreUtil.getURI(o) + ">";
        }
        return Labels.of(o) + " " + console.session().idOf(o);
    }

    /** An object's state, then its label: one line of a listing. */
    String line(EObject o) {
        return String.format("%-9s %s", console.session().state(o), label(o));
    }

    /** A feature's value: objects by label, unresolved proxies by URI, lists in brackets, enums by literal. */
    String format(Object v) {
        if (v instanceof List<?> list) {
            return list.stream().map(this::format).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof org.eclipse.emf.common.util.Enumerator e) {
            // A dynamic model's enum value is an EEnumLiteral, an EObject no session manages.
            return e.getLiteral();
        }
        if (v instanceof EObject o) {
            return o.eIsProxy() ? String.valueOf(((InternalEObject) o).eProxyURI()) : label(o);
        }
        return String.valueOf(v);
    }
}
