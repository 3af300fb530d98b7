package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.eclipse.emf.common.util.ECollections;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.core.ChangeSet;
import dev.strata.core.ConflictException;
import dev.strata.core.Labels;
import dev.strata.core.MergeConflict;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Record;
import dev.strata.core.Resolution;
import dev.strata.core.StrataException;
import dev.strata.core.TypeRef;
import dev.strata.core.Values;
import dev.strata.core.internal.ChangeSetPlanner.Plan;

/**
 * Rebases a refused commit's changes on what the store has now (the {@code merge} policy). Per
 * object and feature, base is the value this session read, mine its value now and theirs the
 * store's: a feature only one side changed, or both changed alike, takes the changed value; list
 * edits of both sides combine when {@link ListMerge} can; anything else is an open
 * {@link MergeConflict}, and its object keeps its old version so that no commit can write over the
 * other change before the user decides.
 */
final class Merger {

    private final SessionState state;
    private final ChangeTracker tracker;
    private final ChangeSetPlanner planner;
    private final Refresher refresher;
    private final ConflictResolver resolver;
    private final Materializer materializer;
    /** Open conflicts by object, in the order found. */
    private final Map<ObjectId, List<MergeConflict>> open = new LinkedHashMap<>();
    /** Decisions taken on open conflicts, by object and feature name. */
    private final Map<ObjectId, Map<String, Resolution>> decided = new HashMap<>();

    Merger(SessionState state, ChangeTracker tracker, ChangeSetPlanner planner, Refresher refresher,
            ConflictResolver resolver, Materializer materializer) {
        this.state = state;
        this.tracker = tracker;
        this.planner = planner;
        this.refresher = refresher;
        this.resolver = resolver;
        this.materializer = materializer;
    }

    List<MergeConflict> open() {
        return open.values().stream().flatMap(List::stream).toList();
    }

    /** Forgets one object's open conflicts (resolved as a whole). */
    void forget(ObjectId id) {
        open.remove(id);
        decided.remove(id);
    }

    /** Forgets every open conflict (after a commit or a rollback). */
    void clear() {
        open.clear();
        decided.clear();
    }

    /**
     * Merges the objects the store refused with their stored versions; what merged is rebased (its
     * version is the store's), the rest is marked CONFLICT.
     *
     * @return the conflicts left open, empty when the commit can simply be tried again
     */
    List<MergeConflict> merge(Plan plan, List<ConflictException.Conflict> conflicts) {
        Map<ObjectId, ChangeSet.Change> changes = new HashMap<>();
        plan.changes().changed().forEach(c -> changes.put(c.id(), c));
        Set<ObjectId> deletions = new LinkedHashSet<>();
        plan.changes().deleted().forEach(d -> deletions.add(d.id()));
        List<ObjectId> ids = conflicts.stream().map(ConflictException.Conflict::id).distinct().toList();
        Map<ObjectId, Record> stored = state.repository.store().loadAll(ids);
        Set<ObjectId> parents = new LinkedHashSet<>();
        for (ObjectId id : ids) {
            Entry e = state.byId.get(id);
            if (e == null || e.discarded) {
                continue;
            }
            List<MergeConflict> left = mergeOne(e, changes.get(id), deletions.contains(id), stored.get(id), parents);
            if (left.isEmpty()) {
                open.remove(id);
                decided.remove(id);
            } else {
                open.put(id, left);
                e.conflict = true;
                state.touched.add(e);
            }
        }
        // Objects the other side moved go where it put them in containers this session holds clean.
        follow(parents);
        state.events.announceNow();
        return open();
    }

    /** Records a decision; once an object's conflicts are all decided it is rebased. */
    void resolve(MergeConflict conflict, Resolution resolution) {
        Objects.requireNonNull(resolution, "resolution");
        Entry e = openEntry(conflict);
        if (MergeConflict.TYPE.equals(conflict.feature()) && resolution == Resolution.MINE) {
            throw new StrataException(conflict.label() + " is stored as " + conflict.theirs() + " now (a migration);"
                    + " this session's " + conflict.mine() + " cannot be written over it: take theirs, or roll back");
        }
        if (conflict.kind() != MergeConflict.Kind.CHANGED_BOTH || MergeConflict.TYPE.equals(conflict.feature())) {
            resolver.resolve(e.object, resolution);
            open.remove(e.id);
            decided.remove(e.id);
            return;
        }
        if (MergeConflict.CONTAINER.equals(conflict.feature()) && resolution == Resolution.THEIRS) {
            throw new StrataException(conflict.label() + " was moved here and elsewhere; taking the other container"
                    + " would need this session's move undone: keep mine, or roll back");
        }
        decided.computeIfAbsent(e.id, k -> new HashMap<>()).put(conflict.feature(), resolution);
        settle(e);
    }

