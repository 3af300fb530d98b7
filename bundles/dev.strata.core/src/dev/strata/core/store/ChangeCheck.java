package dev.strata.core.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.ChangeSet;
import dev.strata.core.IndexDef;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.Values;
import dev.strata.core.internal.PlannedChangeSets;

/**
 * Checks a change set against the model before a store writes anything, whoever sent it: every
 * type is a concrete class of a known package and cannot change, every value fits its feature
 * (values that fit without loss, an int for a long or an ISO date string for a date, are converted),
 * and containment adds up: a contained object is listed by its container, a listed object names
 * that container, no object is listed twice, and nothing is left behind by a removal or deletion.
 * A refusal is an {@link InvalidChangeException} naming the place in the change set. What a
 * session's own plan read from EMF is not checked again ({@link #check}).
 * <p>
 * The classes come from {@link ModelClasses}, values are fitted by {@link ValueFit}, and the
 * containment is checked by {@link ContainmentCheck}.
 */
public final class ChangeCheck {

    /** What to do with a record of a package the check does not know. */
    public enum UnknownPackages { REFUSE, PASS }

    private final ModelClasses model;
    private final ValueFit fit;

    /**
     * @param plainText refuse strings a database's text type cannot hold exactly (NUL, a lone
     *                  surrogate) instead of letting the database change them
     */
    public ChangeCheck(String storeName, Collection<EPackage> known, UnknownPackages unknown, boolean plainText) {
        this.model = new ModelClasses(storeName, unknown);
        this.fit = new ValueFit(storeName, plainText);
        use(known);
    }

    /** Adds packages (and their subpackages) to the model the check knows; a newer one replaces its namesake. */
    public void use(Collection<EPackage> known) {
        model.use(known);
    }

    /**
     * Checks types and values only (no store state needed).
     *
     * @return the change set with values converted to their features' types
     */
    public ChangeSet values(ChangeSet cs) {
        return values(cs, HashMap.newHashMap(cs.created().size()), false);
    }

    /**
     * {@link #values(ChangeSet)}, filling {@code createdById} (if given) with the checked new records
     * by id. With {@code planned} a record of a class whose values EMF keeps typed is taken as it is
     * ({@link Classes#asRead}); the change set itself is given back if nothing was converted.
     */
    private ChangeSet values(ChangeSet cs, Map<ObjectId, Record> createdById, boolean planned) {
        List<Record> created = new ArrayList<>(cs.created().size());
        FieldPath createdField = FieldPath.of("created").cursor(); // refusals are thrown inside the loop
        Classes classes = new Classes();
        boolean converted = false;
        for (int i = 0; i < cs.created().size(); i++) {
            Record r = cs.created().get(i);
            Map<String, Object> fitted = planned && classes.asRead(r.type(), createdField.at(i)) ? r.values()
                    : values(classes, r.type(), r.values(), createdField.at(i));
            // A record whose values all fit as they are is kept: no copy of its values.
            converted |= fitted != r.values();
            created.add(fitted == r.values() ? r : new Record(r.id(), r.type(), r.version(), r.container(), fitted));
        }
        List<ChangeSet.Change> changed = new ArrayList<>();
        FieldPath changedField = FieldPath.of("changed");
        for (int i = 0; i < cs.changed().size(); i++) {
            ChangeSet.Change c = cs.changed().get(i);
            FieldPath f = changedField.index(i);
            if (c.expectedVersion() < 1) {
                throw new InvalidChangeException(f + ".expectedVersion", "a stored object has version 1 or more, not "
                        + c.expectedVersion());
            }
            Map<String, Object> fitted = planned && classes.asRead(c.type(), f) ? c.newValues()
                    : values(classes, c.type(), c.newValues(), f);
            converted |= fitted != c.newValues();
            changed.add(new ChangeSet.Change(c.id(), c.type(), c.expectedVersion(), c.container(), c.oldContainer(),
                    fitted, c.oldValues()));
        }
        for (int i = 0; i < cs.deleted().size(); i++) {
            model.eClass(cs.deleted().get(i).last().type(), "deleted[" + i + "].type");
        }
        if (createdById != null) {
            // The new records by id, for the containment check too: one table of a large commit's ids, not two.
            for (Record r : created) {
                if (createdById.put(r.id(), r) != null) {
                    throw namedTwice(cs, r.id());
                }
            }
            namedOnce(cs, createdById);
        }
        if (planned && !converted) {
            return cs;
        }
        return new ChangeSet(cs.commitId(), cs.session(), cs.message(), created, changed, cs.deleted(), cs.author());
    }

