package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMap;
import org.eclipse.emf.ecore.util.FeatureMapUtil;
import org.eclipse.emf.ecore.xmi.XMLResource;

import dev.strata.core.EmfRecords;
import dev.strata.core.ExternalRef;
import dev.strata.core.LockMode;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.StrataException;
import dev.strata.core.Values;

/**
 * Turns EMF notifications into pending work. Every managed object carries an {@link Entry}
 * adapter; the first change of a feature records its persistent value, later changes compare
 * against it, so DIRTY follows the real difference and costs a map lookup per notification.
 */
final class ChangeTracker {

    private final SessionState state;
    /** True while importRoots adds: the objects adopted are marked imported. */
    private boolean importing;

    ChangeTracker(SessionState state) {
        this.state = state;
    }

    /** Listens to the session's resource: roots added or removed. */
    Adapter rootsListener() {
        return new AdapterImpl() {
            @Override
            public void notifyChanged(Notification n) {
                if (n.getFeatureID(Resource.class) == Resource.RESOURCE__CONTENTS) {
                    rootsChanged(n);
                }
            }
        };
    }

    // ------------------------------------------------------------------ per-object state

    Entry entryOf(EObject object) {
        return Entry.of(object, this);
    }

    ObjectState state(EObject object) {
        Entry e = entryOf(object);
        if (e == null) {
            return ObjectState.DISCARDED;
        }
        return e.conflict && !e.discarded ? ObjectState.CONFLICT : baseState(e);
    }

    ObjectState baseState(Entry e) {
        return baseState(e, null);
    }

    /** {@link #baseState(Entry)}, asking {@code placed} (if any) where the object is. */
    ObjectState baseState(Entry e, Placement placed) {
        if (e.discarded) {
            return ObjectState.DISCARDED;
        }
        boolean attached = (placed == null ? e.object.eResource() : placed.resource(e.object)) == state.resource;
        if (e.isNew) {
            return attached && (placed == null ? EmfRecords.isStored(e.object) : placed.stored(e.object))
                    ? ObjectState.NEW : ObjectState.DISCARDED;
        }
        if (e.deleted || !attached) {
            return ObjectState.DELETED;
        }
        if (e.hasOriginals() || !Objects.equals(containerId(e.object), e.persistedContainer)) {
            return ObjectState.DIRTY;
        }
        return ObjectState.CLEAN;
    }

    /**
     * Where objects are, for many in a row while the model does not change (a plan's new objects
     * and the targets of their references): the objects of one container, side by side in a big
     * commit, have the container's resource and whether it is stored looked up once, not walked up
     * to the root each (a sixth of a million-object commit's plan).
     */
    static final class Placement {
        private EObject container;
        private Resource resource;
        private boolean stored;
        /** A stored containment feature of the container and whether it is set. */
        private EReference feature;
        private boolean storedIn;

        /** The object's resource, as {@link EObject#eResource()} gives it. */
        Resource resource(EObject o) {
            Resource direct = ((InternalEObject) o).eDirectResource();
            if (direct != null) {
                return direct;
            }
            EObject c = ((InternalEObject) o).eInternalContainer();
            if (c == null) {
                return o.eResource();
            }
            at(c);
            return resource;
        }

        /** {@link EmfRecords#isStored(EObject)}: stored in this container, and the container stored. */
        boolean stored(EObject o) {
            EObject c = o.eContainer();
            if (c == null) {
                return true;
            }
            at(c);
            if (!stored) {
                return false;
            }
            EReference f = o.eContainmentFeature();
            if (f == feature) {
                return storedIn;
            }
            boolean in = EmfRecords.isStoredIn(o, c);
            if (PersistentFeatures.isPersistent(f)) { // the same for every child it holds (a feature map's entries are not)
                feature = f;
                storedIn = in;
            }
            return in;
        }

        private void at(EObject c) {
            if (c != container) {
                container = c;
                resource = c.eResource();
                stored = EmfRecords.isStored(c);
                feature = null;
            }
        }
    }

