package dev.strata.core.internal;

import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;

import dev.strata.core.ObjectId;
import dev.strata.core.StrataObject;

/**
 * A session's bookkeeping for one object, attached to it as its change tracker. Holding the state
 * in the adapter itself means a notification needs no map lookup to find it.
 */
final class Entry extends AdapterImpl implements StrataObject.Tracker {

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
    /** Persistent values of the features changed since the last commit (lists as copies). */
    FeatureValues originals;
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

    boolean hasOriginals() {
        return originals != null && !originals.isEmpty();
    }

    FeatureValues originals() {
        if (originals == null) {
            originals = new FeatureValues();
        }
        return originals;
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
    public boolean isAdapterForType(Object type) {
        return type == ChangeTracker.class;
    }

    @Override
    public String toString() {
        return Features.describe(object) + " [" + id + " v" + version + "]";
    }
}
