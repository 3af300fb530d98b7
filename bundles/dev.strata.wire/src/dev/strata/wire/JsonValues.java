package dev.strata.wire;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ExternalRef;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.UriRef;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.TypeRef;

/**
 * Values of records on the wire. Values are self-describing, so that every value kind a record can hold comes back
 * as exactly the same Java type, with or without the model at hand:
 * <ul>
 * <li>String, Integer, Boolean, Double, null and lists are plain JSON ({@code "x"}, {@code 42},
 * {@code true}, {@code 2.5}, {@code null}, {@code [..]});</li>
 * <li>every other kind is a one-key object: {@code {"$long": 5}}, {@code {"$short": 5}},
 * {@code {"$byte": 5}}, {@code {"$char": "x"}}, {@code {"$float": 1.5}},
 * {@code {"$bigint": "123"}}, {@code {"$decimal": "1.50"}} (scale kept),
 * {@code {"$date": "2026-11-22T10:15:30.123Z"}}, {@code {"$bytes": "base64"}}, and
 * {@code {"$double": "NaN"}} for doubles JSON cannot write;</li>
 * <li>references are {@code {"$ref": "<uuid>"}}, or {@code {"$ref": "<uuid>", "$store": "other"}}
 * for an object in another store, {@code {"$uri": "pathmap://…", "$type": "nsURI#Class"}} for one
 * outside Strata; enum values are their literal (a string);</li>
 * <li>an entry of a feature map is {@code {"$entry": "feature", "$value": value}}; an unsettable
 * feature set to null (not unset) is {@code {"$nil": true}}.</li>
 * </ul>
 * Decoding never guesses silently: anything else fails with a {@link WireException} naming the
 * field.
 */
public final class JsonValues {

    private static final long NEGATIVE_ZERO_DOUBLE = Double.doubleToRawLongBits(-0.0d);
    private static final int NEGATIVE_ZERO_FLOAT = Float.floatToRawIntBits(-0.0f);