    /** Refuses a change set naming a changed or deleted object twice, or as new as well. */
    private static void namedOnce(ChangeSet cs, Map<ObjectId, Record> createdById) {
        Set<ObjectId> seen = new HashSet<>();
        for (ChangeSet.Change c : cs.changed()) {
            if (createdById.containsKey(c.id()) || !seen.add(c.id())) {
                throw namedTwice(cs, c.id());
            }
        }
        for (ChangeSet.Deletion d : cs.deleted()) {
            if (createdById.containsKey(d.id()) || !seen.add(d.id())) {
                throw namedTwice(cs, d.id());
            }
        }
    }

    /**
     * Checks types, values and containment against what the store holds. A change set a session is
     * handing over ({@link PlannedChangeSets}) whose classes are the store's own keeps its values as
     * read from EMF; its types, and the containment of the stored objects it changes or deletes, are
     * checked as any other's.
     *
     * @param current reads the store's current records of the ids asked for (missing ids absent)
     * @return the change set with values converted to their features' types
     */
    public ChangeSet check(ChangeSet cs, Function<Collection<ObjectId>, Map<ObjectId, Record>> current) {
        PlannedChangeSets.Planned planned = fit.plainText() ? null : PlannedChangeSets.of(cs);
        if (planned != null && readFromOwnClasses(cs, planned.classes())) {
            ChangeSet checked = planned(cs, planned.newChildrenOnly(), current);
            if (PlannedChangeSets.mode() == PlannedChangeSets.Mode.VERIFY) {
                verify(cs, current);
            }
            return checked;
        }
        return fully(cs, current);
    }

    private ChangeSet fully(ChangeSet cs, Function<Collection<ObjectId>, Map<ObjectId, Record>> current) {
        Map<ObjectId, Record> createdById = HashMap.newHashMap(cs.created().size());
        ChangeSet checked = values(cs, createdById, false);
        new ContainmentCheck(checked, createdById, current, model).check();
        return checked;
    }

    /**
     * True if every type of a session's change set resolves to the very class its plan read the
     * values from: those values are what EMF holds for this model's features, so they fit as they
     * are. A store that knows another version of a package (or none: refused here as by the full
     * check) has the change set checked in full.
     */
    private boolean readFromOwnClasses(ChangeSet cs, Map<TypeRef, EClass> read) {
        Classes classes = new Classes();
        FieldPath at = FieldPath.of("created").cursor();
        for (int i = 0; i < cs.created().size(); i++) {
            TypeRef t = cs.created().get(i).type();
            if (t != classes.lastType && !same(classes.eClass(t, at.at(i)), read.get(t))) {
                return false;
            }
        }
        for (int i = 0; i < cs.changed().size(); i++) {
            TypeRef t = cs.changed().get(i).type();
            if (!same(classes.eClass(t, FieldPath.of("changed").index(i)), read.get(t))) {
                return false;
            }
        }
        for (int i = 0; i < cs.deleted().size(); i++) {
            TypeRef t = cs.deleted().get(i).last().type();
            if (!same(classes.eClass(t, FieldPath.of("deleted").index(i)), read.get(t))) {
                return false;
            }
        }
        return true;
    }

    /** The store's class (null: a package it lets pass unknown) is the one the plan read. */
    private static boolean same(EClass stored, EClass read) {
        return stored != null && stored == read;
    }

    /**
     * A session's change set whose classes are the store's: the values of classes EMF keeps typed
     * are taken as they are ({@link Classes#asRead}). New objects' containment is EMF's own tree (each
     * listed once, each naming the container that lists it), so a change set of new objects that
     * contain only new objects ({@code newChildrenOnly}) is not looked at again; one that changes
     * or deletes stored objects has its containment checked against them, which the plan cannot know.
     */
    private ChangeSet planned(ChangeSet cs, boolean newChildrenOnly,
            Function<Collection<ObjectId>, Map<ObjectId, Record>> current) {
        boolean onlyNew = newChildrenOnly && cs.changed().isEmpty() && cs.deleted().isEmpty();
        Map<ObjectId, Record> createdById = onlyNew ? null : HashMap.newHashMap(cs.created().size());
        ChangeSet checked = values(cs, createdById, true);
        if (!onlyNew) {
            new ContainmentCheck(checked, createdById, current, model).check();
        }
        return checked;
    }

