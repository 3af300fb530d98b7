package dev.strata.core;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;

/** Short human-readable labels for objects in messages, consoles and views. */
public final class Labels {

    private Labels() {
    }

    /** The class name and the ID attribute, or else a name-like attribute: {@code Task 'Write docs'}. */
    public static String of(EObject o) {
        EClass c = o.eClass();
        EAttribute label = c.getEIDAttribute();
        if (label == null) {
            for (String n : new String[] { "name", "title", "slug", "label" }) {
                if (c.getEStructuralFeature(n) instanceof EAttribute a && !a.isMany()) {
                    label = a;
                    break;
                }
            }
        }
        Object v = label == null || o.eIsProxy() ? null : o.eGet(label);
        return c.getName() + (v == null ? "" : " '" + v + "'");
    }
}
