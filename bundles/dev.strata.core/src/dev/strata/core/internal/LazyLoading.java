package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.impl.DynamicEObjectImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.Labels;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StrataException;
import dev.strata.core.StrataObject;

/**
 * A session's lazy loading: which classes can load a feature on first access, and the per-object
 * {@link Pending} loaders that do it. An object made lazily gets its attributes at once; each
 * reference (containment or not) is read from the record it was made from when first touched.
 */
final class LazyLoading {

    /** How the objects of a class come from a record. */
    enum Kind {
        /** Everything at once (classes that do not extend StrataObject, feature maps). */
        EAGER,
        /** A generated subclass of StrataObject with reflective feature access. */
        GENERATED,
        /** A dynamic class: the session makes a {@link LazyDynamicObject}. */
        DYNAMIC
    }

    /** A list this long read from a record is dropped from the record its object keeps. */
    private static final int LONG_LIST = 1_000;

    /** Shared by all sessions: a class's kind never changes. */
    private static final Map<EClass, Kind> KINDS = new ConcurrentHashMap<>();

    /** Loads one missing feature of an object into it; the session's side of {@link Pending}. */
    interface FeatureReader {
        void read(EObject object, EStructuralFeature feature, Object value, Pending pending);

        /**
         * True if a feature can be read now; false while the session closes (what closing
         * touches is not read); throws once it is closed.
         */
        boolean ready(EObject object, EStructuralFeature feature);

        /** True while the session itself changes objects (reading, refreshing, rolling back). */
        boolean busy();
    }

    private final FeatureReader reader;
    /** The session option: objects made from now on load lazily where their class allows it. */
    boolean enabled = true;

    LazyLoading(FeatureReader reader) {
        this.reader = reader;
    }

    static Kind kind(EClass eClass) {
        return KINDS.computeIfAbsent(eClass, LazyLoading::probe);
    }

    private static Kind probe(EClass eClass) {
        if (eClass.isAbstract() || eClass.isInterface()) {
            return Kind.EAGER;
        }
        for (EStructuralFeature f : Features.persistent(eClass)) {
            if (FeatureMapUtil.isFeatureMap(f)) {
                return Kind.EAGER; // entries of several features in one list: read with the object
            }
        }
        EObject probe = EcoreUtil.create(eClass);
        if (probe instanceof StrataObject so) {
            return so.eStrataDelegates() ? Kind.GENERATED : Kind.EAGER;
        }
        return probe.getClass() == DynamicEObjectImpl.class ? Kind.DYNAMIC : Kind.EAGER;
    }

    /** True if this session makes objects of the class lazily. */
    boolean lazy(EClass eClass) {
        return enabled && kind(eClass) != Kind.EAGER;
    }

    /** A new, empty object of a class that {@link #lazy} accepts. */
    static EObject create(EClass eClass) {
        return kind(eClass) == Kind.DYNAMIC ? new LazyDynamicObject(eClass) : EcoreUtil.create(eClass);
    }

    static StrataObject.Loader loaderOf(EObject o) {
        if (o instanceof StrataObject so) {
            return so.eStrataLoader();
        }
        return o instanceof LazyDynamicObject d ? d.loader() : null;
    }

    static void setLoader(EObject o, StrataObject.Loader loader) {
        if (o instanceof StrataObject so) {
            so.eSetStrataLoader(loader);
        } else if (o instanceof LazyDynamicObject d) {
            d.setLoader(loader);
        }
    }

    /**
     * Puts a list the session made as an object's setting of a feature (only for objects this
     * class makes lazily: every feature of theirs is a dynamic setting).
     */
    static void install(EObject o, EStructuralFeature f, Object setting) {
        int featureID = o.eClass().getFeatureID(f);
        if (o instanceof LazyDynamicObject d) {
            d.install(featureID, setting);
        } else {
            ((org.eclipse.emf.ecore.impl.MinimalEObjectImpl) o).dynamicSet(featureID, setting);
        }
    }

    static Pending pendingOf(EObject o) {
        return loaderOf(o) instanceof Pending p ? p : null;
    }

    /** True if the feature of the object has not been read from its record yet. */
    static boolean missing(EObject o, EStructuralFeature f) {
        Pending p = pendingOf(o);
        return p != null && p.isMissing(o.eClass().getFeatureID(f));
    }

    /**
     * Gives an object the loader of the references its record holds (call once its attributes
     * are set); nothing if there is none to load.
     */
    void defer(EObject object, Record record) {
        Pending p = null;
        EClass c = object.eClass();
        for (EStructuralFeature f : Features.persistent(c)) {
            if (f instanceof EReference && record.values().get(f.getName()) != null) {
                if (p == null) {
                    p = new Pending(record, c.getFeatureCount());
                }
                p.mark(c.getFeatureID(f));
            }
        }
        setLoader(object, p);
    }

