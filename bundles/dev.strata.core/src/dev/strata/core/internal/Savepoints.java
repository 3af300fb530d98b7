package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.ECollections;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.core.Savepoint;
import dev.strata.core.StrataException;

/** Undoing pending work: all of it (rollback), or back to a savepoint. */
final class Savepoints {

    private final SessionState state;
    private final ChangeTracker tracker;

    Savepoints(SessionState state, ChangeTracker tracker) {
        this.state = state;
        this.tracker = tracker;
    }

    void rollback() {
        state.suppress++;
        try {
            for (Entry e : state.touched) {
                if (!e.isNew) {
                    e.forEachOriginal((f, v) -> FeatureValues.restore(e.object, f, v));
                }
            }
            if (state.originalRoots != null) {
                ECollections.setEList(state.resource.getContents(), state.originalRoots);
            }
            for (Entry e : new ArrayList<>(state.touched)) {
                forget(e);
            }
        } finally {
            state.suppress--;
        }
        state.settled();
    }

    /** Drops an entry's pending work once its values are restored: new objects are discarded. */
    private void forget(Entry e) {
        if (e.isNew) {
            tracker.discard(e);
        } else {
            e.forgetOriginals();
            e.deleted = false;
            e.conflict = false;
        }
    }

    Savepoint savepoint() {
        SavepointImpl sp = new SavepointImpl(state);
        state.liveSavepoints.add(sp);
        return sp;
    }

    void rollbackTo(Savepoint savepoint) {
        if (!(savepoint instanceof SavepointImpl sp) || sp.session() != state.session) {
            throw new StrataException("The savepoint belongs to another session");
        }
        if (sp.generationAtCreation != state.generation || !sp.valid) {
            throw new StrataException("The savepoint is no longer valid: the session committed, rolled back, or"
                    + " rolled back to an earlier savepoint since");
        }
        // Savepoints made after this one describe work that is now undone.
        int index = state.liveSavepoints.indexOf(sp);
        for (SavepointImpl later : state.liveSavepoints.subList(index + 1, state.liveSavepoints.size())) {
            later.valid = false;
        }
        state.liveSavepoints.subList(index + 1, state.liveSavepoints.size()).clear();
        state.suppress++;
        try {
            // Features changed since the savepoint may have returned to their stored value (and left
            // the originals): restore over both the entries touched now and those touched then.
            Set<Entry> involved = new LinkedHashSet<>(state.touched);
            involved.addAll(sp.touchedThen);
            for (Entry e : involved) {
                Map<EStructuralFeature, Object> then = sp.values.getOrDefault(e, Map.of());
                Map<EStructuralFeature, Object> targets = new HashMap<>();
                e.forEachOriginal(targets::put);
                targets.putAll(then);
                targets.forEach((f, v) -> FeatureValues.restore(e.object, f, v));
            }
            if (state.originalRoots != null) {
                ECollections.setEList(state.resource.getContents(),
                        sp.rootsThen != null ? sp.rootsThen : state.originalRoots);
            }
            for (Entry e : involved) {
                if (!sp.touchedThen.contains(e)) {
                    forget(e);
                } else {
                    Map<EStructuralFeature, Object> stored = sp.originalsThen.getOrDefault(e, Map.of());
                    e.forgetOriginals();
                    stored.forEach(e::keepOriginal);
                    e.deleted = sp.deletedFlags.getOrDefault(e, false);
                    if (!e.discarded) {
                        state.touched.add(e);
                    }
                }
            }
            state.touched.retainAll(sp.touchedThen);
            if (sp.rootsThen == null) {
                state.originalRoots = null;
            }
        } finally {
            state.suppress--;
        }
        state.events.announceNow();
    }
}
