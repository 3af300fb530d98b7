package dev.strata.core.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.EmfRecords;
import dev.strata.core.ExternalRef;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.StrataException;
import dev.strata.core.UriRef;
import dev.strata.core.Values;

/**
 * Whether a value fits its feature, for {@link ChangeCheck}: the kind of value (reference, enum
 * literal, feature map entry, data type), conversions that lose nothing (an int for a long, an ISO
 * date string for a date), and text the store can keep exactly.
 */
final class ValueFit {

    private final String storeName;
    private final boolean plainText;

    ValueFit(String storeName, boolean plainText) {
        this.storeName = storeName;
        this.plainText = plainText;
    }

    /** True if text a database's text type cannot hold exactly is refused. */
    boolean plainText() {
        return plainText;
    }

    /** The value converted to the feature's type, or a refusal naming the field. */
    Object fit(EClass owner, EStructuralFeature feature, Object v, FieldPath field) {
        if (v == null) {
            return null;
        }
        if (v == Nil.VALUE) {
            if (!EmfRecords.keepsNil(feature)) {
                throw field.refusal("only an unsettable single-valued feature, or an attribute with a default"
                        + " whose type can hold null, can be set to null (nil); leave the value out or use null");
            }
            return v;
        }
        if (feature.isMany()) {
            if (!(v instanceof List<?> list)) {
                throw field.refusal("is many-valued: expected a list, got " + describe(v));
            }
            // Copied only from the first element that is converted: most lists fit as they are.
            List<Object> out = null;
            // An object id fits any reference as it is: the common case of a large commit, checked at once.
            boolean ids = feature instanceof EReference && !FeatureMapUtil.isFeatureMap(feature);
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                if (element == null) {
                    throw field.index(i).refusal("a list element cannot be null");
                }
                Object fitted = ids && element instanceof ObjectId ? element
                        : fitOne(owner, feature, element, field.index(i));
                if (out == null && fitted != element) {
                    out = new ArrayList<>(list.size());
                    out.addAll(list.subList(0, i));
                }
                if (out != null) {
                    out.add(fitted);
                }
            }
            return out == null ? list : out;
        }
        if (v instanceof List<?>) {
            throw field.refusal("is single-valued: expected one value, got a list");
        }
        return fitOne(owner, feature, v, field);
    }

    Object fitOne(EClass owner, EStructuralFeature feature, Object v, FieldPath field) {
        if (FeatureMapUtil.isFeatureMap(feature)) {
            if (!(v instanceof FeatureMapEntry entry)) {
                throw field.refusal("is a feature map entry: expected an entry naming its feature"
                        + " and value, got " + describe(v));
            }
            EStructuralFeature ef;
            try {
                ef = FeatureMapEntry.feature(owner, entry.feature());
            } catch (StrataException e) {
                throw field.then(".$entry").refusal(e.getMessage());
            }
            if (FeatureMapUtil.isFeatureMap(ef) || !FeatureMapUtil.getValidator(owner, feature).isValid(ef)) {
                throw field.then(".$entry").refusal("'" + entry.feature()
                        + "' cannot be an entry of " + owner.getName() + "." + feature.getName());
            }
            return entry.value() == null ? entry
                    : new FeatureMapEntry(entry.feature(), fitOne(owner, ef, entry.value(), field.then(".$value")));
        }
        if (feature instanceof EReference r) {
            if (v instanceof ObjectId || ((v instanceof ExternalRef || v instanceof UriRef) && !r.isContainment())) {
                return v;
            }
            throw field.refusal("is a " + (r.isContainment() ? "containment " : "")
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
            throw field.refusal("expected " + Values.describe(type) + ", got " + describe(v));
        }
        if (!Values.isPortable(type)) {
            // Stored as the text its EFactory writes; it must read back.
            if (v instanceof String s) {
                try {
                    EcoreUtil.createFromString(type, s);
                } catch (RuntimeException ex) {
                    throw field.refusal("\"" + s + "\" is not a valid " + type.getName() + ": "
                            + ex.getMessage());
                }
                return text(s, field); // its own refusal (NUL, a lone surrogate) as it is
            }
            throw field.refusal("expected a " + type.getName() + " as a string, got "
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
            throw field.refusal("expected " + Values.describe(type) + ", got " + describe(v));
        }
        return converted;
    }

    /** The string, unless the store keeps text that cannot hold it exactly. */
    String text(String s, FieldPath field) {
        if (plainText) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == 0) {
                    throw field.refusal("the text holds a NUL character (at " + i + "), which"
                            + " store '" + storeName + "' cannot keep");
                }
                if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(ch)) {
                    throw field.refusal("the text holds a lone UTF-16 surrogate (U+"
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
    static String describe(Object v) {
        String kind = v instanceof String ? "a string" : v instanceof Integer ? "a whole number"
                : v instanceof Boolean ? "a boolean" : v instanceof Double ? "a number"
                        : v instanceof List<?> ? "a list" : v instanceof ObjectId ? "a reference"
                                : v instanceof ExternalRef ? "a reference to another store"
                                        : v instanceof UriRef ? "a URI reference" : "a " + v.getClass().getSimpleName();
        String text = String.valueOf(v instanceof byte[] ? "<bytes>" : v);
        return kind + " (" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + ")";
    }
}
