package dev.strata.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.emf.common.util.Enumerator;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.util.EcoreUtil;

/**
 * Converts attribute values between their EMF form and the portable form records carry.
 * <p>
 * Portable values are String, Boolean, Integer, Long, Short, Byte, Character, Float, Double,
 * BigInteger, BigDecimal, Date and byte[]. An enum value becomes its literal (a String). Any other
 * data type becomes the string its EFactory writes, and is read back through the same factory.
 */
public final class Values {

    private static final Set<Class<?>> PORTABLE = Set.of(String.class, Boolean.class, Integer.class, Long.class,
            Short.class, Byte.class, Character.class, Float.class, Double.class, BigInteger.class,
            BigDecimal.class, Date.class, byte[].class);

    private Values() {
    }

    /** True if records carry values of this data type unchanged (not as a string literal). */
    public static boolean isPortable(EDataType type) {
        if (type instanceof EEnum) {
            return false;
        }
        Class<?> c = type.getInstanceClass();
        return c != null && (c.isPrimitive() || PORTABLE.contains(c));
    }

    /** The record form of one (single) attribute value. */
    public static Object toRecord(EAttribute attribute, Object value) {
        if (value == null) {
            return null;
        }
        EDataType type = attribute.getEAttributeType();
        if (type instanceof EEnum) {
            return value instanceof Enumerator e ? e.getLiteral() : value.toString();
        }
        if (isPortable(type)) {
            return value instanceof byte[] b ? b.clone() : value instanceof Date d ? new Date(d.getTime()) : value;
        }
        return EcoreUtil.convertToString(type, value);
    }

    /** The EMF form of one (single) record value of this attribute. */
    public static Object fromRecord(EAttribute attribute, Object value) {
        if (value == null) {
            return null;
        }
        EDataType type = attribute.getEAttributeType();
        if (type instanceof EEnum eEnum) {
            EEnumLiteral literal = eEnum.getEEnumLiteralByLiteral(value.toString());
            if (literal == null) {
                literal = eEnum.getEEnumLiteral(value.toString());
            }
            if (literal == null) {
                throw new StrataException("'" + value + "' is not a literal of enum " + eEnum.getName() + " "
                        + eEnum.getELiterals().stream().map(EEnumLiteral::getLiteral).toList() + " (feature "
                        + attribute.getEContainingClass().getName() + "." + attribute.getName() + ")");
            }
            // Generated enums have a Java enum instance; dynamic ones use the literal itself.
            return literal.getInstance() != null ? literal.getInstance() : literal;
        }
        if (isPortable(type)) {
            return coerce(attribute, type, value);
        }
        return EcoreUtil.createFromString(type, value.toString());
    }

    /**
     * Parses text typed by a person (console, properties view) into the EMF form of the attribute's
     * value.
     *
     * @throws StrataException naming the feature, the text and what was expected
     */
    public static Object parse(EAttribute attribute, String text) {
        EDataType type = attribute.getEAttributeType();
        if (type instanceof EEnum) {
            return fromRecord(attribute, text);
        }
        try {
            return EcoreUtil.createFromString(type, text);
        } catch (RuntimeException e) {
            throw new StrataException("Invalid value '" + text + "' for " + attribute.getEContainingClass().getName()
                    + "." + attribute.getName() + ": expected " + describe(type), e);
        }
    }

    /** A short description of what values a data type takes, for error messages. */
    public static String describe(EDataType type) {
        if (type instanceof EEnum e) {
            return "one of " + e.getELiterals().stream().map(EEnumLiteral::getLiteral).toList();
        }
        Class<?> c = type.getInstanceClass();
        if (c == Date.class) {
            return "a date such as 2026-11-22T10:15:30.000+0000 or 2026-11-22";
        }
        String name = c == null ? type.getName() : c.getSimpleName();
        return ("aeiouAEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name + " (" + type.getName() + ")";
    }

    private static Object coerce(EAttribute attribute, EDataType type, Object value) {
        Class<?> c = type.getInstanceClass();
        if (c.isPrimitive()) {
            c = EcoreUtil.wrapperClassFor(c);
        }
        if (c.isInstance(value)) {
            return value instanceof byte[] b ? b.clone() : value instanceof Date d ? new Date(d.getTime()) : value;
        }
        // Stores that round-trip through JSON or SQL may hand back a wider number type.
        if (value instanceof Number n) {
            if (c == Integer.class) return n.intValue();
            if (c == Long.class) return n.longValue();
            if (c == Short.class) return n.shortValue();
            if (c == Byte.class) return n.byteValue();
            if (c == Float.class) return n.floatValue();
            if (c == Double.class) return n.doubleValue();
            if (c == BigInteger.class) return new BigInteger(n.toString());
            if (c == BigDecimal.class) return new BigDecimal(n.toString());
            if (c == Date.class) return new Date(n.longValue());
        }
        if (value instanceof String s) {
            return EcoreUtil.createFromString(type, s);
        }
        throw new StrataException("Value " + value + " of type " + value.getClass().getName() + " does not fit "
                + attribute.getEContainingClass().getName() + "." + attribute.getName() + " (expected "
                + describe(type) + ")");
    }

    /** Equality of record values, comparing byte arrays and lists of them by content. */
    public static boolean deepEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!deepEquals(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof FeatureMapEntry x && b instanceof FeatureMapEntry y) {
            return x.feature().equals(y.feature()) && deepEquals(x.value(), y.value());
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !deepEquals(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
