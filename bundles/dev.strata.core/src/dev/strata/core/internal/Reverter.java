package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StrataException;
import dev.strata.core.Values;

/**
 * Undoes a logged commit as pending work of a session, to be committed like any other change:
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

    Reverter(SessionState state, ChangeTracker tracker, IdentityMap identity, Materializer materializer) {
        this.state = state;
        this.tracker = tracker;
        this.identity = identity;
        this.materializer = materializer;
    }

    List<MergeConflict> revert(long sequence) {
        LoggedCommit logged = logged(sequence);
        ChangeSet cs = logged.changes();
        Map<ObjectId, Record> now = state.repository.store().loadAll(touched(cs));
        List<MergeConflict> left = new ArrayList<>();
        // Deleted objects first: the lists of their containers below name them again.
        Map<ObjectId, EObject> back = recreate(cs, now, left);
        for (ChangeSet.Change c : cs.changed()) {
            Record current = now.get(c.id());
            EObject o = identity.find(c.id());
            if (current == null || o == null) {
                left.add(new MergeConflict(c.id(), Labels.of(c.type(), c.id(), c.newValues()), "",
                        MergeConflict.Kind.DELETED_THEIRS, null, null, null));
                continue;
            }
            for (Map.Entry<String, Object> v : c.newValues().entrySet()) {
                String n = v.getKey();
                Object after = v.getValue();
                Object before = c.oldValues().get(n);
                Object theirs = current.values().get(n);
                Object target = Values.deepEquals(theirs, after) ? before : ListMerge.merge(after, theirs, before);
                if (target == null) {
                    left.add(new MergeConflict(c.id(), Labels.of(o), n, MergeConflict.Kind.CHANGED_BOTH, after, theirs,
                            before));
                } else if (!Values.deepEquals(target, theirs)) {
                    set(o, o.eClass().getEStructuralFeature(n), target, back);
                }
            }
        }
        for (Record created : cs.created()) {
            EObject o = now.containsKey(created.id()) ? identity.find(created.id()) : null;
            if (o == null || back.containsKey(created.id()) || tracker.entryOf(o) == null
                    || tracker.gone(tracker.entryOf(o))) {
                continue; // deleted since, or already taken out with its container
            }
            if (now.get(created.id()).version() > 1) {
                left.add(new MergeConflict(created.id(), Labels.of(o), "", MergeConflict.Kind.DELETED_MINE, null, null,
                        null));
            } else {
                tracker.delete(o);
            }
        }
        state.events.announceNow();
        return left;
    }

    private LoggedCommit logged(long sequence) {
        for (LoggedCommit c : state.repository.store().log(sequence - 1, 1)) {
            if (c.sequence() == sequence) {
                return c;
            }
        }
        throw new StrataException("Store '" + state.repository.store().name() + "' has no commit " + sequence
                + " in its log (it keeps the commits after " + state.repository.store().logFloor() + ")");
    }

    private static List<ObjectId> touched(ChangeSet cs) {
        List<ObjectId> ids = new ArrayList<>();
        cs.created().forEach(r -> ids.add(r.id()));
        cs.changed().forEach(c -> ids.add(c.id()));
        cs.deleted().forEach(d -> ids.add(d.id()));
        return ids;
    }

    /** The deleted objects as new objects with their old ids, filled in; roots among them are added. */
    private Map<ObjectId, EObject> recreate(ChangeSet cs, Map<ObjectId, Record> now, List<MergeConflict> left) {
        Map<ObjectId, Record> records = new LinkedHashMap<>();
        for (ChangeSet.Deletion d : cs.deleted()) {
            if (!now.containsKey(d.id())) { // else it is there again: nothing to bring back
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
                    ? made.get(id) : materializer.reference(ref, v));
        }
        made.forEach((id, o) -> tracker.adoptAs(o, id));
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
