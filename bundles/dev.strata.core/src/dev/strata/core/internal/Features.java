package dev.strata.core.internal;

import java.util.List;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.core.Labels;
import dev.strata.core.PersistentFeatures;

/** Which features of an EClass Strata persists, computed once per class. */
final class Features {

    private Features() {
    }

    static boolean isPersistent(EStructuralFeature f) {
        return PersistentFeatures.isPersistent(f);
    }

    static List<EStructuralFeature> persistent(EClass eClass) {
        return PersistentFeatures.of(eClass);
    }

    static boolean isContainment(EStructuralFeature f) {
        return f instanceof EReference r && r.isContainment();
    }

    static boolean isAttribute(EStructuralFeature f) {
        return f instanceof EAttribute;
    }

    /** A short description of an object for messages. */
    static String describe(EObject o) {
        return Labels.of(o);
    }
}
