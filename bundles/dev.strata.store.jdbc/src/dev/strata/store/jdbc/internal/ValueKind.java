package dev.strata.store.jdbc.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Date;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.FeatureMapEntry;
import dev.strata.core.Values;

/**
 * The Java type of a stored value, which decides its SQL column type and how it is bound and read.
 * Enum literals and data types Strata has no portable form for are kept as text, as records hold them.
 */
enum ValueKind {
    STRING(String.class), INT(Integer.class), LONG(Long.class), SHORT(Short.class), BYTE(Byte.class),
    CHAR(Character.class), FLOAT(Float.class), DOUBLE(Double.class), BOOLEAN(Boolean.class),
    BIG_INTEGER(BigInteger.class), BIG_DECIMAL(BigDecimal.class), DATE(Date.class), BYTES(byte[].class),
    /** An object id, an {@code ExternalRef} or a {@code UriRef}, kept as text. */
    REF(Object.class),
    /** An entry of a feature map, kept as text: its value's kind, its feature and its value. */
    ENTRY(FeatureMapEntry.class);

    final Class<?> javaType;

    ValueKind(Class<?> javaType) {
        this.javaType = javaType;
    }

    static ValueKind of(EAttribute attribute) {
        if (FeatureMapUtil.isFeatureMap(attribute)) {
            return ENTRY;
        }
        EDataType type = attribute.getEAttributeType();
        if (type instanceof EEnum || !Values.isPortable(type)) {
            return STRING;
        }
        return ofClass(box(type.getInstanceClass()));
    }

    /** The kind of a value given without a model (a migration's default). */
    static ValueKind ofValue(Object value) {
        return value == null ? STRING : ofClass(value.getClass());
    }

    private static ValueKind ofClass(Class<?> c) {
        for (ValueKind k : values()) {
            if (k != REF && k != ENTRY && k.javaType == c) {
                return k;
            }
        }
        return STRING;
    }

    private static Class<?> box(Class<?> c) {
        if (c == null || !c.isPrimitive()) {
            return c;
        }
        return switch (c.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            case "float" -> Float.class;
            case "double" -> Double.class;
            case "boolean" -> Boolean.class;
            default -> c;
        };
    }
}