    /**
     * For the tests ({@code -Dstrata.check.planned=verify}): the full check must accept a trusted
     * change set and leave every value as it is; otherwise trusting it would have let in what the
     * store refuses.
     */
    private void verify(ChangeSet cs, Function<Collection<ObjectId>, Map<ObjectId, Record>> current) {
        ChangeSet full;
        try {
            full = fully(cs, current);
        } catch (InvalidChangeException e) {
            throw new IllegalStateException("A session's change set was trusted, but the full check refuses it: "
                    + e.getMessage(), e);
        }
        for (int i = 0; i < cs.created().size(); i++) {
            Record fitted = full.created().get(i);
            if (fitted != cs.created().get(i) && !fitted.values().equals(cs.created().get(i).values())) {
                throw new IllegalStateException("A session's change set was trusted, but the full check converts the"
                        + " values of created[" + i + "]: " + cs.created().get(i) + " -> " + full.created().get(i));
            }
        }
        for (int i = 0; i < cs.changed().size(); i++) {
            if (!full.changed().get(i).newValues().equals(cs.changed().get(i).newValues())) {
                throw new IllegalStateException("A session's change set was trusted, but the full check converts the"
                        + " values of changed[" + i + "]: " + cs.changed().get(i).newValues() + " -> "
                        + full.changed().get(i).newValues());
            }
        }
    }

    private static InvalidChangeException namedTwice(ChangeSet cs, ObjectId id) {
        return new InvalidChangeException("commit " + cs.commitId(), "names object " + id + " twice");
    }

    /**
     * The query with its values converted to the types of their features, as a commit's values
     * are, so that an index compares like with like.
     *
     * @throws InvalidChangeException naming the condition ({@code where[1].from}) or
     *                                {@code orderBy} that does not fit the model
     */
    public Query query(Query q) {
        EClass c = model.eClass(q.type(), "type");
        if (c == null) {
            return q;
        }
        Query checked = Query.on(q.type());
        for (int i = 0; i < q.conditions().size(); i++) {
            Query.Condition cond = q.conditions().get(i);
            String f = "where[" + i + "]";
            EStructuralFeature feature = queried(c, cond.feature(), f + ".feature");
            if (cond.op() == Query.Op.EQ) {
                checked = checked.eq(cond.feature(), bound(c, feature, cond.value(), f + ".eq"));
            } else {
                checked = checked.range(cond.feature(), bound(c, feature, cond.value(), f + ".from"),
                        bound(c, feature, cond.upper(), f + ".to"));
            }
        }
        if (q.orderBy().isPresent()) {
            queried(c, q.orderBy().get(), "orderBy");
            checked = checked.orderBy(q.orderBy().get(), q.descending());
        }
        return q.limit() >= 0 ? checked.limit(q.limit()) : checked;
    }

    /**
     * Checks that each index is on a stored single-valued feature of a concrete class the model has.
     *
     * @throws InvalidChangeException naming the index ({@code indexes[0].feature})
     */
    public void indexes(List<IndexDef> defs, String field) {
        for (int i = 0; i < defs.size(); i++) {
            String f = field + "[" + i + "]";
            EClass c = model.eClass(defs.get(i).type(), f + ".type");
            if (c != null) {
                queried(c, defs.get(i).feature(), f + ".feature");
            }
        }
    }

    /** A feature a query or an index can use: stored, single-valued, not binary. */
    private static EStructuralFeature queried(EClass c, String name, String field) {
        EStructuralFeature feature = c.getEStructuralFeature(name);
        if (feature == null || !PersistentFeatures.isPersistent(feature)) {
            throw new InvalidChangeException(field, c.getName() + " has no stored feature '" + name + "'");
        }
        if (feature.isMany() || FeatureMapUtil.isFeatureMap(feature)
                || feature.getEType().getInstanceClass() == byte[].class) {
            throw new InvalidChangeException(field, c.getName() + "." + name + " is many-valued or binary; indexes"
                    + " and queries use single values");
        }
        return feature;
    }

    private Object bound(EClass c, EStructuralFeature feature, Object v, String field) {
        if (v == null) {
            return null;
        }
        if (v == Nil.VALUE || v instanceof List<?>) {
            throw new InvalidChangeException(field, "expected one value of " + c.getName() + "." + feature.getName()
                    + ", got " + ValueFit.describe(v));
        }
        return fit.fitOne(c, feature, v, FieldPath.of(field));
    }

    // ------------------------------------------------------------------ values

