package dev.strata.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.ExtendedMetaData;
import org.eclipse.emf.ecore.util.FeatureMap;
import org.eclipse.emf.ecore.util.FeatureMapUtil;
import org.eclipse.emf.ecore.util.InternalEList;

/**
 * The one place that decides how an EObject's persistent features become record values and come
 * back, following what EMF's XMI serialization saves ({@code XMLSaveImpl}) and how it restores it
 * ({@code XMLHandler}). The session and the stores that turn records into EObjects (XMI and JSON
 * snapshots, XMI import) go through here; the other stores and the wire format carry the records
 * it makes as they are.
 * <ul>
 * <li>A feature is saved when {@code eIsSet} says so. A feature that is not set is stored as
 * <em>unset</em>: {@code null} for a single value and for an unsettable list, an empty list for
 * any other many-valued feature. Plain (not unsettable) single-valued attributes are the
 * exception: they hold their default, so indexes and queries see the value the object shows. An
 * unsettable feature set to its default is stored as that value and comes back set; an unsettable
 * list set to empty is stored as an empty list (EMF's {@code feature=""}) and comes back set; an
 * unsettable single-valued feature set to null is stored as {@link Nil#VALUE} and comes back set;
 * so is a plain attribute whose default is not null set to null, where its type can hold null
 * (EMF keeps that as set: see {@link #keepsNil}).</li>
 * <li>Of two features EMF keeps in step, only the one {@code eIsSet} reports is stored
 * ({@code eType}/{@code eGenericType}, {@code eSuperTypes}/{@code eGenericSuperTypes}), and only it
 * is restored: the other follows, nothing is added twice.</li>
 * <li>Objects come back in two passes, as EMF resolves forward references at the end of a
 * document: attributes and containment first, then cross references. A cross-reference list that
 * EMF filled already (a superset such as UML's {@code memberEnd} when {@code ownedEnd} was set) is
 * put in stored order by moving what is there and adding what is missing, never by adding twice.</li>
 * <li>A feature map (mixed text, a group, a substitution group, a wildcard) is stored entry by
 * entry, each a {@link FeatureMapEntry} naming its feature; the features that only delegate to a
 * feature map are transient, as EMF has them, and are not stored a second time. Contained objects
 * of its entries are stored like any child.</li>
 * </ul>
 */
public final class EmfRecords {

    /** Per class, its feature maps that hold entries themselves ({@link #holdingMaps}). */
    private static final Map<EClass, List<EStructuralFeature>> HOLDING_MAPS = new java.util.concurrent.ConcurrentHashMap<>();

    private EmfRecords() {
    }

    /**
     * The record form of one persistent feature of an object.
     *
     * @param refs the record form of a referenced object ({@link ObjectId}, {@link ExternalRef} or
     *             {@link UriRef}), given the reference and the target
     */
    public static Object value(EObject o, EStructuralFeature f, BiFunction<EReference, EObject, Object> refs) {
        boolean set = o.eIsSet(f);
        if (FeatureMapUtil.isFeatureMap(f)) {
            return set ? featureMapValue(o.eClass(), basic(o, f), refs) : List.of();
        }
        if (f.isMany() && !set) {
            return f.isUnsettable() ? null : List.of();
        }
        if (f instanceof EAttribute a) {
            if (a.isMany()) {
                return attributeValue(a, basic(o, a));
            }
            if (!set) {
                return a.isUnsettable() ? null : Values.toRecord(a, a.getDefaultValue());
            }
            Object v = o.eGet(a);
            return v == null && keepsNil(a) ? Nil.VALUE : Values.toRecord(a, v);
        }
        EReference r = (EReference) f;
        if (!set) {
            return null;
        }
        if (r.isMany()) {
            List<?> targets = basic(o, r);
            List<Object> ids = new ArrayList<>(targets.size());
            for (Object t : targets) {
                ids.add(refs.apply(r, (EObject) t));
            }
            return ids;
        }
        Object t = o.eGet(r, false);
        return t == null ? (r.isUnsettable() ? Nil.VALUE : null) : refs.apply(r, (EObject) t);
    }

    /**
     * True if the feature, single-valued, can be set to null apart from being unset, so that its
     * record value {@link Nil#VALUE} is kept: an unsettable feature, or a plain attribute whose
     * default is not null while its type's own default is (EMF holds null there as set, beside
     * the default, as its setting delegates do; a primitive or an enum takes its default instead).
     *
     * @since 0.8
     */
    public static boolean keepsNil(EStructuralFeature f) {
        if (f.isMany()) {
            return false;
        }
        if (f.isUnsettable()) {
            return true;
        }
        return f instanceof EAttribute a && a.getDefaultValue() != null && a.getEType() != null
                && a.getEType().getDefaultValue() == null;
    }

