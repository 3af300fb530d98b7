package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.BasicEList;
import org.eclipse.emf.common.util.BasicEMap;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.change.ChangeDescription;
import org.eclipse.emf.ecore.change.ChangeFactory;
import org.eclipse.emf.ecore.change.ChangePackage;
import org.eclipse.emf.ecore.change.FeatureChange;
import org.eclipse.emf.ecore.change.ResourceChange;
import org.eclipse.emf.ecore.change.util.ListDifferenceAnalyzer;

import dev.strata.core.ObjectState;

/** A session's pending work as an EMF {@link ChangeDescription}, which applied undoes it. */
final class ChangeDescriptions {

    private final SessionState state;
    private final ChangeTracker tracker;

    ChangeDescriptions(SessionState state, ChangeTracker tracker) {
        this.state = state;
        this.tracker = tracker;
    }

    ChangeDescription changeDescription() {
        ChangeFactory factory = ChangeFactory.eINSTANCE;
        ChangeDescription cd = factory.createChangeDescription();
        // Entries are collected and added in one go: putting a million keys one by one into the
        // description's EMap costs seconds.
        List<Map.Entry<EObject, EList<FeatureChange>>> objectChanges = new ArrayList<>();
        for (Entry e : state.touched) {
            ObjectState s = tracker.baseState(e);
            if (s == ObjectState.NEW) {
                cd.getObjectsToDetach().add(e.object);
                continue;
            }
            if (s == ObjectState.DELETED && e.object.eContainer() == null && e.object.eResource() == null) {
                cd.getObjectsToAttach().add(e.object);
            }
            if (!e.isNew && e.hasOriginals()) {
                EList<FeatureChange> changes = new BasicEList<>();
                e.forEachOriginal((f, v) -> changes.add(featureChange(e.object, f, v)));
                @SuppressWarnings("unchecked")
                Map.Entry<EObject, EList<FeatureChange>> entry = (Map.Entry<EObject, EList<FeatureChange>>) factory
                        .create(ChangePackage.Literals.EOBJECT_TO_CHANGES_MAP_ENTRY);
                entry.setValue(changes);
                ((BasicEMap.Entry<EObject, EList<FeatureChange>>) entry).setKey(e.object);
                objectChanges.add(entry);
            }
        }
        cd.getObjectChanges().addAll(objectChanges);
        if (state.originalRoots != null) {
            ResourceChange rc = factory.createResourceChange(state.resource, new BasicEList<Object>(state.originalRoots));
            cd.getResourceChanges().add(rc);
        }
        return cd;
    }

    /** EMF applies many-valued feature changes through list changes from the current to the old list. */
    private static FeatureChange featureChange(EObject object, EStructuralFeature f, Object original) {
        ChangeFactory factory = ChangeFactory.eINSTANCE;
        if (original == FeatureValues.UNSET) {
            return factory.createFeatureChange(f, null, false);
        }
        if (!f.isMany()) {
            return factory.createFeatureChange(f, original, true);
        }
        FeatureChange fc = factory.createFeatureChange();
        fc.setFeature(f);
        fc.getListChanges().addAll(new ListDifferenceAnalyzer().analyzeLists(
                new BasicEList<>(FeatureValues.basic(object, f)), new BasicEList<>((List<?>) original)));
        return fc;
    }
}
