package dev.strata.store.rest.wire;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.impl.EPackageRegistryImpl;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.URIConverter;
import org.eclipse.emf.ecore.resource.impl.ExtensibleURIConverterImpl;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.InternalEList;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.ExternalRef;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.UriRef;
import dev.strata.core.IndexDef;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;

/**
 * The JSON form of records, change sets, queries and results that the Strata server and the REST
 * store exchange. Values are self-describing, so that every value kind a record can hold comes back
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
public final class Wire {

    /** Media type of every JSON body. */
    public static final String JSON = "application/json";
    /** Media type of the change stream. */
    public static final String EVENT_STREAM = "text/event-stream";

    /** Finds the EClass a short type name (such as {@code Task}) means; null if it means none. */
    @FunctionalInterface
    public interface TypeResolver {
        TypeRef resolve(String name);

        /** Accepts only the full form {@code nsUri#Name}. */
        TypeResolver FULL_NAMES_ONLY = name -> null;
    }

    /** The container an object has now, for a change that does not say (null if unknown). */
    @FunctionalInterface
    public interface ContainerLookup {
        ObjectId containerOf(ObjectId id);

        /** Treats a change without a container as a change of a root object. */
        ContainerLookup ROOT = id -> null;
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Floats arrive as exact decimals: a double or float is then parsed from the exact text.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A body's text is not echoed back in error messages.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long NEGATIVE_ZERO_DOUBLE = Double.doubleToRawLongBits(-0.0d);
    private static final int NEGATIVE_ZERO_FLOAT = Float.floatToRawIntBits(-0.0f);

    private Wire() {
    }

    // ------------------------------------------------------------------ documents

    /** The shared mapper (thread-safe); other bundles use it to read and write wire JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * Parses a JSON document.
     *
     * @throws WireException for malformed JSON, naming the place (field path, line and column)
     */
    public static JsonNode parse(byte[] json) {
        if (json.length == 0) {
            throw new WireException("", "the body is empty; a JSON document was expected");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new WireException("", "the body holds no JSON document");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new WireException("", "cannot read the JSON body: " + e.getMessage(), e);
        }
    }

    /** Parses a JSON document from a stream (see {@link #parse(byte[])}). */
    public static JsonNode parse(InputStream in) throws IOException {
        return parse(in.readAllBytes());
    }

    private static WireException malformed(JsonProcessingException e) {
        StringBuilder where = new StringBuilder();
        if (e.getProcessor() instanceof JsonParser p) {
            // The path of the value being read when the JSON broke off, as in created[0].type.
            for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray() && c.hasCurrentIndex()) {
                    where.insert(0, "[" + c.getCurrentIndex() + "]");
                } else if (c.inObject() && c.getCurrentName() != null) {
                    where.insert(0, "." + c.getCurrentName());
                }
            }
        }
        String location = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return new WireException(where.toString().replaceFirst("^\\.", ""),
                "malformed JSON" + location + ": " + e.getOriginalMessage(), e);
    }

    /** The compact (one line) UTF-8 form of a node. */
    public static byte[] write(JsonNode node) {
        return write(node, false);
    }

    /**
     * The UTF-8 form of a node, compact or indented. Text UTF-8 cannot carry as it is (a lone
     * surrogate a client sent in a string) is written as JSON escapes, so that it reads back the same.
     */
    public static byte[] write(JsonNode node, boolean pretty) {
        ObjectWriter writer = pretty ? MAPPER.writerWithDefaultPrettyPrinter() : MAPPER.writer();
        try {
            return writer.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            try {
                return writer.with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsBytes(node);
            } catch (JsonProcessingException e2) {
                throw new WireException("", "cannot write JSON: " + e2.getOriginalMessage(), e2);
            }
        }
    }

    // ------------------------------------------------------------------ values

    /**
     * The JSON form of one record value.
     *
     * @throws WireException for a value kind records do not carry
     */
    public static JsonNode value(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) && Double.doubleToRawLongBits(d) != NEGATIVE_ZERO_DOUBLE ? NODES.numberNode(d)
                    : tagged("$double", NODES.textNode(d.toString()));
        }
        if (v instanceof List<?> list) {
            ArrayNode a = NODES.arrayNode(list.size());
            for (Object o : list) {
                a.add(value(o));
            }
            return a;
        }
        if (v instanceof ObjectId id) {
            return tagged("$ref", NODES.textNode(id.toString()));
        }
        if (v instanceof ExternalRef ref) {
            ObjectNode o = tagged("$ref", NODES.textNode(ref.id().toString()));
            o.put("$store", ref.store());
            return o;
        }
        if (v instanceof UriRef ref) {
            ObjectNode o = tagged("$uri", NODES.textNode(ref.uri()));
            o.put("$type", ref.type().toString());
            return o;
        }
        if (v == Nil.VALUE) {
            return tagged("$nil", NODES.booleanNode(true));
        }
        if (v instanceof FeatureMapEntry entry) {
            ObjectNode o = tagged("$entry", NODES.textNode(entry.feature()));
            o.set("$value", value(entry.value()));
            return o;
        }
        if (v instanceof Long l) {
            return tagged("$long", NODES.numberNode(l));
        }
        if (v instanceof Short s) {
            return tagged("$short", NODES.numberNode(s));
        }
        if (v instanceof Byte b) {
            return tagged("$byte", NODES.numberNode(b));
        }
        if (v instanceof Character c) {
            return tagged("$char", NODES.textNode(c.toString()));
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) && Float.floatToRawIntBits(f) != NEGATIVE_ZERO_FLOAT
                    ? tagged("$float", NODES.numberNode(f))
                    : tagged("$float", NODES.textNode(f.toString()));
        }
        if (v instanceof BigInteger b) {
            return tagged("$bigint", NODES.textNode(b.toString()));
        }
        if (v instanceof BigDecimal d) {
            return tagged("$decimal", NODES.textNode(d.toString()));
        }
        if (v instanceof Date d) {
            return tagged("$date", NODES.textNode(Instant.ofEpochMilli(d.getTime()).toString()));
        }
        if (v instanceof byte[] b) {
            return tagged("$bytes", NODES.textNode(Base64.getEncoder().encodeToString(b)));
        }
        throw new WireException("", "records do not carry values of type " + v.getClass().getName() + " (" + v + ")");
    }

    private static ObjectNode tagged(String tag, JsonNode v) {
        ObjectNode o = NODES.objectNode();
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
            ObjectId id = id(o.get("$ref"), field + ".$ref");
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
                String s = text(v, at);
                if (s.length() != 1) {
                    throw new WireException(at, "expected exactly one character, got \"" + s + "\"");
                }
                yield s.charAt(0);
            }
            case "$float" -> {
                String s = v != null && v.isNumber() ? v.decimalValue().toString() : text(v, at);
                try {
                    yield Float.parseFloat(s);
                } catch (NumberFormatException e) {
                    throw new WireException(at, "expected a float, got " + v);
                }
            }
            case "$double" -> {
                String s = v != null && v.isNumber() ? v.decimalValue().toString() : text(v, at);
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new WireException(at, "expected a double, got " + v);
                }
            }
            case "$decimal" -> {
                String s = v != null && v.isNumber() ? v.decimalValue().toString() : text(v, at);
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
                    yield Base64.getDecoder().decode(text(v, at));
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
        String s = text(v, field);
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

    // ------------------------------------------------------------------ basic fields

    /** A required member of an object. */
    public static JsonNode required(JsonNode parent, String name, String field) {
        if (parent == null || !parent.isObject()) {
            throw new WireException(field, "expected a JSON object, got " + parent);
        }
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw new WireException(join(field, name), "is required");
        }
        return n;
    }

    /** Text, or a WireException naming the field. */
    public static String text(JsonNode n, String field) {
        if (n == null || !n.isTextual()) {
            throw new WireException(field, "expected a string, got " + n);
        }
        return n.textValue();
    }

    /** Optional text member: the default when absent or null. */
    public static String text(JsonNode parent, String name, String field, String absent) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? absent : text(n, join(field, name));
    }

    /** A whole number that fits a long. */
    public static long number(JsonNode n, String field) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new WireException(field, "expected a whole number, got " + n);
        }
        return n.longValue();
    }

    /** Optional whole-number member: the default when absent or null. */
    public static long number(JsonNode parent, String name, String field, long absent) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? absent : number(n, join(field, name));
    }

    /** Optional boolean member. */
    public static boolean bool(JsonNode parent, String name, String field, boolean absent) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return absent;
        }
        if (!n.isBoolean()) {
            throw new WireException(join(field, name), "expected true or false, got " + n);
        }
        return n.booleanValue();
    }

    public static ObjectId id(JsonNode n, String field) {
        String s = text(n, field);
        try {
            return new ObjectId(UUID.fromString(s.trim()));
        } catch (IllegalArgumentException e) {
            throw new WireException(field, "expected an object id (a UUID), got \"" + s + "\"");
        }
    }

    public static UUID uuid(JsonNode n, String field) {
        String s = text(n, field);
        try {
            return UUID.fromString(s.trim());
        } catch (IllegalArgumentException e) {
            throw new WireException(field, "expected a UUID, got \"" + s + "\"");
        }
    }

    /** An optional id member (null when absent or null). */
    private static ObjectId optionalId(JsonNode parent, String name, String field) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? null : id(n, join(field, name));
    }

    private static ArrayNode optionalArray(JsonNode parent, String name, String field) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return NODES.arrayNode();
        }
        if (!n.isArray()) {
            throw new WireException(join(field, name), "expected a JSON array, got " + shorten(n));
        }
        return (ArrayNode) n;
    }

    /** A JSON array, or a WireException naming the field. */
    public static ArrayNode array(JsonNode n, String field) {
        if (n == null || !n.isArray()) {
            throw new WireException(field, "expected a JSON array, got " + shorten(n));
        }
        return (ArrayNode) n;
    }

    private static String shorten(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    static String join(String field, String name) {
        return field == null || field.isEmpty() ? name : field + "." + name;
    }

    // ------------------------------------------------------------------ types and records

    /** The wire name of a type: {@code nsUri#Name}. */
    public static String type(TypeRef type) {
        return type.toString();
    }

    /**
     * A type from its wire name: {@code nsUri#Name}, or a short name the resolver knows.
     *
     * @throws WireException naming the field when the name is neither
     */
    public static TypeRef type(JsonNode n, String field, TypeResolver resolver) {
        String s = text(n, field).trim();
        int hash = s.lastIndexOf('#');
        if (hash > 0 && hash < s.length() - 1) {
            return new TypeRef(s.substring(0, hash), s.substring(hash + 1));
        }
        TypeRef resolved = hash < 0 && !s.isEmpty() ? resolver.resolve(s) : null;
        if (resolved == null) {
            throw new WireException(field, "unknown type \"" + s + "\": give it as namespaceURI#ClassName"
                    + (hash < 0 ? " (the short name is not a class of the store's model)" : ""));
        }
        return resolved;
    }

    public static ObjectNode record(Record r) {
        ObjectNode o = NODES.objectNode();
        o.put("id", r.id().toString());
        o.put("type", type(r.type()));
        o.put("version", r.version());
        if (r.container() != null) {
            o.put("container", r.container().toString());
        }
        o.set("values", values(r.values()));
        return o;
    }

    /** Feature values by name. */
    public static ObjectNode values(Map<String, ?> values) {
        ObjectNode v = NODES.objectNode();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            try {
                v.set(e.getKey(), value(e.getValue()));
            } catch (WireException ex) {
                throw new WireException(e.getKey(), ex.getMessage());
            }
        }
        return v;
    }

    /** Feature values by name from a JSON object (absent or null = none). */
    public static Map<String, Object> values(JsonNode n, String field) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return values;
        }
        if (!n.isObject()) {
            throw new WireException(field, "expected an object of feature values, got " + shorten(n));
        }
        for (Iterator<Map.Entry<String, JsonNode>> i = n.fields(); i.hasNext();) {
            Map.Entry<String, JsonNode> e = i.next();
            if (e.getKey().isEmpty()) {
                throw new WireException(field, "a feature name is empty");
            }
            values.put(e.getKey(), value(e.getValue(), join(field, e.getKey())));
        }
        return values;
    }

    /**
     * A record.
     *
     * @param absentVersion the version when the JSON has none (0 for a record being created), or -1
     *                      to require one
     */
    public static Record record(JsonNode n, String field, TypeResolver resolver, long absentVersion) {
        if (n == null || !n.isObject()) {
            throw new WireException(field, "expected a record object, got " + shorten(n));
        }
        ObjectId id = id(required(n, "id", field), join(field, "id"));
        TypeRef type = type(required(n, "type", field), join(field, "type"), resolver);
        long version = absentVersion < 0 ? number(required(n, "version", field), join(field, "version"))
                : number(n, "version", field, absentVersion);
        if (version < 0) {
            throw new WireException(join(field, "version"), "a version is never negative, got " + version);
        }
        ObjectId container = optionalId(n, "container", field);
        Map<String, Object> values = values(n.get("values"), join(field, "values"));
        return new Record(id, type, version, container, values);
    }

    public static ObjectNode records(Collection<Record> records) {
        ObjectNode o = NODES.objectNode();
        ArrayNode a = o.putArray("records");
        records.forEach(r -> a.add(record(r)));
        return o;
    }

    /** The records of a {@code {"records": [...]}} document. */
    public static List<Record> records(JsonNode n) {
        ArrayNode a = array(required(n, "records", ""), "records");
        List<Record> list = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            list.add(record(a.get(i), "records[" + i + "]", TypeResolver.FULL_NAMES_ONLY, -1));
        }
        return list;
    }

    // ------------------------------------------------------------------ change sets and results

    public static ObjectNode changeSet(ChangeSet cs) {
        ObjectNode o = NODES.objectNode();
        o.put("commitId", cs.commitId().toString());
        o.put("session", cs.session());
        o.put("message", cs.message());
        ArrayNode created = o.putArray("created");
        cs.created().forEach(r -> created.add(record(r)));
        ArrayNode changed = o.putArray("changed");
        for (ChangeSet.Change c : cs.changed()) {
            ObjectNode ch = changed.addObject();
            ch.put("id", c.id().toString());
            ch.put("type", type(c.type()));
            ch.put("expectedVersion", c.expectedVersion());
            ch.put("container", c.container() == null ? null : c.container().toString());
            if (c.containerChanged()) {
                ch.put("oldContainer", c.oldContainer() == null ? null : c.oldContainer().toString());
            }
            ch.set("values", values(c.newValues()));
            ch.set("oldValues", values(c.oldValues()));
        }
        ArrayNode deleted = o.putArray("deleted");
        cs.deleted().forEach(d -> deleted.add(record(d.last())));
        return o;
    }

    /**
     * A change set. A change that has no {@code container} member keeps the object where it is: the
     * lookup tells where that is. A change set without {@code commitId} gets a new one.
     *
     * @throws WireException naming the first field that is wrong
     */
    public static ChangeSet changeSet(JsonNode n, TypeResolver resolver, ContainerLookup containers) {
        if (n == null || !n.isObject()) {
            throw new WireException("", "expected a change set object, got " + shorten(n));
        }
        JsonNode cid = n.get("commitId");
        UUID commitId = cid == null || cid.isNull() ? UUID.randomUUID() : uuid(cid, "commitId");
        String session = text(n, "session", "", "");
        String message = text(n, "message", "", "");
        List<Record> created = new ArrayList<>();
        ArrayNode ca = optionalArray(n, "created", "");
        for (int i = 0; i < ca.size(); i++) {
            created.add(record(ca.get(i), "created[" + i + "]", resolver, 0));
        }
        List<ChangeSet.Change> changed = new ArrayList<>();
        ArrayNode cha = optionalArray(n, "changed", "");
        for (int i = 0; i < cha.size(); i++) {
            String f = "changed[" + i + "]";
            JsonNode c = cha.get(i);
            if (!c.isObject()) {
                throw new WireException(f, "expected a change object, got " + shorten(c));
            }
            ObjectId id = id(required(c, "id", f), f + ".id");
            TypeRef type = type(required(c, "type", f), f + ".type", resolver);
            long expected = number(required(c, "expectedVersion", f), f + ".expectedVersion");
            ObjectId container = c.has("container") ? optionalId(c, "container", f) : containers.containerOf(id);
            ObjectId oldContainer = c.has("oldContainer") ? optionalId(c, "oldContainer", f) : container;
            Map<String, Object> newValues = values(c.get("values"), f + ".values");
            Map<String, Object> oldValues = values(c.get("oldValues"), f + ".oldValues");
            changed.add(new ChangeSet.Change(id, type, expected, container, oldContainer, newValues, oldValues));
        }
        List<ChangeSet.Deletion> deleted = new ArrayList<>();
        ArrayNode da = optionalArray(n, "deleted", "");
        for (int i = 0; i < da.size(); i++) {
            deleted.add(new ChangeSet.Deletion(record(da.get(i), "deleted[" + i + "]", resolver, -1)));
        }
        return new ChangeSet(commitId, session, message, created, changed, deleted);
    }

    public static ObjectNode commitResult(CommitResult r) {
        ObjectNode o = NODES.objectNode();
        o.put("commitId", r.commitId().toString());
        o.put("sequence", r.sequence());
        ObjectNode versions = o.putObject("versions");
        r.newVersions().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> versions.put(e.getKey().toString(), e.getValue()));
        o.put("duplicate", r.duplicate());
        return o;
    }

    public static CommitResult commitResult(JsonNode n) {
        UUID commitId = uuid(required(n, "commitId", ""), "commitId");
        long sequence = number(required(n, "sequence", ""), "sequence");
        Map<ObjectId, Long> versions = new LinkedHashMap<>();
        JsonNode v = n.get("versions");
        if (v != null && v.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> i = v.fields(); i.hasNext();) {
                Map.Entry<String, JsonNode> e = i.next();
                versions.put(id(NODES.textNode(e.getKey()), "versions"), number(e.getValue(), "versions." + e.getKey()));
            }
        }
        return new CommitResult(commitId, sequence, versions, bool(n, "duplicate", "", false));
    }

    public static ObjectNode loggedCommit(LoggedCommit c) {
        ObjectNode o = NODES.objectNode();
        o.put("sequence", c.sequence());
        o.set("changes", changeSet(c.changes()));
        return o;
    }

    public static LoggedCommit loggedCommit(JsonNode n, String field) {
        long sequence = number(required(n, "sequence", field), join(field, "sequence"));
        try {
            return new LoggedCommit(sequence, changeSet(required(n, "changes", field), TypeResolver.FULL_NAMES_ONLY,
                    ContainerLookup.ROOT));
        } catch (WireException e) {
            throw new WireException(join(field, "changes"), e.getMessage(), e);
        }
    }

    /**
     * What the change stream says about one commit: its sequence and id, and the objects it
     * created, changed (with their new version) and deleted, each with its type. Values are left
     * out: listeners learn what changed and read what they need.
     */
    public static ObjectNode notice(LoggedCommit c) {
        ChangeSet cs = c.changes();
        ObjectNode o = NODES.objectNode();
        o.put("sequence", c.sequence());
        o.put("commitId", cs.commitId().toString());
        o.put("session", cs.session());
        o.put("message", cs.message());
        ArrayNode created = o.putArray("created");
        cs.created().forEach(r -> created.addObject().put("id", r.id().toString()).put("type", type(r.type())));
        ArrayNode changed = o.putArray("changed");
        cs.changed().forEach(ch -> changed.addObject().put("id", ch.id().toString()).put("type", type(ch.type()))
                .put("version", ch.expectedVersion() + 1));
        ArrayNode deleted = o.putArray("deleted");
        cs.deleted().forEach(d -> deleted.addObject().put("id", d.id().toString())
                .put("type", type(d.last().type())));
        return o;
    }

    /**
     * A commit as the change stream announced it: a change set holding ids and types only (no
     * values), and the result with the new versions. Enough to post {@code CommitEvents.of}.
     */
    public record Notice(ChangeSet changes, CommitResult result) {
    }

    public static Notice notice(JsonNode n) {
        long sequence = number(required(n, "sequence", ""), "sequence");
        UUID commitId = uuid(required(n, "commitId", ""), "commitId");
        Map<ObjectId, Long> versions = new LinkedHashMap<>();
        List<Record> created = new ArrayList<>();
        ArrayNode ca = optionalArray(n, "created", "");
        for (int i = 0; i < ca.size(); i++) {
            String f = "created[" + i + "]";
            Record r = new Record(id(required(ca.get(i), "id", f), f + ".id"),
                    type(required(ca.get(i), "type", f), f + ".type", TypeResolver.FULL_NAMES_ONLY), 0, Map.of());
            created.add(r);
            versions.put(r.id(), 1L);
        }
        List<ChangeSet.Change> changed = new ArrayList<>();
        ArrayNode cha = optionalArray(n, "changed", "");
        for (int i = 0; i < cha.size(); i++) {
            String f = "changed[" + i + "]";
            JsonNode c = cha.get(i);
            ObjectId id = id(required(c, "id", f), f + ".id");
            long version = number(required(c, "version", f), f + ".version");
            changed.add(new ChangeSet.Change(id, type(required(c, "type", f), f + ".type",
                    TypeResolver.FULL_NAMES_ONLY), version - 1, null, Map.of(), Map.of()));
            versions.put(id, version);
        }
        List<ChangeSet.Deletion> deleted = new ArrayList<>();
        ArrayNode da = optionalArray(n, "deleted", "");
        for (int i = 0; i < da.size(); i++) {
            String f = "deleted[" + i + "]";
            deleted.add(new ChangeSet.Deletion(new Record(id(required(da.get(i), "id", f), f + ".id"),
                    type(required(da.get(i), "type", f), f + ".type", TypeResolver.FULL_NAMES_ONLY), 0, Map.of())));
        }
        ChangeSet cs = new ChangeSet(commitId, text(n, "session", "", ""), text(n, "message", "", ""), created,
                changed, deleted);
        return new Notice(cs, new CommitResult(commitId, sequence, versions, false));
    }

    /** The JSON of a refused commit's conflicts: id, expected and actual version of each. */
    public static ArrayNode conflicts(List<ConflictException.Conflict> conflicts) {
        ArrayNode a = NODES.arrayNode();
        for (ConflictException.Conflict c : conflicts) {
            ObjectNode o = a.addObject();
            o.put("id", c.id().toString());
            o.put("expectedVersion", c.expectedVersion());
            o.put("actualVersion", c.actualVersion());
        }
        return a;
    }

    public static List<ConflictException.Conflict> conflicts(JsonNode n, String field) {
        ArrayNode a = array(n, field);
        List<ConflictException.Conflict> list = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String f = field + "[" + i + "]";
            JsonNode c = a.get(i);
            list.add(new ConflictException.Conflict(id(required(c, "id", f), f + ".id"),
                    number(required(c, "expectedVersion", f), f + ".expectedVersion"),
                    number(required(c, "actualVersion", f), f + ".actualVersion")));
        }
        return list;
    }

    // ------------------------------------------------------------------ queries, indexes, migrations

    /** A query: type, conditions (in order), order and limit. */
    public static ObjectNode query(Query q) {
        ObjectNode o = NODES.objectNode();
        o.put("type", type(q.type()));
        ArrayNode where = o.putArray("where");
        for (Query.Condition c : q.conditions()) {
            ObjectNode w = where.addObject();
            w.put("feature", c.feature());
            if (c.op() == Query.Op.EQ) {
                w.set("eq", value(c.value()));
            } else {
                w.set("from", value(c.value()));
                w.set("to", value(c.upper()));
            }
        }
        q.orderBy().ifPresent(f -> {
            o.put("orderBy", f);
            o.put("descending", q.descending());
        });
        if (q.limit() >= 0) {
            o.put("limit", q.limit());
        }
        return o;
    }

    /**
     * A query. {@code where} is either a list of conditions
     * ({@code [{"feature": "status", "eq": "OPEN"}, {"feature": "created", "from": .., "to": ..}]})
     * or, for people typing it, an object ({@code {"status": "OPEN", "created": {"from": .., "to": ..}}}).
     */
    public static Query query(JsonNode n, TypeResolver resolver) {
        if (n == null || !n.isObject()) {
            throw new WireException("", "expected a query object, got " + shorten(n));
        }
        Query q = Query.on(type(required(n, "type", ""), "type", resolver));
        JsonNode where = n.get("where");
        if (where != null && where.isArray()) {
            for (int i = 0; i < where.size(); i++) {
                String f = "where[" + i + "]";
                JsonNode c = where.get(i);
                String feature = text(required(c, "feature", f), f + ".feature");
                if (c.has("eq")) {
                    q = q.eq(feature, value(c.get("eq"), f + ".eq"));
                } else if (c.has("from") || c.has("to")) {
                    q = q.range(feature, value(c.get("from"), f + ".from"), value(c.get("to"), f + ".to"));
                } else {
                    throw new WireException(f, "a condition needs \"eq\", or \"from\" and/or \"to\"");
                }
            }
        } else if (where != null && where.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> i = where.fields(); i.hasNext();) {
                Map.Entry<String, JsonNode> e = i.next();
                String f = "where." + e.getKey();
                JsonNode v = e.getValue();
                boolean range = v.isObject() && (v.has("from") || v.has("to"))
                        && !v.fieldNames().next().startsWith("$");
                if (range) {
                    q = q.range(e.getKey(), value(v.get("from"), f + ".from"), value(v.get("to"), f + ".to"));
                } else {
                    q = q.eq(e.getKey(), value(v, f));
                }
            }
        } else if (where != null && !where.isNull()) {
            throw new WireException("where", "expected a list or an object of conditions, got " + shorten(where));
        }
        JsonNode order = n.get("orderBy");
        if (order != null && !order.isNull()) {
            String f = text(order, "orderBy");
            boolean desc = bool(n, "descending", "", false);
            // "-created" is the short way to ask for descending order.
            if (f.startsWith("-")) {
                f = f.substring(1);
                desc = true;
            }
            q = q.orderBy(f, desc);
        }
        long limit = number(n, "limit", "", -1);
        if (limit >= 0) {
            if (limit > Integer.MAX_VALUE) {
                throw new WireException("limit", "is too large: " + limit);
            }
            q = q.limit((int) limit);
        } else if (n.has("limit") && !n.get("limit").isNull()) {
            throw new WireException("limit", "must be >= 0, got " + limit);
        }
        return q;
    }

    public static ObjectNode index(IndexDef i) {
        ObjectNode o = NODES.objectNode();
        o.put("type", type(i.type()));
        o.put("feature", i.feature());
        o.put("kind", i.kind().literal());
        return o;
    }

    public static IndexDef index(JsonNode n, String field, TypeResolver resolver) {
        TypeRef type = type(required(n, "type", field), join(field, "type"), resolver);
        String feature = text(required(n, "feature", field), join(field, "feature"));
        String kind = text(required(n, "kind", field), join(field, "kind"));
        try {
            return new IndexDef(type, feature, IndexDef.Kind.valueOf(kind.trim().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new WireException(join(field, "kind"), "expected equality, ordered or unique, got \"" + kind + "\"");
        }
    }

    public static ObjectNode indexes(Collection<IndexDef> indexes) {
        ObjectNode o = NODES.objectNode();
        ArrayNode a = o.putArray("indexes");
        indexes.forEach(i -> a.add(index(i)));
        return o;
    }

    public static List<IndexDef> indexes(JsonNode n, TypeResolver resolver) {
        ArrayNode a = array(required(n, "indexes", ""), "indexes");
        List<IndexDef> list = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            list.add(index(a.get(i), "indexes[" + i + "]", resolver));
        }
        return list;
    }

    public static ObjectNode migration(Migration m) {
        ObjectNode o = NODES.objectNode();
        o.put("nsUri", m.nsUri());
        o.put("from", m.fromVersion());
        o.put("to", m.toVersion());
        ArrayNode steps = o.putArray("steps");
        for (Migration.Step s : m.steps()) {
            ObjectNode st = steps.addObject();
            switch (s) {
                case Migration.AddFeature a -> {
                    st.put("op", "addFeature");
                    st.put("class", a.className());
                    st.put("feature", a.feature());
                    st.set("default", value(a.defaultValue()));
                }
                case Migration.RenameFeature r -> {
                    st.put("op", "renameFeature");
                    st.put("class", r.className());
                    st.put("from", r.from());
                    st.put("to", r.to());
                }
                case Migration.RemoveFeature r -> {
                    st.put("op", "removeFeature");
                    st.put("class", r.className());
                    st.put("feature", r.feature());
                }
                case Migration.RenameClass r -> {
                    st.put("op", "renameClass");
                    st.put("from", r.from());
                    st.put("to", r.to());
                }
            }
        }
        return o;
    }

    public static Migration migration(JsonNode n) {
        String nsUri = text(required(n, "nsUri", ""), "nsUri");
        long from = number(required(n, "from", ""), "from");
        long to = number(required(n, "to", ""), "to");
        if (from < 0 || to <= from || to > Integer.MAX_VALUE) {
            throw new WireException("to", "a migration goes from a version to a higher one, got " + from + " -> " + to);
        }
        Migration.Builder b = Migration.of(nsUri, (int) from, (int) to);
        ArrayNode steps = optionalArray(n, "steps", "");
        for (int i = 0; i < steps.size(); i++) {
            String f = "steps[" + i + "]";
            JsonNode s = steps.get(i);
            String op = text(required(s, "op", f), f + ".op");
            switch (op) {
                case "addFeature" -> b.addFeature(text(required(s, "class", f), f + ".class"),
                        text(required(s, "feature", f), f + ".feature"), value(s.get("default"), f + ".default"));
                case "renameFeature" -> b.renameFeature(text(required(s, "class", f), f + ".class"),
                        text(required(s, "from", f), f + ".from"), text(required(s, "to", f), f + ".to"));
                case "removeFeature" -> b.removeFeature(text(required(s, "class", f), f + ".class"),
                        text(required(s, "feature", f), f + ".feature"));
                case "renameClass" -> b.renameClass(text(required(s, "from", f), f + ".from"),
                        text(required(s, "to", f), f + ".to"));
                default -> throw new WireException(f + ".op", "unknown step \"" + op
                        + "\"; use addFeature, renameFeature, removeFeature or renameClass");
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ models

    /**
     * EPackages as the text of one Ecore XMI document (copies are written: the packages stay in
     * their resources). References to classifiers outside these packages, such as Ecore's data
     * types, are written by namespace URI.
     */
    public static String ecore(List<EPackage> packages) {
        XMIResourceImpl r = new XMIResourceImpl(org.eclipse.emf.common.util.URI.createURI("strata-model.ecore"));
        r.getContents().addAll(EcoreUtil.copyAll(packages));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            r.save(out, Map.of(XMLResource.OPTION_ENCODING, "UTF-8"));
        } catch (IOException e) {
            throw new WireException("", "cannot write the packages as Ecore XMI: " + e.getMessage(), e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The EPackages of an Ecore XMI document (new, unregistered instances), its references resolved
     * against EMF's package registry only (see {@link #ecore(String, String, Collection)}).
     */
    public static List<EPackage> ecore(String xmi, String field) {
        return ecore(xmi, field, List.of());
    }

    /**
     * The EPackages of an Ecore XMI document (new, unregistered instances). A reference to another
     * package resolves only against packages already at hand: the given ones, EMF's package
     * registry and the document's own packages, each by namespace URI. Nothing is ever opened or
     * fetched to resolve a reference (an {@code http:}, {@code file:}, {@code jar:} or
     * {@code platform:} href is refused, not read): a model posted by a client must not make this
     * side read its files or reach other hosts.
     *
     * @param known packages references may name besides the registry's (e.g. a store's model)
     * @throws WireException naming the field when the text is not Ecore XMI whose references all
     *                       resolve that way; the message names the first href refused
     */
    public static List<EPackage> ecore(String xmi, String field, Collection<EPackage> known) {
        if (xmi.contains("<!DOCTYPE") || xmi.contains("<!ENTITY")) {
            throw new WireException(field, "Ecore XMI has no DOCTYPE or entities; this text has one");
        }
        EPackage.Registry registry = new EPackageRegistryImpl(EPackage.Registry.INSTANCE);
        // Generated Ecore files sometimes name Ecore by its plug-in location: the same package.
        registry.put(ECORE_IN_PLUGIN, EcorePackage.eINSTANCE);
        // A copy never shadows a registered package: the document's own "ecore:" types are Ecore's.
        for (EPackage p : withSubpackages(known)) {
            if (registry.getEPackage(p.getNsURI()) == null) {
                registry.put(p.getNsURI(), p);
            }
        }
        ResourceSet set = new ResourceSetImpl();
        set.setPackageRegistry(registry);
        List<org.eclipse.emf.common.util.URI> opened = new ArrayList<>();
        set.setURIConverter(new NoFetching(opened));
        XMIResourceImpl r = new XMIResourceImpl(org.eclipse.emf.common.util.URI.createURI("strata-model.ecore"));
        set.getResources().add(r);
        try {
            r.load(new java.io.ByteArrayInputStream(xmi.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Map.of());
        } catch (IOException | RuntimeException e) {
            if (!opened.isEmpty()) {
                throw refusedHref(field, opened.get(0).toString());
            }
            throw new WireException(field, "not a readable Ecore XMI document: " + readable(e), e);
        }
        List<EPackage> packages = new ArrayList<>();
        for (EObject o : r.getContents()) {
            if (!(o instanceof EPackage p) || p.getNsURI() == null) {
                throw new WireException(field, "the document must hold EPackages with namespace URIs, not " + o);
            }
            packages.add(p);
        }
        for (EPackage p : withSubpackages(packages)) {
            if (registry.getEPackage(p.getNsURI()) == null) {
                registry.put(p.getNsURI(), p);
            }
        }
        // Every href is checked before anything resolves it.
        for (java.util.Iterator<EObject> i = r.getAllContents(); i.hasNext();) {
            for (EObject proxy : proxies(i.next())) {
                String href = ((InternalEObject) proxy).eProxyURI().toString();
                String target = ((InternalEObject) proxy).eProxyURI().trimFragment().toString();
                if (target.isEmpty()) {
                    continue; // within the document
                }
                if (java.util.Arrays.asList(target.split("[/\\\\]")).contains("..")
                        || target.toLowerCase(java.util.Locale.ROOT).contains("%2e%2e")) {
                    throw new WireException(field, "the packages refer to " + href + ", a path that climbs out"
                            + " of its folder with '..'; refused");
                }
                if (registry.getEPackage(target) == null && !installed(((InternalEObject) proxy).eProxyURI())) {
                    throw refusedHref(field, href);
                }
            }
        }
        EcoreUtil.resolveAll(set);
        if (!opened.isEmpty()) {
            throw refusedHref(field, opened.get(0).toString());
        }
        for (java.util.Iterator<EObject> i = r.getAllContents(); i.hasNext();) {
            for (EObject ref : i.next().eCrossReferences()) {
                if (ref.eIsProxy()) {
                    throw new WireException(field, "the packages refer to " + EcoreUtil.getURI(ref)
                            + ", which this side does not know");
                }
            }
        }
        return packages;
    }

    /** What went wrong, for a client: the parser's own words, without Java class names. */
    private static String readable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && !JAVA_NAMES.matcher(m).find()) {
                return m;
            }
        }
        return "the XML does not describe EPackages";
    }

    private static final java.util.regex.Pattern JAVA_NAMES = java.util.regex.Pattern.compile(
            "java\\.|javax\\.|org\\.|com\\.|Exception|\\bat [a-z]+\\.");

    private static final String ECORE_IN_PLUGIN = "platform:/plugin/org.eclipse.emf.ecore/model/Ecore.ecore";

    private static WireException refusedHref(String field, String href) {
        return new WireException(field, "the packages refer to " + href + ", which is not a package this side"
                + " knows; references resolve only against known packages by namespace URI (e.g. "
                + EcorePackage.eNS_URI + "#//EString) and nothing is fetched or opened to resolve them");
    }

    private static List<EPackage> withSubpackages(Collection<EPackage> packages) {
        List<EPackage> all = new ArrayList<>(packages);
        for (int i = 0; i < all.size(); i++) {
            all.addAll(all.get(i).getESubpackages());
        }
        return all;
    }

    /** The unresolved targets of an object's references, read without resolving them. */
    private static List<EObject> proxies(EObject o) {
        List<EObject> found = new ArrayList<>();
        for (EReference ref : o.eClass().getEAllReferences()) {
            if (ref.isContainment() || ref.isContainer() || ref.isDerived() || !o.eIsSet(ref)) {
                continue;
            }
            Object v = o.eGet(ref, false);
            if (v instanceof InternalEList<?> list) {
                for (java.util.Iterator<?> i = list.basicIterator(); i.hasNext();) {
                    if (i.next() instanceof EObject e && e.eIsProxy()) {
                        found.add(e);
                    }
                }
            } else if (v instanceof EObject e && e.eIsProxy()) {
                found.add(e);
            }
        }
        return found;
    }

    /**
     * True for a model the server's own bundles carry: a {@code pathmap:} URI that the server's
     * URI map turns into another location (UML's profiles), or a {@code platform:/plugin/} URI,
     * neither climbing out with {@code ..}. Reading one reads an installed bundle, nothing a
     * client chose.
     */
    private static boolean installed(org.eclipse.emf.common.util.URI uri) {
        org.eclipse.emf.common.util.URI resource = uri.trimFragment();
        if (resource.segments().length == 0 || resource.segmentsList().contains("..")
                || resource.toString().toLowerCase(java.util.Locale.ROOT).contains("%2e")) {
            return false;
        }
        if ("pathmap".equals(resource.scheme())) {
            return !URIConverter.INSTANCE.normalize(resource).equals(resource);
        }
        return resource.isPlatformPlugin();
    }

    /** A URI converter that opens only {@link #installed} models: every other attempt is recorded and fails. */
    private static final class NoFetching extends ExtensibleURIConverterImpl {

        private final List<org.eclipse.emf.common.util.URI> refused;

        NoFetching(List<org.eclipse.emf.common.util.URI> refused) {
            this.refused = refused;
        }

        private IOException refuse(org.eclipse.emf.common.util.URI uri) {
            synchronized (refused) {
                refused.add(uri);
            }
            return new IOException("not opened: " + uri);
        }

        @Override
        public InputStream createInputStream(org.eclipse.emf.common.util.URI uri, Map<?, ?> options)
                throws IOException {
            if (installed(uri)) {
                return super.createInputStream(uri, options);
            }
            throw refuse(uri);
        }

        @Override
        public java.io.OutputStream createOutputStream(org.eclipse.emf.common.util.URI uri, Map<?, ?> options)
                throws IOException {
            throw refuse(uri);
        }

        @Override
        public void delete(org.eclipse.emf.common.util.URI uri, Map<?, ?> options) throws IOException {
            throw refuse(uri);
        }

        @Override
        public Map<String, ?> contentDescription(org.eclipse.emf.common.util.URI uri, Map<?, ?> options)
                throws IOException {
            if (installed(uri)) {
                return super.contentDescription(uri, options);
            }
            throw refuse(uri);
        }

        @Override
        public boolean exists(org.eclipse.emf.common.util.URI uri, Map<?, ?> options) {
            return installed(uri) && super.exists(uri, options);
        }

        @Override
        public Map<String, ?> getAttributes(org.eclipse.emf.common.util.URI uri, Map<?, ?> options) {
            return installed(uri) ? super.getAttributes(uri, options) : Map.of();
        }

        @Override
        public void setAttributes(org.eclipse.emf.common.util.URI uri, Map<String, ?> attributes, Map<?, ?> options)
                throws IOException {
            throw refuse(uri);
        }
    }

    // ------------------------------------------------------------------ errors

    /**
     * The body of an error answer: {@code {"error": kind, "message": text}} plus details.
     *
     * @param kind a stable word clients can act on (conflict, veto, bad-request, ...)
     */
    public static ObjectNode error(String kind, String message) {
        ObjectNode o = NODES.objectNode();
        o.put("error", kind);
        o.put("message", message);
        return o;
    }
}
