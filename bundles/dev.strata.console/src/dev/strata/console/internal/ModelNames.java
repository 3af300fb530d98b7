package dev.strata.console.internal;

import static dev.strata.console.internal.Console.fail;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.core.ObjectId;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.StrataException;
import dev.strata.core.Values;

/**
 * What the commands' words name in the current repository: classes, features, objects (by id or
 * Class:key) and typed values. Each refuses a wrong word with the names it would have taken.
 */
final class ModelNames {

    private final Console console;

    ModelNames(Console console) {
        this.console = console;
    }

    EClass eClass(String name) {
        List<String> known = new ArrayList<>();
        for (EPackage p : console.repository().packages()) {
            for (EClassifier c : p.getEClassifiers()) {
                if (c instanceof EClass e && !e.isAbstract()) {
                    if (e.getName().equals(name)) {
                        return e;
                    }
                    known.add(e.getName());
                }
            }
        }
        throw fail("Unknown class '" + name + "' in repository " + console.currentName() + " (classes: " + known + ")");
    }

    static EStructuralFeature feature(EClass c, String name) {
        EStructuralFeature f = c.getEStructuralFeature(name);
        if (f == null || !PersistentFeatures.isPersistent(f)) {
            throw fail(c.getName() + " has no feature '" + name + "' (features: " + PersistentFeatures.of(c).stream()
                    .map(EStructuralFeature::getName).toList() + ")");
        }
        return f;
    }

    static EAttribute attribute(EClass c, String name) {
        if (feature(c, name) instanceof EAttribute a) {
            return a;
        }
        throw fail(c.getName() + "." + name + " is a reference; queries work on attributes");
    }

    /** An object by id, or by primary key as Class:key. */
    EObject object(String ref) {
        int colon = ref.indexOf(':');
        if (colon > 0) {
            EClass c = eClass(ref.substring(0, colon));
            EAttribute key = c.getEIDAttribute();
            if (key == null) {
                throw fail(c.getName() + " has no ID attribute, so '" + ref + "' cannot name an object; use its id");
            }
            Object value = parse(key, ref.substring(colon + 1));
            return console.session().findByKey(c, value)
                    .orElseThrow(() -> fail("No " + c.getName() + " with " + key.getName() + " '" + value + "'"));
        }
        ObjectId id;
        try {
            id = ObjectId.parse(ref);
        } catch (IllegalArgumentException e) {
            throw fail("'" + ref + "' is neither an object id nor Class:key");
        }
        return console.session().find(id)
                .orElseThrow(() -> fail("No object " + id + " in repository " + console.currentName()));
    }

    static Object parse(EAttribute a, String text) {
        try {
            return Values.parse(a, text);
        } catch (StrataException e) {
            throw fail(e.getMessage());
        }
    }

    /** A typed value for a feature: attributes parsed by their data type, references resolved. */
    Object value(EStructuralFeature f, String text) {
        if (text.equals("null")) {
            return null;
        }
        if (f instanceof EAttribute a) {
            return parse(a, text);
        }
        EReference r = (EReference) f;
        EObject target = object(text);
        if (!r.getEReferenceType().isInstance(target)) {
            throw fail(r.getEContainingClass().getName() + "." + r.getName() + " needs a " + r.getEReferenceType().getName()
                    + ", but " + text + " is a " + target.eClass().getName());
        }
        return target;
    }
}