    /**
     * A refresh brings a newer record: the features not read yet will come from it. Returns the
     * features still missing, which the refresh leaves alone.
     */
    static List<EStructuralFeature> refreshPending(EObject o, Record newer) {
        Pending p = pendingOf(o);
        if (p == null) {
            return List.of();
        }
        p.record = newer;
        p.childFeatures = null;
        List<EStructuralFeature> missing = new ArrayList<>();
        for (EStructuralFeature f : o.eClass().getEAllStructuralFeatures()) {
            if (p.isMissing(o.eClass().getFeatureID(f))) {
                missing.add(f);
            }
        }
        return missing;
    }

    /**
     * The references of one object not read yet, and the record they come from. A feature's bit is
     * cleared before it is read, so reading it (which sets it) does not come back here.
     */
    final class Pending implements StrataObject.Loader {

        Record record;
        private final long[] missing;
        /** Which pending containment feature lists a child id: built when a child is read on its own. */
        private Map<ObjectId, EReference> childFeatures;
        /** Children read on their own and linked to this object before their feature was read; null: none. */
        private List<EObject> early;
        /** Children looked up by a scan of the lists; past a few, an index is built. */
        private int lookups;

        Pending(Record record, int featureCount) {
            this.record = record;
            this.missing = new long[(featureCount + 63) >>> 6];
        }

        void mark(int featureId) {
            missing[featureId >>> 6] |= 1L << featureId;
        }

        boolean isMissing(int featureId) {
            return featureId >= 0 && (missing[featureId >>> 6] & (1L << featureId)) != 0;
        }

        private boolean none() {
            for (long w : missing) {
                if (w != 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void load(InternalEObject object, EStructuralFeature feature) {
            int id = object.eClass().getFeatureID(feature);
            if (!isMissing(id) || !reader.ready(object, feature)) {
                return;
            }
            missing[id >>> 6] &= ~(1L << id);
            Record from = record;
            if (none()) {
                setLoader(object, null); // everything read: the object no longer asks
            }
            Object value = from.values().get(feature.getName());
            try {
                reader.read(object, feature, value, this);
            } catch (RuntimeException e) {
                mark(id);
                setLoader(object, this);
                throw e;
            }
            childFeatures = null;
            if (record == from && value instanceof List<?> l && l.size() > LONG_LIST && !none()) {
                // A long list read: the features still missing must not keep its ids alive.
                Map<String, Object> drop = new HashMap<>();
                drop.put(feature.getName(), null);
                record = from.with(from.version(), drop);
            }
        }

        @Override
        public void loadBeforeInverse(InternalEObject object, EStructuralFeature feature) {
            if (!reader.busy()) {
                load(object, feature);
            }
        }

        void addEarly(EObject child) {
            if (early == null) {
                early = new ArrayList<>(2);
            }
            early.add(child);
        }

        List<EObject> early() {
            return early == null ? new ArrayList<>(0) : early;
        }

        /** The pending containment feature whose stored list names the child; null if none does. */
        EReference featureListing(EObject owner, ObjectId child) {
            if (childFeatures != null) {
                return childFeatures.get(child);
            }
            // One child asked for by id costs a scan; many (a query's results) an index of the lists.
            boolean index = ++lookups > 4;
            if (index) {
                childFeatures = new HashMap<>();
            }
            EReference found = null;
            for (EStructuralFeature f : Features.persistent(owner.eClass())) {
                if (f instanceof EReference r && r.isContainment() && isMissing(owner.eClass().getFeatureID(f))) {
                    Object v = record.values().get(f.getName());
                    List<?> ids = v instanceof List<?> l ? l : v instanceof ObjectId single ? List.of(single) : List.of();
                    if (index) {
                        for (Object x : ids) {
                            childFeatures.put((ObjectId) x, r);
                        }
                    } else if (found == null && ids.contains(child)) {
                        found = r;
                    }
                }
            }
            return index ? childFeatures.get(child) : found;
        }

        @Override
        public String toString() {
            return "missing features of " + record.type().name() + " " + record.id();
        }
    }

    /** The message when a closed session's object is asked for a feature it never read. */
    static StrataException closed(EObject o, EStructuralFeature f, String session) {
        return new StrataException(f.getName() + " of " + Labels.of(o) + " was never read, and session " + session
                + " is closed: read what you need before closing the session, or prefetch it");
    }
}
