package dev.strata.store.jdbc.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Date;

import dev.strata.core.ExternalRef;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.ObjectId;
import dev.strata.core.TypeRef;
import dev.strata.core.UriRef;

/**
 * References and feature map entries as the text their columns hold, the same in every database
 * (and in PostgreSQL's COPY, {@link PgCopy}).
 */
final class ValueText {

    private ValueText() {
    }

    /**
     * A reference as text: the object id, {@code store:id} for an object in another store, or
     * {@code <nsURI#Class>uri} for an object outside Strata (store names never start with '<').
     */
    static String ref(Object value) {
        if (value instanceof ObjectId id) {
            return id.toString();
        }
        if (value instanceof ExternalRef ref) {
            return ref.store() + ":" + ref.id();
        }
        if (value instanceof UriRef ref) {
            return "<" + ref.type() + ">" + ref.uri();
        }
        throw new IllegalArgumentException("not a reference: " + value);
    }

    /**
     * A feature map entry as text: the kind of its value, the feature's key and the value's text,
     * separated by single spaces (neither a kind nor a key holds a space); {@code NULL key } for
     * an entry without a value.
     */
    static String entry(FeatureMapEntry entry) {
        Object v = entry.value();
        ValueKind kind = v == null ? null
                : v instanceof ObjectId || v instanceof ExternalRef || v instanceof UriRef ? ValueKind.REF
                : ValueKind.ofValue(v);
        String text = switch (kind) {
            case null -> "";
            case REF -> ref(v);
            case DATE -> Long.toString(((Date) v).getTime());
            case BYTES -> Base64.getEncoder().encodeToString((byte[]) v);
            default -> v.toString();
        };
        return (kind == null ? "NULL" : kind.name()) + " " + entry.feature() + " " + text;
    }

    static FeatureMapEntry parseEntry(String text) {
        int a = text.indexOf(' ');
        int b = a < 0 ? -1 : text.indexOf(' ', a + 1);
        if (b < 0) {
            throw new IllegalArgumentException("Malformed feature map entry '" + text + "'");
        }
        String kind = text.substring(0, a);
        String v = text.substring(b + 1);
        Object value = switch (kind) {
            case "NULL" -> null;
            case "REF" -> parseRef(v);
            case "STRING" -> v;
            case "INT" -> Integer.valueOf(v);
            case "LONG" -> Long.valueOf(v);
            case "SHORT" -> Short.valueOf(v);
            case "BYTE" -> Byte.valueOf(v);
            case "CHAR" -> v.charAt(0);
            case "FLOAT" -> Float.valueOf(v);
            case "DOUBLE" -> Double.valueOf(v);
            case "BOOLEAN" -> Boolean.valueOf(v);
            case "BIG_INTEGER" -> new BigInteger(v);
            case "BIG_DECIMAL" -> new BigDecimal(v);
            case "DATE" -> new Date(Long.parseLong(v));
            case "BYTES" -> Base64.getDecoder().decode(v);
            default -> throw new IllegalArgumentException("Malformed feature map entry '" + text + "'");
        };
        return new FeatureMapEntry(text.substring(a + 1, b), value);
    }

    static Object parseRef(String text) {
        if (text.startsWith("<")) {
            int end = text.indexOf('>');
            int hash = text.lastIndexOf('#', end);
            if (end < 0 || hash < 0) {
                throw new IllegalArgumentException("Malformed URI reference '" + text + "'");
            }
            return new UriRef(text.substring(end + 1),
                    new TypeRef(text.substring(1, hash), text.substring(hash + 1, end)));
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return ObjectId.parse(text);
        }
        return new ExternalRef(text.substring(0, colon), ObjectId.parse(text.substring(colon + 1)));
    }
}
