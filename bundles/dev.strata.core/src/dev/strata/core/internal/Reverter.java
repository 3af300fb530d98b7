package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.ECollections;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;

import dev.strata.core.ChangeSet;
import dev.strata.core.EmfRecords;
import dev.strata.core.Labels;
import dev.strata.core.LoggedCommit;
import dev.strata.core.MergeConflict;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StrataException;
import dev.strata.core.Values;
import dev.strata.core.store.LockTable;

/**
 * Undoes logged commits as pending work of a session, to be committed like any other change:
 * features it changed get their earlier values (list edits of later commits kept, see
 * {@link ListMerge}), objects it created are deleted, objects it deleted come back with their ids.
 * What later commits changed again is left as it is and reported, so that nothing of theirs is
 * undone by accident.
 */
final class Reverter {

    private final SessionState state;
    private final ChangeTracker tracker;
    private final IdentityMap identity;
    private final Materializer materializer;
    private final ChangeSetPlanner planner;

    Reverter(SessionState state, ChangeTracker tracker, IdentityMap identity, Materializer materializer,
            ChangeSetPlanner planner) {
        this.state = state;
        this.planner = planner;
        this.tracker = tracker;
        this.identity = identity;
        this.materializer = materializer;
    }

    /**
     * Undoes the logged commits {@code first..last}, newest first, each against what the session
     * holds after undoing the newer ones: a value the range set twice goes back to its value before
     * the range, an object the range created and changed is deleted, one it changed and deleted
     * comes back as it was before the range.
     */
    List<MergeConflict> revert(long first, long last) {
        if (first > last) {
            throw new StrataException("A range of commits to revert goes from the older to the newer, not " + first
                    + ".." + last);
        }
        List<LoggedCommit> commits = logged(first, last);
        List<MergeConflict> left = new ArrayList<>();
        Map<ObjectId, EObject> back = new HashMap<>();
        // How many newer commits of the range changed an object: their changes are undone too.
        Map<ObjectId, Integer> changedInRange = new HashMap<>();
        for (int i = commits.size() - 1; i >= 0; i--) {
            ChangeSet cs = commits.get(i).changes();
            undo(cs, back, changedInRange, left);
            cs.changed().forEach(c -> changedInRange.merge(c.id(), 1, Integer::sum));
        }
        state.events.announceNow();
        return left;
    }

    private void undo(ChangeSet cs, Map<ObjectId, EObject> back, Map<ObjectId, Integer> changedInRange,
            List<MergeConflict> left) {
        Map<ObjectId, Record> stored = state.repository.store().loadAll(LockTable.touched(cs));
        // Objects the commit created and a later commit (after the range) changed stay, in their containers too.
        Set<ObjectId> kept = new HashSet<>();
        for (Record created : cs.created()) {
            Record now = stored.get(created.id());
            if (now != null && now.version() > 1 + changedInRange.getOrDefault(created.id(), 0)) {
                kept.add(created.id());
                EObject o = live(created.id(), back);
                left.add(new MergeConflict(created.id(), o == null ? Labels.of(now.type(), now.id(), now.values())
                        : Labels.of(o), "", MergeConflict.Kind.DELETED_MINE, null, null, null));
            }
        }
        // Deleted objects first: the lists of their containers below name them again.
        back.putAll(recreate(cs, stored, back));
        for (ChangeSet.Change c : cs.changed()) {
            EObject o = live(c.id(), back);
            if (o == null) {
                left.add(new MergeConflict(c.id(), Labels.of(c.type(), c.id(), c.newValues()), "",
                        MergeConflict.Kind.DELETED_THEIRS, null, null, null));
                continue;
            }
            for (Map.Entry<String, Object> v : c.newValues().entrySet()) {
                String n = v.getKey();
                EStructuralFeature f = o.eClass().getEStructuralFeature(n);
                Object after = v.getValue();
                Object before = c.oldValues().get(n);
                // The value as the session has it now: the store's, or what undoing newer commits made of it.
                Object theirs = f == null ? null : planner.recordValue(tracker.entryOf(o), f, false);
                Object target = Values.deepEquals(theirs, after) ? before : ListMerge.merge(after, theirs, before);
                if (f == null || (target == null && !Values.deepEquals(theirs, after))) {
                    left.add(new MergeConflict(c.id(), Labels.of(o), n, MergeConflict.Kind.CHANGED_BOTH, after, theirs,
                            before));
                    continue;
                }
                if (f instanceof EReference r && r.isContainment()) {
                    target = keepContained(target, theirs, kept);
                }
                if (!Values.deepEquals(target, theirs)) {
                    set(o, f, target, back);
                }
            }
        }
        for (Record created : cs.created()) {
            EObject o = live(created.id(), back);
            if (o != null && !kept.contains(created.id())) {
                tracker.delete(o); // unless already taken out with its container above
            }
        }
    }

