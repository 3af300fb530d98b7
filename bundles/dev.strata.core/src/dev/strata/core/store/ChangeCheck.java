package dev.strata.core.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.Packages;
import dev.strata.core.ChangeSet;
import dev.strata.core.ExternalRef;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.IndexDef;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StrataException;
import dev.strata.core.TypeRef;
import dev.strata.core.UriRef;
import dev.strata.core.Values;

/**
 * Checks a change set against the model before a store writes anything, whoever sent it: every
 * type is a concrete class of a known package and cannot change, every value fits its feature
 * (values that fit without loss, an int for a long or an ISO date string for a date, are converted),
 * and containment adds up: a contained object is listed by its container, a listed object names
 * that container, no object is listed twice, and nothing is left behind by a removal or deletion.
 * A refusal is an {@link InvalidChangeException} naming the place in the change set.
 */
public final class ChangeCheck {

    /** What to do with a record of a package the check does not know. */
    public enum UnknownPackages { REFUSE, PASS }

    private final String storeName;
    private final Map<String, EPackage> packages = new ConcurrentHashMap<>();
    private final UnknownPackages unknown;
    private final boolean plainText;

    /**
     * @param plainText refuse strings a database's text type cannot hold exactly (NUL, a lone
     *                  surrogate) instead of letting the database change them
     */
    public ChangeCheck(String storeName, Collection<EPackage> known, UnknownPackages unknown, boolean plainText) {
        this.storeName = storeName;
        this.unknown = unknown;
        this.plainText = plainText;
        use(known);
    }

    /** Adds packages (and their subpackages) to the model the check knows; a newer one replaces its namesake. */
    public void use(Collection<EPackage> known) {
        for (EPackage p : Packages.withSubpackages(known)) {
            packages.put(p.getNsURI(), p);
        }
    }

    /**
     * Checks types and values only (no store state needed).
     *
     * @return the change set with values converted to their features' types
     */
    public ChangeSet values(ChangeSet cs) {
        List<Record> created = new ArrayList<>();
        for (int i = 0; i < cs.created().size(); i++) {
            Record r = cs.created().get(i);
            String f = "created[" + i + "]";
            created.add(new Record(r.id(), r.type(), r.version(), r.container(), values(r.type(), r.values(), f)));
        }
        List<ChangeSet.Change> changed = new ArrayList<>();
        for (int i = 0; i < cs.changed().size(); i++) {
            ChangeSet.Change c = cs.changed().get(i);
            String f = "changed[" + i + "]";
            if (c.expectedVersion() < 1) {
                throw new InvalidChangeException(f + ".expectedVersion", "a stored object has version 1 or more, not "
                        + c.expectedVersion());
            }
            changed.add(new ChangeSet.Change(c.id(), c.type(), c.expectedVersion(), c.container(), c.oldContainer(),
                    values(c.type(), c.newValues(), f), c.oldValues()));
        }
        for (int i = 0; i < cs.deleted().size(); i++) {
            eClass(cs.deleted().get(i).last().type(), "deleted[" + i + "].type");
        }
        Set<ObjectId> seen = new HashSet<>();
        List<ObjectId> ids = new ArrayList<>();
        cs.created().forEach(r -> ids.add(r.id()));
        cs.changed().forEach(c -> ids.add(c.id()));
        cs.deleted().forEach(d -> ids.add(d.id()));
        for (ObjectId id : ids) {
            if (!seen.add(id)) {
                throw new InvalidChangeException("commit " + cs.commitId(), "names object " + id + " twice");
            }
        }
        return new ChangeSet(cs.commitId(), cs.session(), cs.message(), created, changed, cs.deleted());
    }

    /**
     * Checks types, values and containment against what the store holds.
     *
     * @param current reads the store's current records of the ids asked for (missing ids absent)
     * @return the change set with values converted to their features' types
     */
    public ChangeSet check(ChangeSet cs, Function<Collection<ObjectId>, Map<ObjectId, Record>> current) {
        ChangeSet checked = values(cs);
        new Containment(checked, current).check();
        return checked;
    }

