package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Resolution;
import dev.strata.core.StrataException;

/**
 * Settles one object a refused commit marked as conflicting: take the store's version, or keep
 * this session's values rebased onto it. Nothing else changes, so every object not resolved keeps
 * the conflict check (no lost update by accident).
 */
final class ConflictResolver {

    private final SessionState state;
    private final ChangeTracker tracker;
    private final Refresher refresher;

    ConflictResolver(SessionState state, ChangeTracker tracker, Refresher refresher) {
        this.state = state;
        this.tracker = tracker;
        this.refresher = refresher;
    }

    void resolve(EObject object, Resolution resolution) {
        Objects.requireNonNull(resolution, "resolution");
        Entry e = object == null ? null : tracker.entryOf(object);
        if (e == null || e.discarded) {
            throw new StrataException((object == null ? "null" : Features.describe(object))
                    + " is not managed by session " + state.id);
        }
        if (!e.conflict) {
            throw new StrataException(what(e) + " is not in conflict (it is " + tracker.state(object)
                    + "): only objects a refused commit marked CONFLICT are resolved");
        }
        if (resolution == Resolution.THEIRS) {
            takeTheirs(e);
        } else {
            keepMine(e);
        }
        state.events.announceNow();
    }

    private static String what(Entry e) {
        return Features.describe(e.object) + " (" + e.id + ")";
    }

    private void takeTheirs(Entry e) {
        if (e.deleted || e.object.eResource() != state.resource) {
            throw new StrataException(what(e) + " was deleted in this session; taking the stored version would"
                    + " need that deletion undone: roll back, or keep mine to delete it over the other change");
        }
        if (!Objects.equals(tracker.containerId(e.object), e.persistedContainer)) {
            throw new StrataException(what(e) + " was moved in this session; taking the stored version would need"
                    + " the move undone: roll back, or keep mine");
        }
        List<Entry> regained = new ArrayList<>();
        state.suppress++;
        try {
            e.forEachOriginal((f, v) -> FeatureValues.restore(e.object, f, v));
            e.forEachOriginal((f, v) -> {
                if (Features.isContainment(f) || FeatureMapUtil.isFeatureMap(f)) {
                    regained.addAll(children(e.object, f));
                }
            });
            e.forgetOriginals();
            e.conflict = false;
        } finally {
            state.suppress--;
        }
        // Children this session had removed from the object are back in it, so no longer deleted.
        for (Entry child : regained) {
            child.deleted = false;
            tracker.untouchIfClean(child);
        }
        tracker.untouchIfClean(e);
        // The container too: an object deleted elsewhere leaves it, and its children list follows.
        List<ObjectId> ids = new ArrayList<>();
        ids.add(e.id);
        if (e.persistedContainer != null) {
            ids.add(e.persistedContainer);
        }
        refresher.refresh(ids);
    }

    private List<Entry> children(EObject object, EStructuralFeature f) {
        List<Entry> result = new ArrayList<>();
        for (Object v : FeatureValues.basic(object, f)) {
            if (ChangeTracker.contained(v) instanceof EObject child && tracker.entryOf(child) != null) {
                result.add(tracker.entryOf(child));
            }
        }
        return result;
    }

    private void keepMine(Entry e) {
        Record stored = state.repository.store().loadAll(List.of(e.id)).get(e.id);
        if (stored == null) {
            throw new StrataException(what(e) + " was deleted elsewhere since it was read; keeping this session's"
                    + " version would re-create it, which resolving does not do: take theirs to let it go, or roll back");
        }
        List<Entry> detached = new ArrayList<>();
        List<EObject> gone = new ArrayList<>();
        state.suppress++;
        try {
            if (!e.deleted) {
                Set<EStructuralFeature> mine = e.changedFeatures();
                for (EStructuralFeature f : mine) {
                    // Children lists this session changed stay as they are here (its version wins).
                    if (Features.isContainment(f) || FeatureMapUtil.isFeatureMap(f)
                            || !stored.values().containsKey(f.getName())) {
                        continue;
                    }
                    // The stored value becomes the one this session's change is measured against.
                    Object kept = FeatureValues.current(e.object, f);
                    refresher.setStored(e, f, stored);
                    Object theirs = FeatureValues.current(e.object, f);
                    FeatureValues.restore(e.object, f, kept);
                    if (tracker.sameValue(f, theirs, kept)) {
                        e.forgetOriginal(f);
                    } else {
                        e.keepOriginal(f, theirs);
                    }
                }
                // What the other commit changed in features this session left alone is taken in.
                refresher.apply(e, stored, mine, detached);
                refresher.discardDetached(detached, gone);
            }
            e.version = stored.version();
            e.conflict = false;
        } finally {
            state.suppress--;
        }
        tracker.untouchIfClean(e);
    }
}
