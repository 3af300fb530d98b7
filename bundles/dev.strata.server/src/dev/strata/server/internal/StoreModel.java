package dev.strata.server.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.ChangeSet;
import dev.strata.core.ExternalRef;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.UriRef;
import dev.strata.core.IndexDef;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StrataException;
import dev.strata.core.TypeRef;
import dev.strata.core.Values;
import dev.strata.store.rest.wire.Wire;
import dev.strata.store.rest.wire.WireException;

/**
 * What the server knows about the model of one store: the EPackages of the repositories on it.
 * With them it resolves short type names ({@code Task}) and checks that written values fit their
 * features, turning values that fit without loss (an int for a long feature, an ISO date string for
 * a date) into the feature's type. Records of packages it does not know pass unchecked.
 */
final class StoreModel {

    private final List<EPackage> packages;
    private final Map<String, EPackage> byNsUri = new LinkedHashMap<>();
    private final Supplier<Collection<IndexDef>> indexes;

    StoreModel(List<EPackage> packages, Supplier<Collection<IndexDef>> indexes) {
        this.packages = List.copyOf(packages);
        this.indexes = indexes;
        List<EPackage> all = new ArrayList<>(packages);
        for (int i = 0; i < all.size(); i++) {
            byNsUri.putIfAbsent(all.get(i).getNsURI(), all.get(i));
            all.addAll(all.get(i).getESubpackages());
        }
    }

    List<EPackage> packages() {
        return packages;
    }

    /** Short class names: from the model, else from the types of the store's declared indexes. */
    Wire.TypeResolver resolver() {
        return name -> {
            TypeRef found = null;
            for (EPackage p : byNsUri.values()) {
                EClassifier c = p.getEClassifier(name);
                if (c instanceof EClass) {
                    if (found != null) {
                        return null; // ambiguous: the full name is needed
                    }
                    found = new TypeRef(p.getNsURI(), name);
                }
            }
            if (found == null) {
                for (IndexDef i : indexes.get()) {
                    if (i.type().name().equals(name)) {
                        if (found != null && !found.equals(i.type())) {
                            return null;
                        }
                        found = i.type();
                    }
                }
            }
            return found;
        };
    }

    /**
     * The change set with every created record and changed value checked against the model.
     *
     * @throws WireException naming the first field whose value does not fit
     */
    ChangeSet check(ChangeSet cs) {
        if (byNsUri.isEmpty()) {
            return cs;
        }
        List<Record> created = new ArrayList<>();
        for (int i = 0; i < cs.created().size(); i++) {
            Record r = cs.created().get(i);
            String f = "created[" + i + "]";
            created.add(new Record(r.id(), r.type(), r.version(), r.container(),
                    check(r.type(), r.values(), f)));
        }
        List<ChangeSet.Change> changed = new ArrayList<>();
        for (int i = 0; i < cs.changed().size(); i++) {
            ChangeSet.Change c = cs.changed().get(i);
            String f = "changed[" + i + "]";
            changed.add(new ChangeSet.Change(c.id(), c.type(), c.expectedVersion(), c.container(), c.oldContainer(),
                    check(c.type(), c.newValues(), f), c.oldValues()));
        }
        for (int i = 0; i < cs.deleted().size(); i++) {
            eClass(cs.deleted().get(i).last().type(), "deleted[" + i + "].type");
        }
        return new ChangeSet(cs.commitId(), cs.session(), cs.message(), created, changed, cs.deleted());
    }

    /** The EClass of a type of a known package; null for a package the model does not have. */
    private EClass eClass(TypeRef type, String field) {
        EPackage p = byNsUri.get(type.nsUri());
        if (p == null) {
            return null;
        }
        if (!(p.getEClassifier(type.name()) instanceof EClass c)) {
            throw new WireException(field, "package " + type.nsUri() + " has no class " + type.name());
        }
        if (c.isAbstract() || c.isInterface()) {
            throw new WireException(field, type.name() + " is abstract; objects have a concrete class");
        }
        return c;
    }

    private Map<String, Object> check(TypeRef type, Map<String, Object> values, String field) {
        EClass c = eClass(type, field + ".type");
        if (c == null) {
            return values;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String f = field + ".values." + e.getKey();
            if (e.getKey().equals(Record.XMI_ID)) {
                if (!(e.getValue() instanceof String s) || s.isEmpty()) {
                    throw new WireException(f, "expected the object's XMI id as a string, got "
                            + (e.getValue() == null ? "null" : describe(e.getValue())));
                }
                result.put(e.getKey(), s);
                continue;
            }
            EStructuralFeature feature = c.getEStructuralFeature(e.getKey());
            if (feature == null || feature.isTransient() || feature.isDerived()) {
                throw new WireException(f, c.getName() + " has no stored feature '" + e.getKey() + "'");
            }
            result.put(e.getKey(), fit(c, feature, e.getValue(), f));
        }
        return result;
    }