    /**
     * The query with its values converted to the types of their features, as a commit's values
     * are, so that an index compares like with like.
     *
     * @throws InvalidChangeException naming the condition ({@code where[1].from}) or
     *                                {@code orderBy} that does not fit the model
     */
    public Query query(Query q) {
        EClass c = eClass(q.type(), "type");
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
            EClass c = eClass(defs.get(i).type(), f + ".type");
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
                    + ", got " + describe(v));
        }
        return fitOne(c, feature, v, field);
    }

    // ------------------------------------------------------------------ types and values

    /** The EClass of a type; null for a package the check does not know when those pass. */
    private EClass eClass(TypeRef type, String field) {
        EPackage p = packages.get(type.nsUri());
        if (p == null) {
            p = EPackage.Registry.INSTANCE.getEPackage(type.nsUri());
        }
        if (p == null) {
            if (unknown == UnknownPackages.PASS) {
                return null;
            }
            throw new InvalidChangeException(field, "store '" + storeName + "' does not know package " + type.nsUri()
                    + "; a repository on the store declares the packages its objects are made of");
        }
        if (!(p.getEClassifier(type.name()) instanceof EClass c)) {
            throw new InvalidChangeException(field, "package " + type.nsUri() + " has no class " + type.name());
        }
        if (c.isAbstract() || c.isInterface()) {
            throw new InvalidChangeException(field, type.name() + " is abstract; objects have a concrete class");
        }
        return c;
    }

    private Map<String, Object> values(TypeRef type, Map<String, Object> values, String field) {
        EClass c = eClass(type, field + ".type");
        if (c == null) {
            return values;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String f = field + ".values." + e.getKey();
            if (e.getKey().equals(Record.XMI_ID)) {
                if (!(e.getValue() instanceof String s) || s.isEmpty()) {
                    throw new InvalidChangeException(f, "expected the object's XMI id as a string, got "
                            + (e.getValue() == null ? "null" : describe(e.getValue())));
                }
                result.put(e.getKey(), text(s, f));
                continue;
            }
            EStructuralFeature feature = c.getEStructuralFeature(e.getKey());
            if (feature == null || !PersistentFeatures.isPersistent(feature)) {
                throw new InvalidChangeException(f, c.getName() + " has no stored feature '" + e.getKey() + "'");
            }
            result.put(e.getKey(), fit(c, feature, e.getValue(), f));
        }
        return result;
    }

    private Object fit(EClass owner, EStructuralFeature feature, Object v, String field) {
        if (v == null) {
            return null;
        }
        if (v == Nil.VALUE) {
            if (feature.isMany() || !feature.isUnsettable()) {
                throw new InvalidChangeException(field, "only an unsettable single-valued feature can be set to null"
                        + " (nil); leave the value out or use null");
            }
            return v;
        }
        if (feature.isMany()) {
            if (!(v instanceof List<?> list)) {
                throw new InvalidChangeException(field, "is many-valued: expected a list, got " + describe(v));
            }
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) {
                    throw new InvalidChangeException(field + "[" + i + "]", "a list element cannot be null");
                }
                out.add(fitOne(owner, feature, list.get(i), field + "[" + i + "]"));
            }
            return out;
        }
        if (v instanceof List<?>) {
            throw new InvalidChangeException(field, "is single-valued: expected one value, got a list");
        }
        return fitOne(owner, feature, v, field);
    }

    private Object fitOne(EClass owner, EStructuralFeature feature, Object v, String field) {
        if (FeatureMapUtil.isFeatureMap(feature)) {
            if (!(v instanceof FeatureMapEntry entry)) {
                throw new InvalidChangeException(field, "is a feature map entry: expected an entry naming its feature"
                        + " and value, got " + describe(v));
            }
            EStructuralFeature ef;
            try {
                ef = FeatureMapEntry.feature(owner, entry.feature());
            } catch (StrataException e) {
                throw new InvalidChangeException(field + ".$entry", e.getMessage());
            }
            if (FeatureMapUtil.isFeatureMap(ef) || !FeatureMapUtil.getValidator(owner, feature).isValid(ef)) {
                throw new InvalidChangeException(field + ".$entry", "'" + entry.feature() + "' cannot be an entry of "
                        + owner.getName() + "." + feature.getName());
            }
            return entry.value() == null ? entry
                    : new FeatureMapEntry(entry.feature(), fitOne(owner, ef, entry.value(), field + ".$value"));
        }
        if (feature instanceof EReference r) {
            if (v instanceof ObjectId || ((v instanceof ExternalRef || v instanceof UriRef) && !r.isContainment())) {
                return v;
            }
            throw new InvalidChangeException(field, "is a " + (r.isContainment() ? "containment " : "")
                    + "reference: expected an object id" + (r.isContainment() ? "" : ", a reference to another store"
                            + " or a URI") + ", got " + describe(v));
        }
        EDataType type = ((EAttribute) feature).getEAttributeType();
        if (type instanceof EEnum e) {
            if (v instanceof String s) {
                EEnumLiteral l = e.getEEnumLiteralByLiteral(s);
                if (l == null) {
                    l = e.getEEnumLiteral(s);
                }
                if (l != null) {
                    return l.getLiteral();
                }
            }
            throw new InvalidChangeException(field, "expected " + Values.describe(type) + ", got " + describe(v));
        }
        if (!Values.isPortable(type)) {
            // Stored as the text its EFactory writes; it must read back.
            if (v instanceof String s) {
                try {
                    EcoreUtil.createFromString(type, s);
                    return text(s, field);
                } catch (RuntimeException ex) {
                    throw new InvalidChangeException(field, "\"" + s + "\" is not a valid " + type.getName() + ": "
                            + ex.getMessage());
                }
            }
            throw new InvalidChangeException(field, "expected a " + type.getName() + " as a string, got "
                    + describe(v));
        }
        Class<?> c = type.getInstanceClass();
        if (c.isPrimitive()) {
            c = EcoreUtil.wrapperClassFor(c);
        }
        if (c.isInstance(v)) {
            return v instanceof String s ? text(s, field) : v;
        }
        Object converted = convert(c, v);
        if (converted == null) {
            throw new InvalidChangeException(field, "expected " + Values.describe(type) + ", got " + describe(v));
        }
        return converted;
    }

    /** The string, unless the store keeps text that cannot hold it exactly. */
    private String text(String s, String field) {
        if (plainText) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == 0) {
                    throw new InvalidChangeException(field, "the text holds a NUL character (at " + i + "), which"
                            + " store '" + storeName + "' cannot keep");
                }
                if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(ch)) {
                    throw new InvalidChangeException(field, "the text holds a lone UTF-16 surrogate (U+"
                            + Integer.toHexString(ch).toUpperCase() + " at " + i + "), which is not a character;"
                            + " store '" + storeName + "' cannot keep it");
                }
            }
        }
        return s;
    }

    /** The value as an instance of c when that loses nothing; null otherwise. */
    private static Object convert(Class<?> c, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            BigInteger b = v instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) v).longValue());
            if (c == Long.class && b.bitLength() < 64) {
                return b.longValue();
            }
            if (c == Integer.class && b.bitLength() < 32) {
                return b.intValue();
            }
            if (c == Short.class && b.bitLength() < 16) {
                return b.shortValue();
            }
            if (c == Byte.class && b.bitLength() < 8) {
                return b.byteValue();
            }
            if (c == BigInteger.class) {
                return b;
            }
            if (c == BigDecimal.class) {
                return new BigDecimal(b);
            }
            if (c == Double.class && b.bitLength() <= 53) {
                return b.doubleValue();
            }
            if (c == Float.class && b.bitLength() <= 24) {
                return b.floatValue();
            }
            return null;
        }
        if (v instanceof Double d) {
            if (c == Float.class && (double) d.floatValue() == d) {
                return d.floatValue();
            }
            return c == BigDecimal.class && Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (v instanceof Float f) {
            return c == Double.class ? (Object) f.doubleValue() : null;
        }
        if (v instanceof String s) {
            if (c == Character.class && s.length() == 1) {
                return s.charAt(0);
            }
            if (c == Date.class) {
                try {
                    return Date.from(Instant.parse(s));
                } catch (DateTimeParseException e) {
                    try {
                        return Date.from(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant());
                    } catch (DateTimeParseException e2) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** How a value looks, for messages: its kind and a short form of it. */
    private static String describe(Object v) {
        String kind = v instanceof String ? "a string" : v instanceof Integer ? "a whole number"
                : v instanceof Boolean ? "a boolean" : v instanceof Double ? "a number"
                        : v instanceof List<?> ? "a list" : v instanceof ObjectId ? "a reference"
                                : v instanceof ExternalRef ? "a reference to another store"
                                        : v instanceof UriRef ? "a URI reference" : "a " + v.getClass().getSimpleName();
        String text = String.valueOf(v instanceof byte[] ? "<bytes>" : v);
        return kind + " (" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + ")";
    }

    // ------------------------------------------------------------------ containment

    /** The containment of every object a change set touches, before and after it. */
    private final class Containment {

        private final ChangeSet cs;
        private final Function<Collection<ObjectId>, Map<ObjectId, Record>> reader;
        private final Map<ObjectId, Record> created = new HashMap<>();
        private final Map<ObjectId, ChangeSet.Change> changed = new HashMap<>();
        private final Set<ObjectId> deleted = new HashSet<>();
        private final Map<ObjectId, Record> stored = new HashMap<>();
        private final Map<ObjectId, Set<ObjectId>> after = new HashMap<>();

        Containment(ChangeSet cs, Function<Collection<ObjectId>, Map<ObjectId, Record>> reader) {
            this.cs = cs;
            this.reader = reader;
            cs.created().forEach(r -> created.put(r.id(), r));
            cs.changed().forEach(c -> changed.put(c.id(), c));
            cs.deleted().forEach(d -> deleted.add(d.id()));
        }

        void check() {
            // First what the change set names, then what its containment values add or take away.
            Set<ObjectId> first = new LinkedHashSet<>(changed.keySet());
            first.addAll(deleted);
            cs.created().forEach(r -> addIfStored(first, r.container()));
            cs.changed().forEach(c -> addIfStored(first, c.container()));
            read(first);
            Map<ObjectId, Set<ObjectId>> added = new HashMap<>();
            Map<ObjectId, Set<ObjectId>> removed = new HashMap<>();
            Set<ObjectId> second = new LinkedHashSet<>();
            for (Record r : cs.created()) {
                added.put(r.id(), children(r.type(), r.values()));
            }
            for (ChangeSet.Change c : cs.changed()) {
                Record before = stored.get(c.id());
                if (before == null) {
                    continue;
                }
                Set<ObjectId> was = children(c.type(), before.values(), c.newValues().keySet());
                Set<ObjectId> is = children(c.type(), c.newValues());
                Set<ObjectId> in = new LinkedHashSet<>(is);
                in.removeAll(was);
                Set<ObjectId> out = new LinkedHashSet<>(was);
                out.removeAll(is);
                added.put(c.id(), in);
                removed.put(c.id(), out);
                addIfStored(second, before.container());
            }
            for (ObjectId d : deleted) {
                Record before = stored.get(d);
                if (before != null) {
                    removed.put(d, children(before.type(), before.values()));
                }
            }
            added.values().forEach(ids -> ids.forEach(id -> addIfStored(second, id)));
            removed.values().forEach(ids -> ids.forEach(id -> addIfStored(second, id)));
            second.removeAll(stored.keySet());
            read(second);

            Map<ObjectId, String> listedBy = new HashMap<>();
            for (int i = 0; i < cs.created().size(); i++) {
                Record r = cs.created().get(i);
                listed(r.id(), added.get(r.id()), "created[" + i + "].values", listedBy);
                placed(r.id(), r.container(), "created[" + i + "].container");
            }
            for (int i = 0; i < cs.changed().size(); i++) {
                ChangeSet.Change c = cs.changed().get(i);
                Record before = stored.get(c.id());
                if (before == null) {
                    continue; // deleted meanwhile: the version check reports the conflict
                }
                String f = "changed[" + i + "]";
                if (!before.type().equals(c.type())) {
                    throw new InvalidChangeException(f + ".type", "object " + c.id() + " is a "
                            + before.type().name() + "; an object's class cannot change");
                }
                listed(c.id(), added.get(c.id()), f + ".values", listedBy);
                if (!Objects.equals(c.container(), before.container())) {
                    placed(c.id(), c.container(), f + ".container");
                    ObjectId old = before.container();
                    if (old != null && exists(old) && children(old).contains(c.id())) {
                        throw new InvalidChangeException(f + ".container", "object " + c.id() + " moves to "
                                + c.container() + " but " + old + " still lists it; take it out of the old"
                                + " container's list in the same commit");
                    }
                }
                for (ObjectId child : removed.get(c.id())) {
                    left(child, c.id(), f + ".values");
                }
            }
            for (int i = 0; i < cs.deleted().size(); i++) {
                ObjectId d = cs.deleted().get(i).id();
                for (ObjectId child : removed.getOrDefault(d, Set.of())) {
                    left(child, d, "deleted[" + i + "]");
                }
            }
        }

        private void addIfStored(Set<ObjectId> ids, ObjectId id) {
            if (id != null && !created.containsKey(id)) {
                ids.add(id);
            }
        }

        private void read(Set<ObjectId> ids) {
            if (!ids.isEmpty()) {
                stored.putAll(reader.apply(ids));
            }
        }

        /** True if the object is there after the change set. */
        private boolean exists(ObjectId id) {
            return created.containsKey(id) || !deleted.contains(id) && stored.containsKey(id);
        }

        /** The object's container after the change set (null for a root). */
        private ObjectId containerAfter(ObjectId id) {
            if (created.containsKey(id)) {
                return created.get(id).container();
            }
            ChangeSet.Change c = changed.get(id);
            if (c != null) {
                return c.container();
            }
            Record r = stored.get(id);
            return r == null ? null : r.container();
        }

        /** Every object newly listed by a containment value must exist, be listed once and name this container. */
        private void listed(ObjectId parent, Set<ObjectId> children, String field, Map<ObjectId, String> listedBy) {
            for (ObjectId child : children) {
                if (child.equals(parent)) {
                    throw new InvalidChangeException(field, "object " + parent + " cannot contain itself");
                }
                if (!exists(child)) {
                    throw new InvalidChangeException(field, "lists object " + child + " as contained, but the store"
                            + " does not have it and the commit does not create it");
                }
                String other = listedBy.put(child, field);
                if (other != null) {
                    throw new InvalidChangeException(field, "lists object " + child + ", which " + other
                            + " lists too; an object has one container");
                }
                if (!parent.equals(containerAfter(child))) {
                    throw new InvalidChangeException(field, "lists object " + child + " as contained, but that"
                            + " object's container is " + containerAfter(child) + (created.containsKey(child)
                                    || changed.containsKey(child) ? "" : " (moving it needs a change of its container"
                                            + " in the same commit)"));
                }
            }
        }

        /** An object placed in a container must be listed by one of its containment features. */
        private void placed(ObjectId child, ObjectId parent, String field) {
            if (parent == null) {
                return;
            }
            if (!exists(parent)) {
                throw new InvalidChangeException(field, "container " + parent + " is not in the store and not created"
                        + " by the commit");
            }
            if (!children(parent).contains(child)) {
                throw new InvalidChangeException(field, "object " + child + " names " + parent + " as its container,"
                        + " but no containment feature of " + parent + " lists it; add it to the container's list in"
                        + " the same commit");
            }
        }

        /** A child a change or deletion takes from its container must be deleted or placed elsewhere. */
        private void left(ObjectId child, ObjectId parent, String field) {
            if (deleted.contains(child) || !exists(child)) {
                return;
            }
            if (parent.equals(containerAfter(child)) && (deleted.contains(parent) || !children(parent).contains(child))) {
                throw new InvalidChangeException(field, "takes object " + child + " out of " + parent
                        + " without deleting it or moving it to another container; it would be lost");
            }
        }

        private Set<ObjectId> children(ObjectId parent) {
            return after.computeIfAbsent(parent, this::childrenAfter);
        }

        private Set<ObjectId> childrenAfter(ObjectId parent) {
            Record p = created.get(parent);
            if (p != null) {
                return children(p.type(), p.values());
            }
            Record before = stored.get(parent);
            if (before == null) {
                return Set.of();
            }
            Map<String, Object> values = new HashMap<>(before.values());
            ChangeSet.Change c = changed.get(parent);
            if (c != null) {
                values.putAll(c.newValues());
            }
            return children(before.type(), values);
        }

        private Set<ObjectId> children(TypeRef type, Map<String, Object> values) {
            return children(type, values, values.keySet());
        }

        /** The ids the given containment features (and containment entries of feature maps) hold. */
        private Set<ObjectId> children(TypeRef type, Map<String, Object> values, Collection<String> features) {
            EClass c = eClass(type, "type");
            Set<ObjectId> ids = new LinkedHashSet<>();
            if (c == null) {
                return ids;
            }
            for (String name : features) {
                EStructuralFeature f = c.getEStructuralFeature(name);
                Object v = values.get(name);
                if (f == null || v == null) {
                    continue;
                }
                for (Object o : v instanceof List<?> l ? l : List.of(v)) {
                    if (o instanceof FeatureMapEntry e && e.value() instanceof ObjectId id
                            && FeatureMapEntry.feature(c, e.feature()) instanceof EReference r && r.isContainment()) {
                        ids.add(id);
                    } else if (o instanceof ObjectId id && f instanceof EReference r && r.isContainment()) {
                        ids.add(id);
                    }
                }
            }
            return ids;
        }
    }
}
