package dev.strata.core.internal;

import java.util.Objects;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.impl.EStructuralFeatureImpl.InternalSettingDelegateSingleDataDynamic;
import org.eclipse.emf.ecore.impl.EStructuralFeatureImpl.InternalSettingDelegateSingleDataStatic;

import dev.strata.core.StrataObject;

/**
 * A tracked set without a notification, for the objects that hold their tracker in a field
 * ({@link StrataObject}, {@link LazyDynamicObject}) and have no adapters: EMF's notification (an
 * object made, primitives boxed again, dispatch) was most of what a tracked set cost.
 */
public final class QuietSet {

    private QuietSet() {
    }

    /**
     * Sets the feature through its delegate and tells the tracker, if the feature is a single
     * plain data value (EMF's own delegate, not unsettable); returns false, having done nothing,
     * for any other feature: unsettable, many-valued, feature-map and derived features keep the
     * notification, which says more than two values can.
     */
    public static boolean set(InternalEObject owner, StrataObject.Tracker tracker, EStructuralFeature.Internal.SettingDelegate delegate,
            EStructuralFeature.Internal.DynamicValueHolder settings, int index, EStructuralFeature feature, Object newValue) {
        // Exactly EMF's classes: a subclass a SettingDelegate.Factory made may notify more than this.
        Class<?> kind = delegate.getClass();
        if (kind != InternalSettingDelegateSingleDataStatic.class && kind != InternalSettingDelegateSingleDataDynamic.class) {
            return false;
        }
        Object oldValue = delegate.dynamicGet(owner, settings, index, false, true);
        owner.eSetDeliver(false);
        try {
            delegate.dynamicSet(owner, settings, index, newValue);
        } finally {
            owner.eSetDeliver(true);
        }
        // null sets a primitive to its default, or a value with a default to null: read it back
        Object now = newValue != null ? newValue : delegate.dynamicGet(owner, settings, index, false, true);
        if (!Objects.equals(oldValue, now)) {
            tracker.attributeSet(owner, (EAttribute) feature, oldValue, now);
        }
        return true;
    }
}