    /**
     * The JSON form of one record value.
     *
     * @throws WireException for a value kind records do not carry
     */
    public static JsonNode value(Object v) {
        if (v == null) {
            return Json.NODES.nullNode();
        }
        if (v instanceof String s) {
            return Json.NODES.textNode(s);
        }
        if (v instanceof Integer i) {
            return Json.NODES.numberNode(i);
        }
        if (v instanceof Boolean b) {
            return Json.NODES.booleanNode(b);
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) && Double.doubleToRawLongBits(d) != NEGATIVE_ZERO_DOUBLE ? Json.NODES.numberNode(d)
                    : tagged("$double", Json.NODES.textNode(d.toString()));
        }
        if (v instanceof List<?> list) {
            ArrayNode a = Json.NODES.arrayNode(list.size());
            for (Object o : list) {
                a.add(value(o));
            }
            return a;
        }
        if (v instanceof ObjectId id) {
            return tagged("$ref", Json.NODES.textNode(id.toString()));
        }
        if (v instanceof ExternalRef ref) {
            ObjectNode o = tagged("$ref", Json.NODES.textNode(ref.id().toString()));
            o.put("$store", ref.store());
            return o;
        }
        if (v instanceof UriRef ref) {
            ObjectNode o = tagged("$uri", Json.NODES.textNode(ref.uri()));
            o.put("$type", ref.type().toString());
            return o;
        }
        if (v == Nil.VALUE) {
            return tagged("$nil", Json.NODES.booleanNode(true));
        }
        if (v instanceof FeatureMapEntry entry) {
            ObjectNode o = tagged("$entry", Json.NODES.textNode(entry.feature()));
            o.set("$value", value(entry.value()));
            return o;
        }
        if (v instanceof Long l) {
            return tagged("$long", Json.NODES.numberNode(l));
        }
        if (v instanceof Short s) {
            return tagged("$short", Json.NODES.numberNode(s));
        }
        if (v instanceof Byte b) {
            return tagged("$byte", Json.NODES.numberNode(b));
        }
        if (v instanceof Character c) {
            return tagged("$char", Json.NODES.textNode(c.toString()));
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) && Float.floatToRawIntBits(f) != NEGATIVE_ZERO_FLOAT
                    ? tagged("$float", Json.NODES.numberNode(f))
                    : tagged("$float", Json.NODES.textNode(f.toString()));
        }
        if (v instanceof BigInteger b) {
            return tagged("$bigint", Json.NODES.textNode(b.toString()));
        }
        if (v instanceof BigDecimal d) {
            return tagged("$decimal", Json.NODES.textNode(d.toString()));
        }
        if (v instanceof Date d) {
            return tagged("$date", Json.NODES.textNode(Instant.ofEpochMilli(d.getTime()).toString()));
        }
        if (v instanceof byte[] b) {
            return tagged("$bytes", Json.NODES.textNode(Base64.getEncoder().encodeToString(b)));
        }
        throw new WireException("", "records do not carry values of type " + v.getClass().getName() + " (" + v + ")");
    }

    private static ObjectNode tagged(String tag, JsonNode v) {
        ObjectNode o = Json.NODES.objectNode();
        o.set(tag, v);
        return o;
    }

    /**
     * The record value a JSON value stands for (see the class comment for the forms).
     *
     * @param field where the value is, for messages
     * @throws WireException naming the field when the JSON is not a value
     */
    public static Object value(JsonNode n, String field) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            // Untagged whole numbers: Integer when they fit, else the smallest exact type.
            if (n.canConvertToInt()) {
                return n.intValue();
            }
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            double d = Double.parseDouble(n.decimalValue().toString());
            if (!Double.isFinite(d)) {
                throw new WireException(field, "number " + n.decimalValue() + " is out of range for a double");
            }
            return d;
        }
        if (n.isArray()) {
            List<Object> list = new ArrayList<>(n.size());
            for (int i = 0; i < n.size(); i++) {
                list.add(value(n.get(i), field + "[" + i + "]"));
            }
            return Collections.unmodifiableList(list);
        }
        if (n.isObject()) {
            return taggedValue((ObjectNode) n, field);
        }
        throw new WireException(field, "not a value: " + n);
    }

    /** {"$uri": "pathmap://…#//X", "$type": "nsURI#Class"}: a reference to an object outside Strata. */
    private static UriRef uriRef(ObjectNode o, String field) {
        for (Iterator<String> names = o.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("$uri") && !name.equals("$type")) {
                throw new WireException(field, "a URI reference has only \"$uri\" and \"$type\", not \"" + name + "\"");
            }
        }
        JsonNode uri = o.get("$uri");
        JsonNode type = o.get("$type");
        if (!uri.isTextual() || uri.textValue().isBlank()) {
            throw new WireException(field + ".$uri", "expected a URI, got " + uri);
        }
        int hash = type == null || !type.isTextual() ? -1 : type.textValue().lastIndexOf('#');
        if (hash <= 0 || hash == type.textValue().length() - 1) {
            throw new WireException(field + ".$type", "expected the target's class as \"nsURI#Name\", got " + type);
        }
        return new UriRef(uri.textValue(), new TypeRef(type.textValue().substring(0, hash),
                type.textValue().substring(hash + 1)));
    }

    /** {"$entry": "feature", "$value": …}: one entry of a feature map. */
    private static FeatureMapEntry featureMapEntry(ObjectNode o, String field) {
        for (Iterator<String> names = o.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("$entry") && !name.equals("$value")) {
                throw new WireException(field, "a feature map entry has only \"$entry\" and \"$value\", not \""
                        + name + "\"");
            }
        }
        JsonNode feature = o.get("$entry");
        if (!feature.isTextual() || feature.textValue().isBlank()) {
            throw new WireException(field + ".$entry", "expected the entry's feature, got " + feature);
        }
        Object v = value(o.get("$value"), field + ".$value");
        if (v instanceof List<?> || v instanceof FeatureMapEntry) {
            throw new WireException(field + ".$value", "a feature map entry holds one value, not " + o.get("$value"));
        }
        return new FeatureMapEntry(feature.textValue(), v);
    }

    private static Object taggedValue(ObjectNode o, String field) {
        if (o.has("$ref")) {
            for (Iterator<String> names = o.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!name.equals("$ref") && !name.equals("$store")) {
                    throw new WireException(field, "a reference has only \"$ref\" and \"$store\", not \"" + name + "\"");
                }
            }
            ObjectId id = Json.id(o.get("$ref"), field + ".$ref");
            JsonNode store = o.get("$store");
            if (store == null || store.isNull()) {
                return id;
            }
            if (!store.isTextual() || store.textValue().isBlank()) {
                throw new WireException(field + ".$store", "expected a store name, got " + store);
            }
            return new ExternalRef(store.textValue(), id);
        }
        if (o.has("$uri")) {
            return uriRef(o, field);
        }
        if (o.has("$entry")) {
            return featureMapEntry(o, field);
        }
        if (o.size() != 1 || !o.fieldNames().next().startsWith("$")) {
            throw new WireException(field, "an object is not a value; tag it, e.g. {\"$long\": 5} or"
                    + " {\"$date\": \"2026-11-22T10:15:30Z\"} (got " + o + ")");
        }
        String tag = o.fieldNames().next();
        JsonNode v = o.get(tag);
        String at = field + "." + tag;
        return switch (tag) {
            case "$long" -> whole(v, at, Long.MIN_VALUE, Long.MAX_VALUE).longValue();
            case "$short" -> whole(v, at, Short.MIN_VALUE, Short.MAX_VALUE).shortValue();
            case "$byte" -> whole(v, at, Byte.MIN_VALUE, Byte.MAX_VALUE).byteValue();
            case "$bigint" -> whole(v, at, null, null);
            case "$char" -> {
                String s = Json.text(v, at);
                if (s.length() != 1) {
                    throw new WireException(at, "expected exactly one character, got \"" + s + "\"");
                }
                yield s.charAt(0);
            }
            case "$float" -> {
                String s = v != null && v.isNumber() ? v.decimalValue().toString() : Json.text(v, at);
                try {
                    yield Float.parseFloat(s);
                } catch (NumberFormatException e) {
                    throw new WireException(at, "expected a float, got " + v);
                }
            }
            case "$double" -> {
                String s = v != null && v.isNumber() ? v.decimalValue().toString() : Json.text(v, at);
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new WireException(at, "expected a double, got " + v);
                }
            }
            case "$decimal" -> {
                String s = v != null && v.isNumber() ? v.decimalValue().toString() : Json.text(v, at);
                try {
                    yield new BigDecimal(s);
                } catch (NumberFormatException e) {
                    throw new WireException(at, "expected a decimal number such as \"12.50\", got " + v);
                }
            }
            case "$date" -> date(v, at);
            case "$nil" -> {
                if (v == null || !v.isBoolean() || !v.booleanValue()) {
                    throw new WireException(at, "a feature set to null is {\"$nil\": true}, not " + v);
                }
                yield Nil.VALUE;
            }
            case "$bytes" -> {
                try {
                    yield Base64.getDecoder().decode(Json.text(v, at));
                } catch (IllegalArgumentException e) {
                    throw new WireException(at, "expected base64 text: " + e.getMessage());
                }
            }
            default -> throw new WireException(field, "unknown value tag \"" + tag
                    + "\"; known: $long $short $byte $char $float $double $bigint $decimal $date $bytes $ref $uri $entry $nil");
        };
    }

    private static BigInteger whole(JsonNode v, String field, Number min, Number max) {
        BigInteger b;
        if (v != null && v.isIntegralNumber()) {
            b = v.bigIntegerValue();
        } else if (v != null && v.isTextual()) {
            try {
                b = new BigInteger(v.textValue().trim());
            } catch (NumberFormatException e) {
                throw new WireException(field, "expected a whole number, got \"" + v.textValue() + "\"");
            }
        } else {
            throw new WireException(field, "expected a whole number, got " + v);
        }
        if (min != null && (b.compareTo(BigInteger.valueOf(min.longValue())) < 0
                || b.compareTo(BigInteger.valueOf(max.longValue())) > 0)) {
            throw new WireException(field, b + " is out of range [" + min + ", " + max + "]");
        }
        return b;
    }

    private static Date date(JsonNode v, String field) {
        if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
            return new Date(v.longValue());
        }
        String s = Json.text(v, field);
        try {
            return Date.from(Instant.parse(s));
        } catch (DateTimeParseException e) {
            try {
                // A date without a time means midnight UTC.
                return Date.from(java.time.LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException e2) {
                throw new WireException(field, "expected an ISO-8601 instant such as \"2026-11-22T10:15:30.123Z\","
                        + " a date such as \"2026-11-22\" or milliseconds since 1970, got \"" + s + "\"");
            }
        }
    }

    private JsonValues() {
    }
}