    /**
     * The classes and stored features one check has looked up: a large commit names few classes, so
     * each is found (and its features sorted out) once, not once per record.
     */
    private final class Classes {
        private TypeRef lastType;
        private EClass lastClass;
        private final Map<TypeRef, EClass> classes = new java.util.HashMap<>();
        /** Per class, its stored features by name. */
        private final Map<EClass, Map<String, EStructuralFeature>> stored = new java.util.HashMap<>();
        private EClass lastStoredOf;
        private Map<String, EStructuralFeature> lastStored;

        EClass eClass(TypeRef type, FieldPath field) {
            if (type.equals(lastType)) {
                return lastClass;
            }
            EClass c = classes.get(type);
            if (c == null) {
                c = model.eClass(type, field.then(".type")); // refuses an unknown or abstract class
                if (c == null) {
                    return null; // a package the check lets pass: asked again, as before
                }
                classes.put(type, c);
            }
            lastType = type;
            lastClass = c;
            return c;
        }

        /** Per class, whether a session's values of it are taken as read (see {@link #asRead}). */
        private final Map<EClass, Boolean> asRead = new java.util.HashMap<>();
        private EClass lastAsReadOf;
        private boolean lastAsRead;

        /**
         * True if the values a session's plan reads from objects of the class fit as they are: a
         * generated class (its Java types hold what EMF lets in) whose stored attributes are all
         * single-valued, of a type the records keep natively or a generated enum. A dynamic object
         * holds whatever it was given, a many-valued attribute may hold null, a feature map entries
         * of any feature, and a type kept as its factory's text must read that text back: those
         * records are fitted as anyone's. References are ids whatever the plan read.
         */
        boolean asRead(TypeRef type, FieldPath field) {
            EClass c = eClass(type, field);
            if (c == null) {
                return false;
            }
            if (c != lastAsReadOf) {
                lastAsRead = asRead.computeIfAbsent(c, ChangeCheck::keepsTypedValues);
                lastAsReadOf = c;
            }
            return lastAsRead;
        }

        EStructuralFeature stored(EClass c, String name) {
            if (c != lastStoredOf) {
                lastStored = stored.computeIfAbsent(c, k -> {
                    Map<String, EStructuralFeature> byName = new java.util.HashMap<>();
                    for (EStructuralFeature f : k.getEAllStructuralFeatures()) {
                        if (PersistentFeatures.isPersistent(f) && k.getEStructuralFeature(f.getName()) == f) {
                            byName.put(f.getName(), f);
                        }
                    }
                    return byName;
                });
                lastStoredOf = c;
            }
            return lastStored.get(name);
        }
    }

    private static boolean keepsTypedValues(EClass c) {
        if (c.getInstanceClassName() == null) {
            return false;
        }
        for (EStructuralFeature f : PersistentFeatures.of(c)) {
            if (f instanceof EAttribute a && (a.isMany() || FeatureMapUtil.isFeatureMap(a)
                    || (a.getEAttributeType() instanceof EEnum e ? e.getInstanceClassName() == null
                            : !Values.isPortable(a.getEAttributeType())))) {
                return false;
            }
        }
        return true;
    }

    /** The values fitted to their features; the same map when every value fits as it is. */
    private Map<String, Object> values(Classes classes, TypeRef type, Map<String, Object> values, FieldPath field) {
        EClass c = classes.eClass(type, field);
        if (c == null) {
            return values;
        }
        Map<String, Object> result = null;
        FieldPath f = field.then(".values.").cursor(); // refusals are thrown inside the loop
        int n = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            f.at(e.getKey());
            Object v = e.getValue();
            Object fitted;
            if (e.getKey().equals(Record.XMI_ID)) {
                if (!(v instanceof String s)) { // empty: imported from a file that gave it none
                    throw f.refusal("expected the object's XMI id as a string, got "
                            + (v == null ? "null" : ValueFit.describe(v)));
                }
                fitted = fit.text(s, f);
            } else {
                EStructuralFeature feature = classes.stored(c, e.getKey());
                if (feature == null) {
                    throw f.refusal(c.getName() + " has no stored feature '" + e.getKey()
                            + "'");
                }
                fitted = fit.fit(c, feature, v, f);
            }
            if (result == null && fitted != v) {
                result = new LinkedHashMap<>();
                int copied = 0;
                for (Map.Entry<String, Object> before : values.entrySet()) {
                    if (copied++ == n) {
                        break;
                    }
                    result.put(before.getKey(), before.getValue());
                }
            }
            if (result != null) {
                result.put(e.getKey(), fitted);
            }
            n++;
        }
        return result == null ? values : result;
    }
}
