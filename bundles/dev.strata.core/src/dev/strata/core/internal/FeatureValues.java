package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.ECollections;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.InternalEList;

/**
 * A feature's value in the form a session keeps it as the persistent value of a changed feature
 * (see {@link Entry#keepOriginal}), and how it is given back.
 */
final class FeatureValues {

    /** Marks the original value of an unsettable feature that was not set. */
    static final Object UNSET = new Object();

    private FeatureValues() {
    }

    /**
     * A feature's value in the form kept here; lists are copied without resolving proxies, a list
     * read a page at a time is taken as its ids (see {@link PagedValue}).
     */
    static Object current(EObject object, EStructuralFeature f) {
        if (f.isMany()) {
            return object.eGet(f, false) instanceof PagedList<?> paged && paged.paged() ? paged.value()
                    : new ArrayList<>(basic(object, f));
        }
        if (f.isUnsettable() && !object.eIsSet(f)) {
            return UNSET;
        }
        return object.eGet(f, false);
    }

    @SuppressWarnings("unchecked")
    static List<Object> basic(EObject object, EStructuralFeature f) {
        Object list = object.eGet(f, false);
        return list instanceof InternalEList<?> il ? (List<Object>) il.basicList() : (List<Object>) list;
    }

    /** Gives a feature back a value kept by {@link #current}. */
    @SuppressWarnings("unchecked")
    static void restore(EObject object, EStructuralFeature f, Object value) {
        if (f.isMany()) {
            EList<Object> list = (EList<Object>) object.eGet(f, false);
            if (value instanceof PagedValue paged && list instanceof PagedList<?> live && live.restore(paged)) {
                return;
            }
            ECollections.setEList(list, (List<Object>) value);
        } else if (value == UNSET) {
            object.eUnset(f);
        } else {
            object.eSet(f, value);
        }
    }
}
