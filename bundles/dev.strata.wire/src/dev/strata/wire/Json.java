package dev.strata.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

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

import dev.strata.core.ObjectId;

/**
 * The JSON documents and fields of the wire: parsing and writing bodies with the shared mapper,
 * required and optional members with errors that name the field, and error answers.
 */
public final class Json {

    /** Media type of every JSON body. */
    public static final String JSON = "application/json";
    /** Media type of the change stream. */
    public static final String EVENT_STREAM = "text/event-stream";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Floats arrive as exact decimals: a double or float is then parsed from the exact text.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A body's text is not echoed back in error messages.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
    static ObjectId optionalId(JsonNode parent, String name, String field) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? null : id(n, join(field, name));
    }

    static ArrayNode optionalArray(JsonNode parent, String name, String field) {
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

    static String shorten(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    static String join(String field, String name) {
        return field == null || field.isEmpty() ? name : field + "." + name;
    }

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

    private Json() {
    }
}
