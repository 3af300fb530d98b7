package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;

/** Which features of an EClass Strata persists, computed once per class. */
final class Features {

    private static final Map<EClass, List<EStructuralFeature>> PERSISTENT = new ConcurrentHashMap<>();

    private Features() {
    }

    /**
     * Transient, derived and volatile features are not stored; neither is the container side of a
     * containment (it follows from the containing object's list and the record's container id).
     */
    static boolean isPersistent(EStructuralFeature f) {
        return !f.isTransient() && !f.isDerived() && !f.isVolatile()
                && !(f instanceof EReference r && r.isContainer());
    }

    static List<EStructuralFeature> persistent(EClass eClass) {
        return PERSISTENT.computeIfAbsent(eClass, c -> {
            List<EStructuralFeature> list = new ArrayList<>();
            for (EStructuralFeature f : c.getEAllStructuralFeatures()) {
                if (isPersistent(f)) {
                    list.add(f);
                }
            }
            return List.copyOf(list);
        });
    }

    static boolean isContainment(EStructuralFeature f) {
        return f instanceof EReference r && r.isContainment();
    }

    static boolean isAttribute(EStructuralFeature f) {
        return f instanceof EAttribute;
    }

    /** A short description of an object for messages: class, a name-like value if any. */
    static String describe(EObject o) {
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
