package dev.strata.core.internal;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.Notifier;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.core.ObjectId;
import dev.strata.core.StrataObject;

/**
 * A session's bookkeeping for one object, attached to it as its change tracker. Holding the state
 * in the adapter itself means a notification needs no map lookup to find it.
 *
 * <p>The persistent value of the first changed feature is kept in two fields of the entry: almost
 * always one feature of an object changes, and a further set of it then reads the entry alone, not
 * a map beside it (on a million changed objects that extra read was much of a tracked set's cost).
 * The entry is no {@code AdapterImpl}: its object is its target, and the bytes of a second field
 * for it keep the entry at 64 bytes.
 */
final class Entry implements StrataObject.Tracker {

    final ChangeTracker tracker;
    final EObject object;
    final ObjectId id;
    long version;
    boolean isNew;
    boolean deleted;
    boolean conflict;
    boolean discarded;
    /** Write-locked by the session's automatic locking (see SessionState#autoLock). */
    boolean locked;
    /** Brought in by importRoots and not committed yet: validation reports, never refuses. */
    boolean imported;
    /** Kept in the object's own field: told of every change first, before any adapter (see attach). */
    boolean heardFirst;
    /** The xmi:id the object was imported with, if it differs from its id (kept in its record). */
    String xmiId;
    /** The container id the store has (null for a root or a new object). */
    ObjectId persistedContainer;
    /** The first feature changed since the last commit and its persistent value (a list as a copy). */
    private EStructuralFeature firstChanged;
    private Object firstOriginal;
    /** The persistent values of the features changed after the first, if any. */
    private Map<EStructuralFeature, Object> moreOriginals;
    /** The entry's slot in its session's pending entries ({@link TouchedSet}), or -1. */
    int touchedAt = -1;

    Entry(ChangeTracker tracker, EObject object, ObjectId id, long version, boolean isNew, ObjectId persistedContainer) {
        this.tracker = tracker;
        this.object = object;
        this.id = id;
        this.version = version;
        this.isNew = isNew;
        this.persistedContainer = persistedContainer;
    }

    /**
     * Starts tracking the object: a {@link StrataObject} (or a lazily made dynamic object) keeps
     * the entry in a field of its own and tells it first; any other object gets it as an adapter.
     */
    void attach() {
        if (object instanceof StrataObject so && so.eStrataTracker() == null) {
            so.eSetStrataTracker(this);
            heardFirst = true;
        } else if (object instanceof LazyDynamicObject d && d.tracker() == null) {
            d.setTracker(this);
            heardFirst = true;
        } else {
            object.eAdapters().add(this);
        }
    }

    /** Stops tracking the object. */
    void detach() {
        heardFirst = false;
        if (object instanceof StrataObject so && so.eStrataTracker() == this) {
            so.eSetStrataTracker(null);
        } else if (object instanceof LazyDynamicObject d && d.tracker() == this) {
            d.setTracker(null);
        } else {
            object.eAdapters().remove(this);
        }
    }

    /** The entry a session's tracker keeps for the object; null if it has none. */
    static Entry of(EObject object, ChangeTracker tracker) {
        if (object instanceof StrataObject so) {
            if (so.eStrataTracker() instanceof Entry e && e.tracker == tracker) {
                return e;
            }
        } else if (object instanceof LazyDynamicObject d && d.tracker() instanceof Entry e && e.tracker == tracker) {
            return e;
        }
        for (Adapter a : object.eAdapters()) {
            if (a instanceof Entry e && e.tracker == tracker) {
                return e;
            }
        }
        return null;
    }

    /** True if a feature of the object changed since the last commit (and was not set back). */
    boolean hasOriginals() {
        return firstChanged != null;
    }

    /** True if the feature changed since the last commit: its persistent value is kept. */
    boolean hasOriginal(EStructuralFeature f) {
        return f == firstChanged && f != null || moreOriginals != null && moreOriginals.containsKey(f);
    }

    /** The feature's persistent value (see {@link FeatureValues#current}); null if none is kept. */
    Object original(EStructuralFeature f) {
        if (f == firstChanged && f != null) {
            return firstOriginal;
        }
        return moreOriginals == null ? null : moreOriginals.get(f);
    }

    /** Keeps the feature's persistent value, replacing one kept before. */
    void keepOriginal(EStructuralFeature f, Object value) {
        if (firstChanged == null || firstChanged == f) {
            firstChanged = f;
            firstOriginal = value;
            return;
        }
        if (moreOriginals == null) {
            moreOriginals = new HashMap<>(4);
        }
        moreOriginals.put(f, value);
    }

    /** Forgets the feature's persistent value: it is as stored again. */
    void forgetOriginal(EStructuralFeature f) {
        if (f == firstChanged && f != null) {
            firstChanged = null;
            firstOriginal = null;
            if (moreOriginals != null && !moreOriginals.isEmpty()) {
                Map.Entry<EStructuralFeature, Object> next = moreOriginals.entrySet().iterator().next();
                firstChanged = next.getKey();
                firstOriginal = next.getValue();
                moreOriginals.remove(firstChanged);
            }
        } else if (moreOriginals != null) {
            moreOriginals.remove(f);
        }
    }

    /** Forgets every kept value: the object is as stored (after a commit, a rollback). */
    void forgetOriginals() {
        firstChanged = null;
        firstOriginal = null;
        moreOriginals = null;
    }

    /** Each changed feature with its persistent value, the first changed first. */
    void forEachOriginal(BiConsumer<EStructuralFeature, Object> action) {
        if (firstChanged != null) {
            action.accept(firstChanged, firstOriginal);
        }
        if (moreOriginals != null) {
            moreOriginals.forEach(action);
        }
    }

    /** The features changed since the last commit, as a snapshot (safe to change the entry meanwhile). */
    Set<EStructuralFeature> changedFeatures() {
        Set<EStructuralFeature> features = new LinkedHashSet<>();
        forEachOriginal((f, v) -> features.add(f));
        return features;
    }

    @Override
    public void notifyChanged(Notification n) {
        tracker.recordChange(this, n);
    }

    @Override
    public void attributeSet(EObject object, EAttribute attribute, Object oldValue, Object newValue) {
        tracker.recordAttributeSet(this, attribute, oldValue, newValue);
    }

    @Override
    public Notifier getTarget() {
        return object;
    }

    @Override
    public void setTarget(Notifier newTarget) {
        // the entry belongs to its object for its whole life
    }

    @Override
    public boolean isAdapterForType(Object type) {
        return type == ChangeTracker.class;
    }

    @Override
    public String toString() {
        return Features.describe(object) + " [" + id + " v" + version + "]";
    }
}