    /** A containment value to set, with the kept children it holds now left where they are. */
    private static Object keepContained(Object target, Object theirs, Set<ObjectId> kept) {
        if (kept.isEmpty()) {
            return target;
        }
        if (!(theirs instanceof List<?> now)) {
            return kept.contains(theirs) ? theirs : target;
        }
        List<Object> result = new ArrayList<>(target instanceof List<?> l ? l : List.of());
        for (int i = 0; i < now.size(); i++) {
            Object child = now.get(i);
            if (kept.contains(child) && !result.contains(child)) {
                result.add(Math.min(i, result.size()), child);
            }
        }
        return result;
    }

    /** The session's object, loaded if needed, or brought back by this revert; null if it is not one of its objects. */
    private EObject live(ObjectId id, Map<ObjectId, EObject> back) {
        EObject o = back.containsKey(id) ? back.get(id) : identity.find(id);
        Entry e = o == null ? null : tracker.entryOf(o);
        return e == null || tracker.gone(e) ? null : o;
    }

    /** The range's commits, oldest first; every one of them must be in the store's log. */
    private List<LoggedCommit> logged(long first, long last) {
        ModelStore store = state.repository.store();
        List<LoggedCommit> found = new ArrayList<>();
        for (LoggedCommit c : store.log(first - 1, Math.toIntExact(Math.min(last - first + 1, Integer.MAX_VALUE)))) {
            if (c.sequence() >= first && c.sequence() <= last) {
                found.add(c);
            }
        }
        if (found.isEmpty() || found.get(0).sequence() != first) {
            throw new StrataException("Store '" + store.name() + "' has no commit " + first
                    + " in its log (it keeps the commits after " + store.logFloor() + ")");
        }
        if (found.get(found.size() - 1).sequence() != last) {
            throw new StrataException("Store '" + store.name() + "' has no commit " + last + " in its log (its newest is "
                    + found.get(found.size() - 1).sequence() + ")");
        }
        return found;
    }

    /** The deleted objects as new objects with their old ids, filled in; roots among them are added. */
    private Map<ObjectId, EObject> recreate(ChangeSet cs, Map<ObjectId, Record> now, Map<ObjectId, EObject> back) {
        Map<ObjectId, Record> records = new LinkedHashMap<>();
        for (ChangeSet.Deletion d : cs.deleted()) {
            if (!now.containsKey(d.id()) && !back.containsKey(d.id())) { // else it is there again: nothing to bring back
                records.put(d.id(), d.last());
            }
        }
        Map<ObjectId, EObject> made = new HashMap<>();
        for (Record r : records.values()) {
            made.put(r.id(), EcoreUtil.create(state.repository.eClass(r.type(), state.repository.store().name())));
        }
        for (Record r : records.values()) {
            EmfRecords.fillContents(made.get(r.id()), r, id -> made.get(id));
        }
        for (Record r : records.values()) {
            EmfRecords.fillReferences(made.get(r.id()), r, (ref, v) -> v instanceof ObjectId id && made.containsKey(id)
                    ? made.get(id) : v instanceof ObjectId id && back.containsKey(id) ? back.get(id)
                            : materializer.reference(ref, v));
        }
        made.forEach((id, o) -> tracker.adoptAs(o, id, records.get(id).xmiId())); // back with the xmi:id it had
        for (Record r : records.values()) {
            if (r.container() == null) {
                tracker.add(made.get(r.id()));
            }
        }
        return made;
    }

    /** Sets a feature to a record value through EMF, so that the session records it as a change. */
    @SuppressWarnings("unchecked")
    private void set(EObject o, EStructuralFeature f, Object value, Map<ObjectId, EObject> back) {
        if (f instanceof EReference r && r.isContainment()) {
            List<?> ids = value == null ? List.of() : r.isMany() ? (List<?>) value : List.of(value);
            List<EObject> children = new ArrayList<>();
            for (Object id : ids) {
                EObject child = back.containsKey(id) ? back.get(id) : identity.find((ObjectId) id);
                if (child != null) {
                    children.add(child);
                }
            }
            if (r.isMany()) {
                ECollections.setEList((EList<EObject>) o.eGet(r), children);
            } else {
                o.eSet(r, children.isEmpty() ? null : children.get(0));
            }
            return;
        }
        materializer.setValue(o, f, value);
    }
}
