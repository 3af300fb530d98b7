package dev.strata.core.internal;

import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.NotificationChain;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.impl.DynamicEObjectImpl;

import dev.strata.core.StrataObject;

/**
 * The object a lazy session makes for a dynamic EClass (where EcoreUtil would make a
 * {@link DynamicEObjectImpl}): it loads a feature's values on first access, as
 * {@link StrataObject} does for generated classes.
 */
final class LazyDynamicObject extends DynamicEObjectImpl {

    private StrataObject.Loader loader;
    /** The session's tracker, told of every notification first (see StrataObject). */
    private Adapter tracker;

    LazyDynamicObject(EClass eClass) {
        super(eClass);
    }

    StrataObject.Loader loader() {
        return loader;
    }

    void setLoader(StrataObject.Loader loader) {
        this.loader = loader;
    }

    Adapter tracker() {
        return tracker;
    }

    void setTracker(Adapter tracker) {
        this.tracker = tracker;
    }

    @Override
    public boolean eNotificationRequired() {
        return tracker != null && eDeliver() || super.eNotificationRequired();
    }

    @Override
    public void eNotify(Notification notification) {
        Adapter t = tracker;
        if (t != null && eDeliver()) {
            t.notifyChanged(notification);
        }
        super.eNotify(notification);
    }

    // See StrataObject#eDynamicSet.
    @Override
    protected void eDynamicSet(int dynamicFeatureID, EStructuralFeature eFeature, Object newValue) {
        if (tracker instanceof StrataObject.Tracker t && eFeature instanceof EAttribute && dynamicFeatureID >= 0 && eDeliver()
                && !eBasicHasAdapters() && eFeature.isChangeable()
                && QuietSet.set(this, t, eSettingDelegate(eFeature), eSettings(), dynamicFeatureID, eFeature, newValue)) {
            return;
        }
        super.eDynamicSet(dynamicFeatureID, eFeature, newValue);
    }

    /** Puts a feature's setting (a list made by the session) in place of the one EMF would make. */
    void install(int featureID, Object setting) {
        eSettings();
        dynamicSet(featureID - eStaticFeatureCount(), setting);
    }

    @Override
    protected EStructuralFeature.Internal.SettingDelegate eSettingDelegate(EStructuralFeature feature) {
        StrataObject.Loader l = loader;
        if (l != null && feature instanceof EReference) {
            l.load(this, feature);
        }
        return super.eSettingDelegate(feature);
    }

    @Override
    protected NotificationChain eDynamicInverseAdd(InternalEObject otherEnd, int featureID, NotificationChain msgs) {
        StrataObject.Loader l = loader;
        if (l != null) {
            l.loadBeforeInverse(this, eClass().getEStructuralFeature(featureID));
        }
        return super.eDynamicInverseAdd(otherEnd, featureID, msgs);
    }

    @Override
    protected NotificationChain eDynamicInverseRemove(InternalEObject otherEnd, int featureID,
            NotificationChain msgs) {
        StrataObject.Loader l = loader;
        if (l != null) {
            l.loadBeforeInverse(this, eClass().getEStructuralFeature(featureID));
        }
        return super.eDynamicInverseRemove(otherEnd, featureID, msgs);
    }
}