    /**
     * The record form of a feature map's entries (a list of {@link FeatureMapEntry}), each value in
     * the record form of the entry's feature.
     *
     * @param owner   the class of the object holding the feature map
     * @param entries the map's {@code FeatureMap.Entry}s
     */
    public static List<Object> featureMapValue(EClass owner, List<?> entries,
            BiFunction<EReference, EObject, Object> refs) {
        List<Object> result = new ArrayList<>(entries.size());
        for (Object x : entries) {
            FeatureMap.Entry entry = (FeatureMap.Entry) x;
            EStructuralFeature ef = entry.getEStructuralFeature();
            Object v = entry.getValue();
            Object stored = ef instanceof EAttribute a ? Values.toRecord(a, v)
                    : v == null ? null : refs.apply((EReference) ef, (EObject) v);
            result.add(new FeatureMapEntry(FeatureMapEntry.key(owner, ef), stored));
        }
        return result;
    }

    /**
     * True if the object is saved with its root, as EMF saves it: every containment above it is
     * persistent and set. EMF makes children for features it keeps in step without saving them (the
     * {@code eGenericType} behind a plain {@code eType}); they get no record.
     */
    public static boolean isStored(EObject object) {
        for (EObject o = object, c = o.eContainer(); c != null; o = c, c = c.eContainer()) {
            if (!isStoredIn(o, c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One step of {@link #isStored}: true if the object's containment in its container (given) is
     * saved, whatever is above the container.
     *
     * @since 0.10
     */
    public static boolean isStoredIn(EObject object, EObject container) {
        EReference f = object.eContainmentFeature();
        return PersistentFeatures.isPersistent(f) ? container.eIsSet(f) : inStoredFeatureMap(container, object, f);
    }

    /**
     * True if a child held through {@code f}, a feature that is not stored itself, is an entry of a
     * persistent feature map of its container (an element of mixed, group or substitution group
     * content). A class with one feature map of its own (the usual case) holds every such child in
     * it, so the answer comes from the metadata; only a class with several is searched for the child,
     * a pass over each map (searching always made reading or committing a large map quadratic).
     */
    private static boolean inStoredFeatureMap(EObject container, EObject child, EStructuralFeature f) {
        if (container.eClass().getFeatureID(f) >= 0 && PersistentFeatures.featureMapOf(f) == null) {
            return false; // a transient feature of the container keeping its own values
        }
        List<EStructuralFeature> maps = HOLDING_MAPS.computeIfAbsent(container.eClass(), EmfRecords::holdingMaps);
        if (maps.size() == 1) {
            return PersistentFeatures.isPersistent(maps.get(0));
        }
        for (EStructuralFeature map : maps) {
            if (PersistentFeatures.isPersistent(map)) {
                for (Object x : basic(container, map)) {
                    if (((FeatureMap.Entry) x).getValue() == child) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The feature maps of a class that can hold children themselves: not views of another map, not
     * a wildcard for attributes (AnyType's {@code anyAttribute}).
     */
    private static List<EStructuralFeature> holdingMaps(EClass c) {
        return c.getEAllStructuralFeatures().stream()
                .filter(f -> FeatureMapUtil.isFeatureMap(f) && PersistentFeatures.featureMapOf(f) == null
                        && ExtendedMetaData.INSTANCE.getFeatureKind(f) != ExtendedMetaData.ATTRIBUTE_WILDCARD_FEATURE)
                .toList();
    }

    /** The record form of every persistent feature of an object, in EMF's feature order. */
    public static Map<String, Object> values(EObject o, BiFunction<EReference, EObject, Object> refs) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (EStructuralFeature f : PersistentFeatures.of(o.eClass())) {
            values.put(f.getName(), value(o, f, refs));
        }
        return values;
    }

    /** The record form of an attribute's EMF value (a list for a many-valued attribute). */
    public static Object attributeValue(EAttribute a, Object emfValue) {
        if (!a.isMany()) {
            return Values.toRecord(a, emfValue);
        }
        List<?> list = (List<?>) emfValue;
        List<Object> result = new ArrayList<>(list.size());
        for (Object v : list) {
            result.add(Values.toRecord(a, v));
        }
        return result;
    }

    /**
     * First pass of restoring an object: its attributes and its containment features, whose
     * children {@code child} makes from their ids. EMF's loader adds a child to its container
     * before filling it in; {@code child} may do either.
     */
    public static void fillContents(EObject o, Record r, Function<ObjectId, EObject> child) {
        List<EStructuralFeature> features = PersistentFeatures.of(o.eClass());
        Object[] inRecord = ((RecordValues) r.values()).of(features);
        for (int j = 0; j < inRecord.length; j++) {
            fillContent(o, features.get(j), inRecord[j], child);
        }
    }

    /**
     * The first pass for one feature: an attribute, a containment feature (children made by
     * {@code child}) or a feature map's attribute and containment entries; a cross reference is
     * left to {@link #fillReference}.
     *
     * @param v the feature's record value ({@code null}: unset)
     * @since 0.6
     */
    @SuppressWarnings("unchecked")
    public static void fillContent(EObject o, EStructuralFeature f, Object v, Function<ObjectId, EObject> child) {
        if (v == null) {
            return; // unset (or stored before the feature existed): EMF's default
        }
        if (FeatureMapUtil.isFeatureMap(f)) {
            fillFeatureMap(o, f, (List<?>) v, child, null);
            return;
        }
        if (f instanceof EReference ref && !ref.isContainment()) {
            return;
        }
        if (v == Nil.VALUE) {
            o.eSet(f, null); // set, to null: what EMF's loader does for xsi:nil
            return;
        }
        if (v instanceof List<?> l && l.isEmpty()) {
            if (f.isUnsettable()) {
                ((EList<?>) o.eGet(f, false)).clear(); // set, and empty: what EMF's loader does for feature=""
            }
            return;
        }
        if (f instanceof EAttribute a) {
            if (a.isMany()) {
                List<?> list = (List<?>) v;
                List<Object> values = new ArrayList<>(list.size());
                for (Object x : list) {
                    values.add(Values.fromRecord(a, x));
                }
                ((EList<Object>) o.eGet(a)).addAll(values);
            } else {
                Object value = Values.fromRecord(a, v);
                Object fallback = a.getDefaultValue();
                // Not saved by EMF either: a plain feature at its default is not set. (Most
                // defaults are null: then the value, not yet in any cache, is not touched.)
                if (a.isUnsettable() || (fallback == null ? value != null : !fallback.equals(value))) {
                    o.eSet(a, value);
                }
            }
        } else if (f.isMany()) {
            List<?> ids = (List<?>) v;
            List<EObject> children = new ArrayList<>(ids.size());
            for (Object id : ids) {
                EObject made = child.apply((ObjectId) id);
                if (made != null) {
                    children.add(made);
                }
            }
            ((InternalEList<EObject>) o.eGet(f, false)).addAllUnique(children);
        } else {
            o.eSet(f, child.apply((ObjectId) v));
        }
    }

    /**
     * Second pass: the cross references, once every object of the tree exists.
     *
     * @param target the object (or proxy) a stored reference value stands for
     */
    public static void fillReferences(EObject o, Record r, BiFunction<EReference, Object, EObject> target) {
        List<EStructuralFeature> features = PersistentFeatures.links(o.eClass());
        Object[] inRecord = ((RecordValues) r.values()).of(features);
        for (int j = 0; j < inRecord.length; j++) {
            fillReference(o, features.get(j), inRecord[j], target);
        }
    }

    /**
     * The second pass for one feature: a cross reference, or a feature map's cross-reference
     * entries; other features are left to {@link #fillContent}.
     *
     * @param v the feature's record value ({@code null}: unset)
     * @since 0.6
     */
    @SuppressWarnings("unchecked")
    public static void fillReference(EObject o, EStructuralFeature f, Object v,
            BiFunction<EReference, Object, EObject> target) {
        if (v == null) {
            return; // unset
        }
        if (FeatureMapUtil.isFeatureMap(f)) {
            fillFeatureMap(o, f, (List<?>) v, null, target);
            return;
        }
        if (!(f instanceof EReference ref) || ref.isContainment()) {
            return;
        }
        if (ref.isMany()) {
            List<?> stored = (List<?>) v;
            if (stored.isEmpty() && ref.isUnsettable()) {
                ((EList<?>) o.eGet(ref, false)).clear();
            } else if (!stored.isEmpty()) {
                List<EObject> targets = new ArrayList<>(stored.size());
                for (Object x : stored) {
                    targets.add(target.apply(ref, x));
                }
                setList((InternalEList<EObject>) o.eGet(ref, false), targets);
            }
        } else {
            o.eSet(ref, v == Nil.VALUE ? null : target.apply(ref, v));
        }
    }

    /**
     * One pass over a feature map's stored entries. The first pass ({@code child} given) adds the
     * attribute and containment entries in order; the second ({@code target} given) inserts the
     * cross references at their positions, once every object of the tree exists.
     */
    private static void fillFeatureMap(EObject o, EStructuralFeature f, List<?> entries,
            Function<ObjectId, EObject> child, BiFunction<EReference, Object, EObject> target) {
        FeatureMap.Internal map = (FeatureMap.Internal) o.eGet(f);
        // With only the session's tracker listening (it ignores a load), the map is filled without
        // notifications: EMF would find each new entry's place among those of its feature for one
        // (a pass over the map per entry). Another adapter (an EContentAdapter spreading over the
        // tree) hears every entry as EMF's loader would tell it.
        boolean quiet = o.eDeliver() && o.eAdapters().stream().allMatch(StrataObject.Tracker.class::isInstance);
        if (quiet) {
            o.eSetDeliver(false);
        }
        try {
            FeatureMapUtil.Validator validator = FeatureMapUtil.getValidator(o.eClass(), f);
            Map<EStructuralFeature, Set<Object>> added = new HashMap<>(); // per feature the map takes: its values
            for (int i = 0; i < entries.size(); i++) {
                if (!(entries.get(i) instanceof FeatureMapEntry entry)) {
                    throw new StrataException(o.eClass().getName() + "." + f.getName() + " is a feature map; entry " + i
                            + " is " + entries.get(i) + " instead of a feature and its value");
                }
                EStructuralFeature ef = FeatureMapEntry.feature(o.eClass(), entry.feature());
                boolean crossReference = ef instanceof EReference r && !r.isContainment();
                if (child != null && !crossReference) {
                    Object value = ef instanceof EAttribute a ? Values.fromRecord(a, entry.value())
                            : entry.value() == null ? null : child.apply((ObjectId) entry.value());
                    Set<Object> values = added.get(ef);
                    if (values == null && FeatureMapUtil.isMany(o, ef) && validator.isValid(ef)) {
                        values = new HashSet<>(map.list(ef));
                        added.put(ef, values);
                    }
                    if (values == null || !quiet) {
                        map.add(ef, value); // a single value replaces the feature's entry; EMF refuses a feature the map does not take
                    } else if (!ef.isUnique() || values.add(value)) {
                        map.addUnique(ef, value); // add's search for an equal entry, kept in the set
                    }
                } else if (target != null && crossReference) {
                    map.add(i, ef, entry.value() == null ? null : target.apply((EReference) ef, entry.value()));
                }
            }
        } finally {
            if (quiet) {
                o.eSetDeliver(true);
            }
        }
    }

    /**
     * Makes a list hold exactly these elements in this order, as EMF's loader does for a reference
     * another feature may have filled already: an element found at or after its position is moved
     * there, a missing one is added, nothing is added twice. Elements compare by identity.
     */
    public static <T> void setList(InternalEList<T> list, List<? extends T> values) {
        if (list.isEmpty()) {
            list.addAllUnique(values);
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            T v = values.get(i);
            int at = indexFrom(list.basicList(), v, i);
            if (at < 0) {
                list.addUnique(Math.min(i, list.size()), v);
            } else if (at != i) {
                list.move(i, at);
            }
        }
        while (list.size() > values.size()) {
            list.remove(list.size() - 1);
        }
    }

    /**
     * An EMF proxy for an object outside Strata, of the class the reference was saved with (EMF's
     * {@code xsi:type} on an {@code href}) or, if that class is unknown here, the reference's type.
     *
     * @param classes the EClass a type names; may throw if it is not known
     */
    public static EObject proxy(EReference r, UriRef ref, Function<TypeRef, EClass> classes) {
        EClass type = r.getEReferenceType();
        try {
            type = classes.apply(ref.type());
        } catch (RuntimeException e) {
            if (type.isAbstract() || type.isInterface()) {
                throw new StrataException("Cannot make a proxy for " + ref.uri() + " in " + r.getName() + ": its class "
                        + ref.type() + " is not known here and " + type.getName() + " is abstract", e);
            }
        }
        InternalEObject proxy = (InternalEObject) EcoreUtil.create(type);
        proxy.eSetProxyURI(URI.createURI(ref.uri()));
        return proxy;
    }

    private static int indexFrom(List<?> list, Object v, int from) {
        for (int j = from; j < list.size(); j++) {
            if (list.get(j) == v) {
                return j;
            }
        }
        return -1;
    }

    private static List<?> basic(EObject o, EStructuralFeature f) {
        Object list = o.eGet(f, false);
        return list instanceof InternalEList<?> il ? il.basicList() : (List<?>) list;
    }
}
