package dev.strata.wire;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;

/**
 * Types and records on the wire: a record is its id, type, version, container and values
 * (see {@link JsonValues}).
 */
public final class JsonRecords {

    /** Finds the EClass a short type name (such as {@code Task}) means; null if it means none. */
    @FunctionalInterface
    public interface TypeResolver {
        TypeRef resolve(String name);

        /** Accepts only the full form {@code nsUri#Name}. */
        TypeResolver FULL_NAMES_ONLY = name -> null;
    }

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
        String s = Json.text(n, field).trim();
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
        ObjectNode o = Json.NODES.objectNode();
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
        ObjectNode v = Json.NODES.objectNode();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            try {
                v.set(e.getKey(), JsonValues.value(e.getValue()));
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
            throw new WireException(field, "expected an object of feature values, got " + Json.shorten(n));
        }
        for (Iterator<Map.Entry<String, JsonNode>> i = n.fields(); i.hasNext();) {
            Map.Entry<String, JsonNode> e = i.next();
            if (e.getKey().isEmpty()) {
                throw new WireException(field, "a feature name is empty");
            }
            values.put(e.getKey(), JsonValues.value(e.getValue(), Json.join(field, e.getKey())));
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
            throw new WireException(field, "expected a record object, got " + Json.shorten(n));
        }
        ObjectId id = Json.id(Json.required(n, "id", field), Json.join(field, "id"));
        TypeRef type = type(Json.required(n, "type", field), Json.join(field, "type"), resolver);
        long version = absentVersion < 0 ? Json.number(Json.required(n, "version", field), Json.join(field, "version"))
                : Json.number(n, "version", field, absentVersion);
        if (version < 0) {
            throw new WireException(Json.join(field, "version"), "a version is never negative, got " + version);
        }
        ObjectId container = Json.optionalId(n, "container", field);
        Map<String, Object> values = values(n.get("values"), Json.join(field, "values"));
        return new Record(id, type, version, container, values);
    }

    public static ObjectNode records(Collection<Record> records) {
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode a = o.putArray("records");
        records.forEach(r -> a.add(record(r)));
        return o;
    }

    /** The records of a {@code {"records": [...]}} document. */
    public static List<Record> records(JsonNode n) {
        ArrayNode a = Json.array(Json.required(n, "records", ""), "records");
        List<Record> list = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            list.add(record(a.get(i), "records[" + i + "]", TypeResolver.FULL_NAMES_ONLY, -1));
        }
        return list;
    }

    private JsonRecords() {
    }
}
