package dev.strata.core;

import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.NotificationChain;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.impl.MinimalEObjectImpl;

import dev.strata.core.internal.QuietSet;

/**
 * The base class for generated model classes whose objects a session may load lazily: a
 * feature's values are read from the store when the feature is first touched, so a session of a
 * model larger than memory holds only what is in use. Generate the model with the genmodel
 * settings {@code rootExtendsClass="dev.strata.core.StrataObject"} and
 * {@code featureDelegation="Reflective"} (or {@code "Dynamic"}): every feature access then goes
 * through EMF's reflective path, where this class loads what is still missing. A class generated
 * with feature delegation {@code None} keeps its values in fields this class cannot see; a session
 * loads such objects eagerly, as it loads classes generated without this base class.
 *
 * <p>A session also tracks the changes of these objects without an adapter: it keeps its tracker in
 * a field of the object and gets the object's notifications first, before its adapters. A tracked
 * {@code eSet} then reads nothing beyond the object and the tracker (no adapter array). While the
 * object has no adapters of its own, setting a single-valued attribute that is not unsettable
 * (through its generated setter or {@code eSet}) makes no notification at all: the tracker is told
 * the old and the new value directly.
 *
 * <p>Outside a session an instance behaves as any {@link MinimalEObjectImpl.Container}.
 *
 * @since 0.6
 */
public abstract class StrataObject extends MinimalEObjectImpl.Container {

    /**
     * What loads an object's missing features: the session that made it. Not meant for
     * applications; a session sets it and takes it away.
     */
    public interface Loader {
        /**
         * Reads the feature's stored values into the object, if they are still missing. Only
         * references are asked for: attributes are read with the object.
         */
        void load(InternalEObject object, EStructuralFeature feature);

        /**
         * The other end of a bidirectional reference is about to change the feature: reads it
         * first, unless the session itself is filling in objects (then the feature's own read
         * later puts the stored values in order without adding any twice).
         */
        default void loadBeforeInverse(InternalEObject object, EStructuralFeature feature) {
            load(object, feature);
        }
    }

    /**
     * A session's tracker that can be told of a single attribute's new value without a
     * notification. Not meant for applications.
     *
     * @since 0.8
     */
    public interface Tracker extends Adapter {
        /**
         * The attribute of the object was set from the old to the new value (as {@code eGet} reads
         * them; not equal), and nothing else heard of it: the object has no adapters.
         */
        void attributeSet(EObject object, EAttribute attribute, Object oldValue, Object newValue);
    }

    private Loader strataLoader;
    private Adapter strataTracker;

    protected StrataObject() {
    }

    /** The loader of this object's missing features; null once nothing is missing. */
    public final Loader eStrataLoader() {
        return strataLoader;
    }

    /** Sets (or, with null, removes) the loader of this object's missing features. */
    public final void eSetStrataLoader(Loader loader) {
        this.strataLoader = loader;
    }

    /**
     * The session's tracker of this object's changes; null if no session tracks it.
     *
     * @since 0.7
     */
    public final Adapter eStrataTracker() {
        return strataTracker;
    }

    /**
     * Sets (or, with null, removes) the session's tracker of this object's changes: it is told of
     * every notification while the object delivers them, as an adapter would be, but is not one of
     * {@link #eAdapters()}. Not meant for applications; a session sets it and takes it away.
     *
     * @since 0.7
     */
    public final void eSetStrataTracker(Adapter tracker) {
        this.strataTracker = tracker;
    }

    @Override
    public boolean eNotificationRequired() {
        return strataTracker != null && eDeliver() || super.eNotificationRequired();
    }

    @Override
    public void eNotify(Notification notification) {
        Adapter tracker = strataTracker;
        if (tracker != null && eDeliver()) {
            tracker.notifyChanged(notification);
        }
        super.eNotify(notification);
    }

    /**
     * A set of a single-valued attribute that is not unsettable, on an object no adapter listens to,
     * is told to a {@link Tracker} directly: no notification is made. Every generated setter (feature
     * delegation Reflective or Dynamic) and every {@code eSet} of such a feature comes here. A
     * subclass that overrides {@code eNotify} to watch its own sets does not see these while a
     * session tracks the object: watch with an adapter instead (an adapter turns this off).
     */
    @Override
    protected void eDynamicSet(int dynamicFeatureID, EStructuralFeature eFeature, Object newValue) {
        if (strataTracker instanceof Tracker tracker && eFeature instanceof EAttribute && dynamicFeatureID >= 0 && eDeliver()
                && !eBasicHasAdapters() && eFeature.isChangeable()
                && QuietSet.set(this, tracker, eSettingDelegate(eFeature), eSettings(), dynamicFeatureID, eFeature, newValue)) {
            return;
        }
        super.eDynamicSet(dynamicFeatureID, eFeature, newValue);
    }

    /**
     * True if every feature of this object goes through EMF's reflective access (the class was
     * generated with feature delegation Reflective or Dynamic), so a session can load it lazily.
     */
    public final boolean eStrataDelegates() {
        return eStaticFeatureCount() == 0;
    }

    // Every reflective get, set, isSet and unset asks for the feature's setting delegate first.
    @Override
    protected EStructuralFeature.Internal.SettingDelegate eSettingDelegate(EStructuralFeature feature) {
        Loader loader = strataLoader;
        if (loader != null && feature instanceof EReference) {
            loader.load(this, feature);
        }
        return super.eSettingDelegate(feature);
    }

    // The other end of a bidirectional reference changes the feature's value without a get.
    @Override
    protected NotificationChain eDynamicInverseAdd(InternalEObject otherEnd, int featureID, NotificationChain msgs) {
        Loader loader = strataLoader;
        if (loader != null) {
            loader.loadBeforeInverse(this, eClass().getEStructuralFeature(featureID));
        }
        return super.eDynamicInverseAdd(otherEnd, featureID, msgs);
    }

    @Override
    protected NotificationChain eDynamicInverseRemove(InternalEObject otherEnd, int featureID,
            NotificationChain msgs) {
        Loader loader = strataLoader;
        if (loader != null) {
            loader.loadBeforeInverse(this, eClass().getEStructuralFeature(featureID));
        }
        return super.eDynamicInverseRemove(otherEnd, featureID, msgs);
    }
}