    /** Decides a feature conflict with a value of the user's: the value is set, then kept as mine. */
    void resolve(MergeConflict conflict, Object value) {
        Entry e = openEntry(conflict);
        if (conflict.kind() != MergeConflict.Kind.CHANGED_BOTH || MergeConflict.CONTAINER.equals(conflict.feature())) {
            throw new StrataException(conflict + ": only a feature both sides changed can be given a value;"
                    + " take theirs or keep mine");
        }
        EStructuralFeature f = e.object.eClass().getEStructuralFeature(conflict.feature());
        try {
            e.object.eSet(f, value);
        } catch (ClassCastException | IllegalArgumentException | ArrayStoreException ex) {
            throw new StrataException("Cannot set " + conflict.feature() + " of " + conflict.label() + " to "
                    + value + ": " + ex.getMessage(), ex);
        }
        decided.computeIfAbsent(e.id, k -> new HashMap<>()).put(conflict.feature(), Resolution.MINE);
        settle(e);
    }

    private Entry openEntry(MergeConflict conflict) {
        Objects.requireNonNull(conflict, "conflict");
        List<MergeConflict> list = open.get(conflict.id());
        Entry e = state.byId.get(conflict.id());
        if (list == null || !list.contains(conflict) || e == null || e.discarded) {
            throw new StrataException("No open conflict " + conflict + " in session " + state.id
                    + (open.isEmpty() ? " (none is open)" : "; open: " + open()));
        }
        return e;
    }

    /** Merges the object again with the decisions taken, once none of its conflicts is left undecided. */
    private void settle(Entry e) {
        Map<String, Resolution> taken = decided.getOrDefault(e.id, Map.of());
        if (!open.get(e.id).stream().allMatch(c -> taken.containsKey(c.feature()))) {
            state.events.announceNow();
            return;
        }
        Plan plan = planner.plan("", UUID.randomUUID());
        ChangeSet.Change change = plan.changes().changed().stream().filter(c -> c.id().equals(e.id)).findFirst()
                .orElse(null);
        Record stored = state.repository.store().loadAll(List.of(e.id)).get(e.id);
        Set<ObjectId> parents = new LinkedHashSet<>();
        List<MergeConflict> left = mergeOne(e, change, false, stored, parents);
        if (left.isEmpty()) {
            open.remove(e.id);
            decided.remove(e.id);
        } else {
            open.put(e.id, left); // changed again meanwhile: what is new waits for a decision
        }
        follow(parents);
        state.events.announceNow();
    }

    private List<MergeConflict> mergeOne(Entry e, ChangeSet.Change change, boolean deletedHere, Record stored,
            Set<ObjectId> parents) {
        if (deletedHere && stored == null) {
            tracker.discard(e); // deleted on both sides
            return List.of();
        }
        Map<String, Object> targets = new HashMap<>();
        ThreeWay.Outcome outcome = ThreeWay.decide(e.id, Labels.of(e.object), change, deletedHere, stored,
                TypeRef.of(e.object.eClass()), decided.getOrDefault(e.id, Map.of()), targets);
        if (!outcome.open().isEmpty() || deletedHere || stored == null) {
            return outcome.open();
        }
        Map<String, Object> newValues = change == null ? Map.of() : change.newValues();
        ObjectId theirContainer = stored.container();
        boolean movedThere = change != null && !Objects.equals(theirContainer, change.oldContainer());
        rebase(e, stored, targets, change == null ? Map.of() : change.oldValues(), newValues, parents);
        if (movedThere) {
            e.persistedContainer = theirContainer;
            if (!change.containerChanged()) {
                // Moved only over there: the containers this session holds clean take the move in.
                parents.add(change.oldContainer());
                if (theirContainer != null) {
                    parents.add(theirContainer);
                }
            } else if (theirContainer != null && !theirContainer.equals(change.container())) {
                leaveTheirContainer(e, theirContainer);
            }
        }
        e.version = stored.version();
        e.conflict = false;
        tracker.untouchIfClean(e);
        return List.of();
    }

    /**
     * Makes the stored record the object's new base: features only the other side changed take its
     * values; the ones this session changed take their merged value and keep the stored one as
     * their original, so the next commit sends exactly the difference.
     */
    private void rebase(Entry e, Record stored, Map<String, Object> targets, Map<String, Object> baseValues,
            Map<String, Object> mineValues, Set<ObjectId> parents) {
        List<Entry> detached = new ArrayList<>();
        Set<EStructuralFeature> mine = e.changedFeatures();
        state.suppress++;
        try {
            refresher.apply(e, stored, mine, detached);
            for (EStructuralFeature f : mine) {
                String n = f.getName();
                if (!targets.containsKey(n)) {
                    continue;
                }
                Object target = targets.get(n);
                Object theirs = stored.values().get(n);
                boolean theirsIsBase = Values.deepEquals(theirs, baseValues.get(n));
                boolean keepMine = Values.deepEquals(target, mineValues.get(n));
                if (theirsIsBase && keepMine) {
                    continue; // only this session changed it: nothing to rebase
                }
                if (Features.isContainment(f)) {
                    setChildren(e, f, theirs, keepMine ? null : target, detached, parents);
                } else {
                    Object kept = FeatureValues.current(e.object, f);
                    refresher.setStored(e, f, stored);
                    e.keepOriginal(f, FeatureValues.current(e.object, f)); // theirs is the new base
                    if (keepMine) {
                        FeatureValues.restore(e.object, f, kept);
                    } else if (!Values.deepEquals(target, theirs)) {
                        materializer.setValue(e.object, f, target);
                    }
                }
                if (tracker.sameValue(f, e.original(f), FeatureValues.current(e.object, f))) {
                    e.forgetOriginal(f);
                }
            }
        } finally {
            state.suppress--;
        }
        pendingDetached.addAll(detached);
    }

