package dev.strata.core.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.eclipse.emf.common.util.ECollections;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.InternalEList;

/**
 * The persistent values of an object's changed features. Almost always one feature changes, so
 * the first lives in two fields and a hash map is made only for a second: a session tracking a
 * million changed objects allocates a million small objects, not a million hash tables.
 * Iteration views are snapshots; change it through its own methods.
 */
final class FeatureValues extends AbstractMap<EStructuralFeature, Object> {

    /** Marks the original value of an unsettable feature that was not set. */
    static final Object UNSET = new Object();

    private EStructuralFeature firstKey;
    private Object firstValue;
    private Map<EStructuralFeature, Object> rest;

    @Override
    public boolean containsKey(Object key) {
        return key == firstKey && key != null || rest != null && rest.containsKey(key);
    }

    @Override
    public Object get(Object key) {
        if (key == firstKey && key != null) {
            return firstValue;
        }
        return rest == null ? null : rest.get(key);
    }

    @Override
    public Object put(EStructuralFeature key, Object value) {
        if (firstKey == null || firstKey == key) {
            Object old = firstValue;
            firstKey = key;
            firstValue = value;
            return old;
        }
        if (rest == null) {
            rest = new HashMap<>(4);
        }
        return rest.put(key, value);
    }

    @Override
    public Object remove(Object key) {
        if (key == firstKey && key != null) {
            Object old = firstValue;
            firstKey = null;
            firstValue = null;
            if (rest != null && !rest.isEmpty()) {
                Map.Entry<EStructuralFeature, Object> promoted = rest.entrySet().iterator().next();
                firstKey = promoted.getKey();
                firstValue = promoted.getValue();
                rest.remove(firstKey);
            }
            return old;
        }
        return rest == null ? null : rest.remove(key);
    }

    @Override
    public boolean isEmpty() {
        return firstKey == null;
    }

    @Override
    public int size() {
        return firstKey == null ? 0 : 1 + (rest == null ? 0 : rest.size());
    }

    @Override
    public void forEach(BiConsumer<? super EStructuralFeature, ? super Object> action) {
        if (firstKey != null) {
            action.accept(firstKey, firstValue);
        }
        if (rest != null) {
            rest.forEach(action);
        }
    }

    /** Keeps only these features. */
    void retainKeys(Set<EStructuralFeature> keep) {
        for (EStructuralFeature f : keySet()) {
            if (!keep.contains(f)) {
                remove(f);
            }
        }
    }

    @Override
    public Set<Map.Entry<EStructuralFeature, Object>> entrySet() {
        Set<Map.Entry<EStructuralFeature, Object>> snapshot = new LinkedHashSet<>();
        forEach((k, v) -> snapshot.add(new SimpleImmutableEntry<>(k, v)));
        return snapshot;
    }

    @Override
    public Set<EStructuralFeature> keySet() {
        Set<EStructuralFeature> keys = new LinkedHashSet<>();
        forEach((k, v) -> keys.add(k));
        return keys;
    }

    /** A feature's value in the form kept here; lists are copied without resolving proxies. */
    static Object current(EObject object, EStructuralFeature f) {
        if (f.isMany()) {
            return new ArrayList<>(basic(object, f));
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
            ECollections.setEList(list, (List<Object>) value);
        } else if (value == UNSET) {
            object.eUnset(f);
        } else {
            object.eSet(f, value);
        }
    }
}
