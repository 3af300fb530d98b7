package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.core.Savepoint;
import dev.strata.core.Session;

/** The pending work of a session at one moment, enough to return to it. */
final class SavepointImpl implements Savepoint {

    private final Session session;
    final int generationAtCreation;
    boolean valid = true;
    /** Per entry: the values then of the features that differed from the store then. */
    final Map<Entry, Map<EStructuralFeature, Object>> values = new HashMap<>();
    /** Per entry: the stored values of those features (the originals then). */
    final Map<Entry, Map<EStructuralFeature, Object>> originalsThen = new HashMap<>();
    final Map<Entry, Boolean> deletedFlags = new HashMap<>();
    final Set<Entry> touchedThen;
    /** The roots then, if they had changed; roots loaded later are added, as they were in the store. */
    final List<EObject> rootsThen;

    SavepointImpl(SessionState state) {
        session = state.session;
        generationAtCreation = state.generation;
        touchedThen = new LinkedHashSet<>(state.touched);
        rootsThen = state.originalRoots == null ? null : new ArrayList<>(state.resource.getContents());
        for (Entry e : state.touched) {
            Map<EStructuralFeature, Object> now = new HashMap<>();
            Map<EStructuralFeature, Object> stored = new HashMap<>();
            e.forEachOriginal((f, v) -> {
                now.put(f, FeatureValues.current(e.object, f));
                stored.put(f, v);
            });
            values.put(e, now);
            originalsThen.put(e, stored);
            deletedFlags.put(e, e.deleted);
        }
    }

    @Override
    public Session session() {
        return session;
    }
}
