package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.ECollections;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Record;

/**
 * Brings clean objects up to what their store has now: new values, children moved, added or
 * gone, objects deleted elsewhere taken out of the session. Objects with pending work are left
 * alone; their commit meets the conflict.
 */
final class Refresher {

    private final SessionState state;
    private final ChangeTracker tracker;
    private final Materializer materializer;

    Refresher(SessionState state, ChangeTracker tracker, Materializer materializer) {
        this.state = state;
        this.tracker = tracker;
        this.materializer = materializer;
    }

    /** Takes back a detached object that moved into a list the session has not read yet. */
    private java.util.function.Predicate<Entry> relink = e -> false;

    void relinkWith(java.util.function.Predicate<Entry> r) {
        this.relink = r;
    }

    List<EObject> refresh(Collection<ObjectId> ids) {
        List<EObject> updated = new ArrayList<>();
        List<ObjectId> wanted = new ArrayList<>();
        for (ObjectId id : ids) {
            Entry e = state.byId.get(id);
            if (e != null && !e.isNew && !e.discarded && tracker.baseState(e) == ObjectState.CLEAN && !e.conflict) {
                wanted.add(id);
            }
        }
        Map<ObjectId, Record> records = state.repository.store().loadAll(wanted);
        List<Entry> detached = new ArrayList<>();
        state.suppress++;
        try {
            for (Map.Entry<ObjectId, Record> r : records.entrySet()) {
                Entry e = state.byId.get(r.getKey());
                if (e == null || r.getValue().version() == e.version || wouldDropPendingWork(e, r.getValue())) {
                    continue;
                }
                apply(e, r.getValue(), Set.of(), detached);
                e.version = r.getValue().version();
                updated.add(e.object);
            }
            // Deleted elsewhere: out of the session, with everything they contain.
            for (ObjectId id : wanted) {
                Entry e = state.byId.get(id);
                if (!records.containsKey(id) && e != null) {
                    EcoreUtil.remove(e.object);
                    detached.add(e);
                }
            }
            discardDetached(detached, updated);
        } finally {
            state.suppress--;
        }
        if (!detached.isEmpty()) {
            state.events.announceNow();
        }
        return updated;
    }

    /**
     * Sets the object's persistent features, except those in {@code skip}, to the record's values
     * (the caller suppresses tracking); children no longer named go to {@code detached}.
     */
    void apply(Entry e, Record record, Set<EStructuralFeature> skip, List<Entry> detached) {
        // Features a lazy object has not read yet will be read from this record when touched.
        List<EStructuralFeature> unread = LazyLoading.refreshPending(e.object, record);
        for (EStructuralFeature f : Features.persistent(e.object.eClass())) {
            if (skip.contains(f) || unread.contains(f) || !record.values().containsKey(f.getName())) {
                continue;
            }
            Object value = record.values().get(f.getName());
            if (Features.isContainment(f)) {
                refreshContents(e, (EReference) f, value, detached);
            } else if (FeatureMapUtil.isFeatureMap(f)) {
                refreshFeatureMap(e, f, value, detached);
            } else {
                materializer.setValue(e.object, f, value);
            }
        }
    }

    /** Sets one non-containment feature to a record's value (the caller suppresses tracking). */
    void setStored(Entry e, EStructuralFeature f, Record record) {
        materializer.setValue(e.object, f, record.values().get(f.getName()));
    }

    /** Detached objects that no container of this session took back leave it, with their contents. */
    void discardDetached(List<Entry> detached, List<EObject> updated) {
        for (Entry e : detached) {
            // Moved into a container this session holds: still attached, and kept.
            if (e.discarded || e.object.eResource() == state.resource || relink.test(e)) {
                continue;
            }
            updated.add(e.object);
            List<EObject> contents = heldContents(e.object);
            tracker.discard(e);
            for (EObject o : contents) {
                Entry inner = tracker.entryOf(o);
                if (inner != null && !inner.isNew) {
                    tracker.discard(inner);
                }
            }
        }
    }

    /**
     * Everything an object contains, at any depth; from a list read a page at a time only the
     * children the session holds now (the others were never made, or were let go).
     */
    private List<EObject> heldContents(EObject object) {
        List<EObject> result = new ArrayList<>();
        java.util.ArrayDeque<EObject> todo = new java.util.ArrayDeque<>(List.of(object));
        List<Entry> all = null;
        while (!todo.isEmpty()) {
            EObject o = todo.pop();
            for (EStructuralFeature f : Features.persistent(o.eClass())) {
                if (!Features.isContainment(f) && !FeatureMapUtil.isFeatureMap(f)) {
                    continue;
                }
                Object v = o.eGet(f, false);
                List<?> children;
                if (v instanceof PagedList<?> paged && paged.paged()) {
                    all = all == null ? state.byId.values() : all;
                    List<EObject> held = new ArrayList<>();
                    for (Entry e : all) {
                        if (e.object.eContainer() == o && e.object.eContainmentFeature() == f) {
                            held.add(e.object);
                        }
                    }
                    children = held;
                } else if (FeatureMapUtil.isFeatureMap(f)) {
                    children = ((List<?>) v).stream().map(ChangeTracker::contained).filter(EObject.class::isInstance).toList();
                } else {
                    children = f.isMany() ? (List<?>) v : v == null ? List.of() : List.of(v);
                }
                for (Object c : children) {
                    result.add((EObject) c);
                    todo.push((EObject) c);
                }
            }
        }
        return result;
    }

