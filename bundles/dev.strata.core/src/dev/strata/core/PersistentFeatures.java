package dev.strata.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.ExtendedMetaData;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

/**
 * Which features of an EClass Strata stores: the ones EMF's XMI serialization saves. That is every
 * feature that is not transient, volatile and derived ones included (Ecore's {@code eType},
 * {@code instanceClassName} are volatile and saved), except the container side of a containment
 * (it follows from the containing object and the record's container id) and attributes of a
 * data type that is not serializable. Stores that map records to EObjects or tables use
 * the same rule; {@link EmfRecords} says which values of these features a record holds.
 * A feature map is persistent like any attribute; its record value is its list of entries
 * ({@link FeatureMapEntry}). A feature that only delegates to a feature map (an element of mixed
 * or group content) is not, transient or not: its values are the map's entries.
 */
public final class PersistentFeatures {

    private static final Map<EClass, List<EStructuralFeature>> CACHE = new ConcurrentHashMap<>();
    private static final Map<EClass, List<EStructuralFeature>> LINKS = new ConcurrentHashMap<>();

    private PersistentFeatures() {
    }

    public static boolean isPersistent(EStructuralFeature f) {
        if (f.isTransient() || featureMapOf(f) != null) {
            return false; // a feature that keeps its values in a feature map is stored there, once
        }
        if (f instanceof EReference r) {
            return !r.isContainer();
        }
        return FeatureMapUtil.isFeatureMap(f) || serializable((EAttribute) f);
    }

    /**
     * The feature map a feature keeps its values in, by EMF's rule for its setting delegates: a
     * derived feature of a class with mixed content keeps them in the mixed feature, else a derived
     * feature with a group in that group. Null for a feature that keeps its own values.
     */
    static EStructuralFeature featureMapOf(EStructuralFeature f) {
        if (!f.isDerived() || EcoreUtil.getSettingDelegateFactory(f) != null) {
            return null; // a setting delegate of its own (OCL, a query) comes first in EMF too
        }
        EStructuralFeature mixed = ExtendedMetaData.INSTANCE.getMixedFeature(f.getEContainingClass());
        return mixed != null && mixed != f ? mixed : ExtendedMetaData.INSTANCE.getGroup(f);
    }

    private static boolean serializable(EAttribute a) {
        return a.getEAttributeType() == null || a.getEAttributeType().isSerializable();
    }

    /**
     * The persistent features of a class that can refer to other objects without containing them:
     * cross references and feature maps, in EMF's feature order (what a second loading pass sets).
     */
    public static List<EStructuralFeature> links(EClass eClass) {
        return LINKS.computeIfAbsent(eClass, c -> of(c).stream()
                .filter(f -> f instanceof EReference r ? !r.isContainment() : FeatureMapUtil.isFeatureMap(f))
                .toList());
    }

    /** The persistent features of a class, inherited ones included, in EMF's feature order. */
    public static List<EStructuralFeature> of(EClass eClass) {
        return CACHE.computeIfAbsent(eClass, c -> {
            List<EStructuralFeature> list = new ArrayList<>();
            for (EStructuralFeature f : c.getEAllStructuralFeatures()) {
                if (isPersistent(f)) {
                    list.add(f);
                }
            }
            return List.copyOf(list);
        });
    }
}