    /** DELETED or DISCARDED: no longer one of the session's objects. */
    boolean gone(Entry e) {
        ObjectState s = baseState(e);
        return s == ObjectState.DELETED || s == ObjectState.DISCARDED;
    }

    ObjectId containerId(EObject object) {
        EObject container = object.eContainer();
        if (container == null) {
            return null;
        }
        Entry c = entryOf(container);
        return c == null ? null : c.id;
    }

    /** Persistent objects contained (at any depth) in a deleted one. */
    List<Entry> persistentContents(Entry e) {
        List<Entry> result = new ArrayList<>();
        for (TreeIterator<EObject> it = e.object.eAllContents(); it.hasNext();) {
            Entry child = entryOf(it.next());
            if (child != null && !child.isNew && !child.discarded) {
                result.add(child);
            }
        }
        return result;
    }

    /** Takes an object out of the session for good. */
    void discard(Entry e) {
        e.discarded = true;
        e.detach();
        state.byId.remove(e.id);
    }

    Map<ObjectState, List<EObject>> pending() {
        Map<ObjectState, List<EObject>> result = new EnumMap<>(ObjectState.class);
        Set<EObject> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Entry e : state.touched) {
            ObjectState s = state(e.object);
            if (s == ObjectState.CLEAN || s == ObjectState.DISCARDED) {
                continue;
            }
            if (seen.add(e.object)) {
                result.computeIfAbsent(s, k -> new ArrayList<>()).add(e.object);
            }
            if (s == ObjectState.DELETED) {
                for (Entry child : persistentContents(e)) {
                    if (seen.add(child.object)) {
                        result.computeIfAbsent(ObjectState.DELETED, k -> new ArrayList<>()).add(child.object);
                    }
                }
            }
        }
        return result;
    }

    boolean isDirty() {
        for (Entry e : state.touched) {
            ObjectState s = baseState(e);
            if (s == ObjectState.NEW || s == ObjectState.DIRTY || s == ObjectState.DELETED) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ edits through the session

    <T extends EObject> T add(T root) {
        Objects.requireNonNull(root, "root");
        Entry e = entryOf(root);
        if (e != null && !gone(e)) {
            throw new StrataException(Features.describe(root) + " is already in the session");
        }
        state.resource.getContents().add(root); // adopted through the roots notification
        return root;
    }

    void importRoots(Collection<? extends EObject> roots) {
        // The XMI ids go with the objects' old resource as they move into the session: read them first.
        Map<EObject, String> xmiIds = new IdentityHashMap<>();
        for (EObject root : roots) {
            if (root.eResource() instanceof XMLResource xml) {
                xmiIds.put(root, xml.getID(root));
                for (TreeIterator<EObject> it = root.eAllContents(); it.hasNext();) {
                    EObject o = it.next();
                    xmiIds.put(o, xml.getID(o));
                }
            }
        }
        boolean outer = importing;
        importing = true;
        try {
            for (EObject root : roots) {
                add(root);
            }
        } finally {
            importing = outer;
        }
        xmiIds.forEach((o, xmiId) -> {
            Entry e = entryOf(o);
            if (e != null && xmiId == null) {
                e.xmiId = ""; // none in its file: an export writes none, as EMF would
            } else if (e != null && !xmiId.equals(e.id.toString())) {
                e.xmiId = xmiId;
            }
        });
    }

    void delete(EObject object) {
        Entry e = entryOf(object);
        if (e == null || e.discarded) {
            throw new StrataException(Features.describe(object) + " is not managed by this session");
        }
        e.deleted = true;
        state.touched.add(e);
        // What is deleted is read first (its stored contents go with it, its container lets it go);
        // then references to it are removed from what the session has read, without reading more.
        object.eAllContents().forEachRemaining(o -> { });
        if (object.eContainer() != null) {
            object.eContainer().eGet(object.eContainmentFeature(), false);
        }
        state.onlyLoaded++;
        try {
            // Removes the object from its container and references to it (and its contents) from loaded objects.
            EcoreUtil.delete(object, true);
        } finally {
            state.onlyLoaded--;
        }
        state.events.announce();
    }

    // ------------------------------------------------------------------ notifications

    /** What recordChange needs to know of a feature: kept for the last one a notification named. */
    private static final int IGNORED = 0;
    private static final int SINGLE_ATTRIBUTE = 1;
    private static final int HOLDS_CHILDREN = 2;
    private static final int OTHER = 3;
    private Object lastFeature;
    private int lastKind;

    private static int kind(Object feature) {
        if (!(feature instanceof EStructuralFeature f) || !Features.isPersistent(f)) {
            return IGNORED;
        }
        if (Features.isContainment(f) || FeatureMapUtil.isFeatureMap(f)) {
            return HOLDS_CHILDREN;
        }
        return f instanceof EAttribute && !f.isMany() ? SINGLE_ATTRIBUTE : OTHER;
    }

    void recordChange(Entry e, Notification n) {
        if (state.suppress > 0 || state.closed || e.discarded) {
            return;
        }
        int type = n.getEventType();
        if (type == Notification.REMOVING_ADAPTER || type == Notification.RESOLVE) {
            return;
        }
        Object feature = n.getFeature();
        int kind = kindOf(feature);
        // A single attribute's set that EMF calls a touch may still change the value (0.0 to -0.0
        // compare equal as primitives): as for a set told without a notification (QuietSet), only
        // equal values are no change.
        if (kind == IGNORED || n.isTouch() && (kind != SINGLE_ATTRIBUTE || type != Notification.SET
                || Objects.equals(n.getOldValue(), n.getNewValue()))) {
            return;
        }
        EStructuralFeature f = (EStructuralFeature) feature;
        if (kind == HOLDS_CHILDREN) {
            lockFirst(e, f, n, null);
            containmentChanged(n);
        }
        // A single attribute's set says what it holds now, if the entry hears it before any adapter
        // could set it again and the attribute is not unsettable (null there unsets it, while the
        // notification says the default); anything else is read back.
        Object now = kind == SINGLE_ATTRIBUTE && type == Notification.SET && e.heardFirst && !f.isUnsettable()
                ? n.getNewValue()
                : FeatureValues.current(e.object, f);
        changed(e, f, kind, n, null, now);
    }

    /**
     * A single attribute (not unsettable) of an object without adapters was set, and the object
     * told its tracker directly instead of notifying (see StrataObject#eDynamicSet).
     */
    void recordAttributeSet(Entry e, EAttribute f, Object before, Object now) {
        if (state.suppress > 0 || state.closed || e.discarded || kindOf(f) == IGNORED) {
            return;
        }
        changed(e, f, SINGLE_ATTRIBUTE, null, before, now);
    }

    // Edits come in runs on one feature: its classification (about 15 calls into Ecore) is kept.
    private int kindOf(Object feature) {
        if (feature == lastFeature && feature != null) {
            return lastKind;
        }
        int kind = kind(feature);
        lastFeature = feature;
        lastKind = kind;
        return kind;
    }

    /**
     * Keeps the feature's persistent value on its first change, forgets it when the feature is
     * set back. The value before comes from the notification if there is one, else it is given.
     */
    private void changed(Entry e, EStructuralFeature f, int kind, Notification n, Object given, Object now) {
        if (kind != HOLDS_CHILDREN) {
            lockFirst(e, f, n, given);
        }
        if (!e.hasOriginal(f)) {
            Object before = n != null ? valueBefore(e.object, f, n) : given;
            if (!sameValue(f, before, now)) {
                e.keepOriginal(f, before);
                touch(e);
            }
        } else if (sameValue(f, e.original(f), now)) {
            e.forgetOriginal(f);
            untouchIfClean(e);
        } else {
            state.events.announce(); // a further change to an object already pending: views show the new value
        }
    }

    private void lockFirst(Entry e, EStructuralFeature f, Notification n, Object given) {
        if (state.autoLock && !e.isNew && !e.locked) {
            autoLock(e, f, n, given);
        }
    }

    /**
     * The session locks what it starts to change: a WRITE lock on the object's first change. If
     * another session holds one in the way, the change is undone and the caller gets the refusal.
     */
    private void autoLock(Entry e, EStructuralFeature f, Notification n, Object given) {
        try {
            state.repository.store().lock(state.id, state.author, List.of(e.id), LockMode.WRITE, state.lockLease);
        } catch (RuntimeException refused) {
            Object before = n != null ? valueBefore(e.object, f, n) : given;
            state.suppress++;
            try {
                FeatureValues.restore(e.object, f, before);
            } finally {
                state.suppress--;
            }
            throw refused;
        }
        e.locked = true;
        state.holdsLocks = true;
    }

    /** Marks an object changed; every change is announced (see announce), not only the first. */
    private void touch(Entry e) {
        state.touched.add(e);
        state.events.announce();
    }

    void untouchIfClean(Entry e) {
        if (!e.isNew && !e.deleted && !e.conflict && !e.hasOriginals()
                && Objects.equals(containerId(e.object), e.persistedContainer)
                && e.object.eResource() == state.resource) {
            state.touched.remove(e);
            state.events.announce();
        }
    }

    /** Objects put into or taken out of a containment feature: adopt new ones, re-check moved ones. */
    private void containmentChanged(Notification n) {
        switch (n.getEventType()) {
            case Notification.ADD, Notification.SET -> arrived(n.getNewValue());
            case Notification.ADD_MANY -> ((Collection<?>) n.getNewValue()).forEach(this::arrived);
            default -> { }
        }
        switch (n.getEventType()) {
            case Notification.REMOVE, Notification.SET, Notification.UNSET -> left(n.getOldValue());
            case Notification.REMOVE_MANY -> ((Collection<?>) n.getOldValue()).forEach(this::left);
            default -> { }
        }
    }

    /** The object a containment change concerns: a feature map's entry stands for its value if contained. */
    static Object contained(Object value) {
        if (value instanceof FeatureMap.Entry entry) {
            return Features.isContainment(entry.getEStructuralFeature()) ? entry.getValue() : null;
        }
        return value;
    }

    private void arrived(Object value) {
        if (!(contained(value) instanceof EObject o)) {
            return;
        }
        Entry e = entryOf(o);
        if (e == null || e.discarded) {
            adopt(o);
        } else {
            e.deleted = false;
            touch(e);
            untouchIfClean(e);
        }
    }

    private void left(Object value) {
        if (contained(value) instanceof EObject o) {
            Entry e = entryOf(o);
            if (e != null) {
                touch(e);
            }
        }
    }

    /** A new object (and everything it contains) enters the session. */
    private void adopt(EObject object) {
        adoptOne(object);
        for (TreeIterator<EObject> it = object.eAllContents(); it.hasNext();) {
            EObject child = it.next();
            Entry e = entryOf(child);
            if (e == null || e.discarded) {
                adoptOne(child);
            } else {
                e.deleted = false;
                touch(e);
            }
        }
    }

    /** Ids that objects about to be adopted take instead of new ones (objects a revert brings back). */
    private final Map<EObject, ObjectId> givenIds = new IdentityHashMap<>();
    private final Map<EObject, String> givenXmiIds = new IdentityHashMap<>();

    /**
     * The object, when it enters the session as a new object, keeps this id, and the xmi:id it was
     * imported with (null: none other than its id; empty: none in its file).
     */
    void adoptAs(EObject object, ObjectId id, String xmiId) {
        givenIds.put(object, id);
        if (xmiId != null) {
            givenXmiIds.put(object, xmiId);
        }
    }

    private void adoptOne(EObject object) {
        if (object.eIsProxy()) {
            throw new StrataException("Cannot add an unresolved proxy (" + ((InternalEObject) object).eProxyURI()
                    + ") as a new object");
        }
        ObjectId given = givenIds.remove(object);
        Entry e = new Entry(this, object, given != null ? given : NewIds.next(), 0, true, null);
        e.imported = importing;
        e.xmiId = givenXmiIds.remove(object);
        state.byId.put(e.id, e);
        e.attach();
        touch(e);
    }

    private void rootsChanged(Notification n) {
        if (state.suppress > 0 || n.isTouch() || state.closed) {
            return;
        }
        if (state.originalRoots == null) {
            state.originalRoots = listBefore(state.resource.getContents(), n);
        }
        containmentChanged(n);
    }

    // ------------------------------------------------------------------ values before and now

    /** Reconstructs the value a feature had before the change a notification reports. */
    private static Object valueBefore(EObject object, EStructuralFeature f, Notification n) {
        if (!f.isMany()) {
            if (f.isUnsettable() && !n.wasSet()) {
                return FeatureValues.UNSET;
            }
            return n.getOldValue();
        }
        if (object.eGet(f, false) instanceof PagedList<?> paged && paged.paged()) {
            PagedValue before = paged.before(n); // ids and appended objects stand for the children
            if (before != null) {
                return before;
            }
            paged.inflate(); // several removals told at once: read whole, then as any list
        }
        return listBefore(FeatureValues.basic(object, f), n);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> listBefore(List<T> now, Notification n) {
        List<Object> list = new ArrayList<>(now);
        int p = n.getPosition();
        switch (n.getEventType()) {
            case Notification.ADD -> list.remove(p);
            case Notification.ADD_MANY -> {
                int count = ((Collection<?>) n.getNewValue()).size();
                for (int i = 0; i < count; i++) {
                    list.remove(p);
                }
            }
            case Notification.REMOVE -> list.add(p, n.getOldValue());
            case Notification.REMOVE_MANY -> {
                List<Object> removed = new ArrayList<>((Collection<?>) n.getOldValue());
                if (n.getNewValue() instanceof int[] positions) {
                    for (int i = 0; i < positions.length; i++) {
                        list.add(positions[i], removed.get(i));
                    }
                } else {
                    list.addAll(p < 0 ? 0 : p, removed);
                }
            }
            case Notification.MOVE -> {
                int from = (Integer) n.getOldValue();
                Object moved = list.remove(p);
                list.add(from, moved);
            }
            case Notification.SET -> list.set(p, n.getOldValue());
            case Notification.UNSET -> {
                if (n.getOldValue() instanceof Collection<?> old) {
                    list = new ArrayList<>(old);
                }
            }
            default -> throw new IllegalStateException("Unexpected list notification " + n);
        }
        return (List<T>) list;
    }

    /** Equal values: attribute values by content, references by object id (a proxy equals its target). */
    boolean sameValue(EStructuralFeature f, Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == FeatureValues.UNSET || b == FeatureValues.UNSET || a == null || b == null) {
            return false;
        }
        if (f instanceof EAttribute) {
            return Values.deepEquals(a, b);
        }
        if (f.isMany()) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            if (x instanceof PagedValue px && y instanceof PagedValue py) {
                return px.sameAs(py);
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameObject(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return sameObject(a, b);
    }

    private boolean sameObject(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (!(a instanceof EObject x) || !(b instanceof EObject y)) {
            return false;
        }
        if (!x.eIsProxy() && !y.eIsProxy()) {
            return false;
        }
        return Objects.equals(refKey(x), refKey(y));
    }

    private Object refKey(EObject o) {
        if (o.eIsProxy()) {
            URI uri = ((InternalEObject) o).eProxyURI();
            ExternalRef ref = Materializer.parseProxy(uri);
            return ref != null ? ref : uri;
        }
        Entry e = entryOf(o);
        if (e != null) {
            return new ExternalRef(state.repository.store().name(), e.id);
        }
        if (o.eResource() instanceof StrataResource foreign && foreign.idOf(o) != null) {
            return new ExternalRef(foreign.getURI().authority(), foreign.idOf(o));
        }
        if (o.eResource() != null && !(o.eResource() instanceof StrataResource)) {
            return EcoreUtil.getURI(o);
        }
        return o;
    }
}