    private static Object fit(EClass owner, EStructuralFeature feature, Object v, String field) {
        if (v == null) {
            return null;
        }
        if (v == Nil.VALUE) {
            if (feature.isMany() || !feature.isUnsettable()) {
                throw new WireException(field, "only an unsettable single-valued feature can be set to null"
                        + " ({\"$nil\": true}); use null");
            }
            return v;
        }
        if (feature.isMany()) {
            if (!(v instanceof List<?> list)) {
                throw new WireException(field, "is many-valued: expected a list, got " + describe(v));
            }
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) {
                    throw new WireException(field + "[" + i + "]", "a list element cannot be null");
                }
                out.add(fitOne(owner, feature, list.get(i), field + "[" + i + "]"));
            }
            return out;
        }
        if (v instanceof List<?>) {
            throw new WireException(field, "is single-valued: expected one value, got a list");
        }
        return fitOne(owner, feature, v, field);
    }

    private static Object fitOne(EClass owner, EStructuralFeature feature, Object v, String field) {
        if (FeatureMapUtil.isFeatureMap(feature)) {
            if (!(v instanceof FeatureMapEntry entry)) {
                throw new WireException(field, "is a feature map entry: expected {\"$entry\": \"<feature>\", \"$value\":"
                        + " <value>}, got " + describe(v));
            }
            EStructuralFeature ef;
            try {
                ef = FeatureMapEntry.feature(owner, entry.feature());
            } catch (StrataException e) {
                throw new WireException(field + ".$entry", e.getMessage());
            }
            if (FeatureMapUtil.isFeatureMap(ef) || !FeatureMapUtil.getValidator(owner, feature).isValid(ef)) {
                throw new WireException(field + ".$entry", "'" + entry.feature() + "' cannot be an entry of "
                        + owner.getName() + "." + feature.getName());
            }
            return entry.value() == null ? entry
                    : new FeatureMapEntry(entry.feature(), fitOne(owner, ef, entry.value(), field + ".$value"));
        }
        if (feature instanceof EReference r) {
            if (v instanceof ObjectId || ((v instanceof ExternalRef || v instanceof UriRef) && !r.isContainment())) {
                return v;
            }
            throw new WireException(field, "is a reference: expected {\"$ref\": \"<id>\"}"
                    + (r.isContainment() ? "" : ", {\"$ref\": \"<id>\", \"$store\": \"<store>\"} or"
                            + " {\"$uri\": \"<uri>\", \"$type\": \"<nsURI#Class>\"}") + ", got "
                    + describe(v));
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
            throw new WireException(field, "expected " + Values.describe(type) + ", got " + describe(v));
        }
        if (!Values.isPortable(type)) {
            // Stored as the text its EFactory writes; it must read back.
            if (v instanceof String s) {
                try {
                    EcoreUtil.createFromString(type, s);
                    return s;
                } catch (RuntimeException ex) {
                    throw new WireException(field, "\"" + s + "\" is not a valid " + type.getName() + ": "
                            + ex.getMessage());
                }
            }
            throw new WireException(field, "expected a " + type.getName() + " as a string, got " + describe(v));
        }
        Class<?> c = type.getInstanceClass();
        if (c.isPrimitive()) {
            c = EcoreUtil.wrapperClassFor(c);
        }
        if (c.isInstance(v)) {
            return v;
        }
        Object converted = convert(c, v);
        if (converted == null) {
            throw new WireException(field, "expected " + Values.describe(type) + ", got " + describe(v));
        }
        return converted;
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

    /** How a value looks on the wire, for messages. */
    private static String describe(Object v) {
        String kind = v instanceof String ? "a string" : v instanceof Integer ? "a whole number"
                : v instanceof Boolean ? "a boolean" : v instanceof Double ? "a number"
                        : v instanceof List<?> ? "a list" : v instanceof ObjectId ? "a reference"
                                : v instanceof ExternalRef ? "a reference to another store"
                                        : v instanceof UriRef ? "a URI reference" : "a " + v.getClass().getSimpleName();
        String text = String.valueOf(v instanceof byte[] ? "<bytes>" : v);
        return kind + " (" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + ")";
    }
}