    /** Children a rebase took out, dropped only after the containers they moved to took them in. */
    private final List<Entry> pendingDetached = new ArrayList<>();

    /** Refreshes the containers moves went to, then lets go of what no container holds. */
    private void follow(Set<ObjectId> parents) {
        refresher.refresh(parents);
        List<EObject> gone = new ArrayList<>();
        state.suppress++;
        try {
            refresher.discardDetached(pendingDetached, gone);
        } finally {
            state.suppress--;
            pendingDetached.clear();
        }
    }

    /**
     * This session's move wins over another one: the container the other commit moved the object
     * into gives it up in the next commit (a change of that container's list, as a move here makes).
     */
    @SuppressWarnings("unchecked")
    private void leaveTheirContainer(Entry e, ObjectId theirContainer) {
        Entry their = state.byId.get(theirContainer);
        if (their == null) {
            EObject loaded = materializer.tree(theirContainer);
            their = loaded == null ? null : tracker.entryOf(loaded);
        }
        if (their == null) {
            return; // gone there too: nothing lists the object any more
        }
        if (tracker.baseState(their) != ObjectState.CLEAN) {
            throw new StrataException(Labels.of(their.object) + ", where another commit moved "
                    + Labels.of(e.object) + ", has pending changes here too; keeping this session's move would need"
                    + " them merged first: commit or roll them back, then resolve again");
        }
        Record stored = state.repository.store().loadAll(List.of(theirContainer)).get(theirContainer);
        if (stored == null) {
            return;
        }
        EObject object = e.object;
        EObject mineContainer = object.eContainer();
        EStructuralFeature mineFeature = object.eContainingFeature();
        int at = mineFeature != null && mineFeature.isMany()
                ? ((List<?>) mineContainer.eGet(mineFeature)).indexOf(object) : -1;
        state.suppress++;
        try {
            List<Entry> none = new ArrayList<>();
            refresher.apply(their, stored, Set.of(), none); // takes the object in, as the store has it
            their.version = stored.version();
            EStructuralFeature f = object.eContainingFeature();
            their.keepOriginal(f, FeatureValues.current(their.object, f));
            if (mineContainer != null && at >= 0) {
                ((List<EObject>) mineContainer.eGet(mineFeature)).add(at, object);
            } else if (mineContainer != null) {
                mineContainer.eSet(mineFeature, object);
            }
        } finally {
            state.suppress--;
        }
        state.touched.add(their);
    }

    /** A containment feature set to the merged children; the stored ones become its original value. */
    @SuppressWarnings("unchecked")
    private void setChildren(Entry e, EStructuralFeature f, Object theirs, Object target, List<Entry> detached,
            Set<ObjectId> parents) {
        List<EObject> before = new ArrayList<>();
        for (Object x : FeatureValues.basic(e.object, f)) {
            before.add((EObject) x);
        }
        List<EObject> theirChildren = children(theirs);
        List<EObject> merged = target == null ? before : children(target);
        if (f.isMany()) {
            if (target != null) {
                ECollections.setEList((EList<EObject>) e.object.eGet(f), merged);
            }
            e.keepOriginal(f, new ArrayList<Object>(theirChildren));
        } else {
            if (target != null) {
                e.object.eSet(f, merged.isEmpty() ? null : merged.get(0));
            }
            e.keepOriginal(f, theirChildren.isEmpty() ? null : theirChildren.get(0));
        }
        for (EObject child : theirChildren) {
            Entry ce = tracker.entryOf(child);
            if (ce != null) {
                ce.persistedContainer = e.id;
            }
        }
        // Children the other side took away: moved ones follow into their container when this
        // session holds it, deleted ones (and moved ones it does not hold) leave the session.
        List<ObjectId> taken = new ArrayList<>();
        for (EObject old : before) {
            Entry ce = tracker.entryOf(old);
            if (ce != null && !merged.contains(old) && !theirChildren.contains(old)) {
                taken.add(ce.id);
                detached.add(ce);
            }
        }
        if (!taken.isEmpty()) {
            for (Record moved : state.repository.store().loadAll(taken).values()) {
                if (moved.container() != null && state.byId.containsKey(moved.container())) {
                    parents.add(moved.container());
                }
            }
        }
    }

    private List<EObject> children(Object ids) {
        List<?> list = ids == null || ids == dev.strata.core.Nil.VALUE ? List.of()
                : ids instanceof List<?> l ? l : List.of(ids);
        List<EObject> result = new ArrayList<>();
        for (Object id : list) {
            Entry known = state.byId.get((ObjectId) id);
            EObject child = known != null ? known.object : materializer.tree((ObjectId) id);
            if (child != null) {
                result.add(child);
            }
        }
        return result;
    }
}