    /**
     * True if the record takes away a child with pending changes: the object is then left as it is
     * (its own commit will meet the conflict) rather than dropping the user's work.
     */
    private boolean wouldDropPendingWork(Entry parent, Record record) {
        for (EStructuralFeature f : Features.persistent(parent.object.eClass())) {
            if (!Features.isContainment(f) || !record.values().containsKey(f.getName())
                    || LazyLoading.missing(parent.object, f)) {
                continue;
            }
            Object value = record.values().get(f.getName());
            List<?> ids = value == null ? List.of() : f.isMany() ? (List<?>) value : List.of(value);
            Object now = parent.object.eGet(f, false);
            // A list read a page at a time: only children with pending work can be dropped, and
            // the session's touched set holds them all.
            List<?> children = now instanceof PagedList<?> paged && paged.paged() ? pendingChildren(parent.object, f)
                    : f.isMany() ? (List<?>) now : now == null ? List.of() : List.of(now);
            for (Object child : children) {
                Entry ce = tracker.entryOf((EObject) child);
                if (ce != null && !ids.contains(ce.id) && (ce.hasOriginals() || ce.isNew || ce.deleted)) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<EObject> pendingChildren(EObject parent, EStructuralFeature f) {
        List<EObject> result = new ArrayList<>();
        for (Entry e : state.touched) {
            if (e.object.eContainer() == parent && e.object.eContainmentFeature() == f) {
                result.add(e.object);
            }
        }
        return result;
    }

    /**
     * A list read a page at a time takes the newer ids without reading a child; the children the
     * session made from it that the record no longer names go to {@code detached}. False if the
     * record names an object this session holds elsewhere (a move): then the list is set as any other.
     */
    private boolean refreshPaged(Entry parent, EReference r, PagedList<?> list, List<?> ids, List<Entry> detached) {
        PagedValue before = list.value();
        list.replaceIds(IdList.of(ids));
        List<Entry> known = state.byId.values();
        for (Entry e : known) {
            if ((e.object.eContainer() != parent.object || e.object.eContainmentFeature() != r) && e.object != parent.object
                    && list.positionOf(e.id) >= 0) {
                list.replace(before);
                return false; // named here, held elsewhere: a move the general path handles
            }
        }
        for (Entry e : known) {
            if (e.object.eContainer() == parent.object && e.object.eContainmentFeature() == r
                    && list.positionOf(e.id) < 0) {
                ((org.eclipse.emf.ecore.InternalEObject) e.object).eBasicSetContainer(null,
                        org.eclipse.emf.ecore.InternalEObject.EOPPOSITE_FEATURE_BASE, null);
                detached.add(e);
            }
        }
        return true;
    }

    /**
     * Makes a containment feature of a refreshed object hold the children its record names: known
     * objects are moved here, unknown ones are loaded with their contents, and children no longer
     * named are collected for the caller to drop unless another refreshed container took them.
     */
    @SuppressWarnings("unchecked")
    private void refreshContents(Entry parent, EReference r, Object value, List<Entry> detached) {
        List<?> ids = value == null || value == Nil.VALUE ? List.of() : r.isMany() ? (List<?>) value : List.of(value);
        if (r.isMany() && parent.object.eGet(r, false) instanceof PagedList<?> paged && paged.paged()
                && refreshPaged(parent, r, paged, ids, detached)) {
            return;
        }
        List<EObject> current = new ArrayList<>();
        if (r.isMany()) {
            current.addAll((List<EObject>) parent.object.eGet(r));
        } else if (parent.object.eGet(r) != null) {
            current.add((EObject) parent.object.eGet(r));
        }
        List<ObjectId> currentIds = current.stream().map(o -> {
            Entry ce = tracker.entryOf(o);
            return ce == null ? null : ce.id;
        }).toList();
        if (currentIds.equals(ids)) {
            return;
        }
        List<EObject> next = new ArrayList<>();
        for (Object v : ids) {
            EObject child = refreshedChild((ObjectId) v);
            if (child != null) {
                next.add(child);
            }
        }
        if (r.isMany()) {
            ECollections.setEList((EList<EObject>) parent.object.eGet(r), next);
        } else {
            parent.object.eSet(r, next.isEmpty() ? null : next.get(0));
        }
        settleChildren(parent, current, next, detached);
    }

    /** A child a refreshed record names: the session's object, or the child read with its contents (null if gone). */
    private EObject refreshedChild(ObjectId id) {
        Entry known = state.byId.get(id);
        return known != null ? known.object : materializer.tree(id); // one read of the child and its contents
    }

    /** After a refresh set a parent's children: the ones no longer there go to detached, the others are stored under it. */
    private void settleChildren(Entry parent, List<EObject> before, List<EObject> after, List<Entry> detached) {
        for (EObject old : before) {
            if (!after.contains(old) && tracker.entryOf(old) != null) {
                detached.add(tracker.entryOf(old));
            }
        }
        for (EObject child : after) {
            Entry ce = tracker.entryOf(child);
            if (ce != null) {
                ce.persistedContainer = parent.id;
            }
        }
    }

    /**
     * A feature map of a refreshed object set to its record's entries: contained objects known to
     * the session are moved in, unknown ones loaded with their contents, and the ones no longer
     * named collected for the caller to drop, as {@link #refreshContents} does.
     */
    private void refreshFeatureMap(Entry parent, EStructuralFeature f, Object value, List<Entry> detached) {
        List<EObject> before = new ArrayList<>();
        for (Object x : FeatureValues.basic(parent.object, f)) {
            if (ChangeTracker.contained(x) instanceof EObject child) {
                before.add(child);
            }
        }
        List<EObject> after = new ArrayList<>();
        materializer.setFeatureMap(parent.object, f, value, id -> {
            EObject child = refreshedChild(id);
            if (child != null) {
                after.add(child);
            }
            return child;
        });
        settleChildren(parent, before, after, detached);
    }
}
