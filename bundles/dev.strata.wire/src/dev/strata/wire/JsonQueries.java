package dev.strata.wire;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.IndexDef;
import dev.strata.core.Migration;
import dev.strata.core.Query;
import dev.strata.core.TypeRef;

/**
 * Queries, index definitions and migrations on the wire.
 */
public final class JsonQueries {

    /** A query: type, conditions (in order), order and limit. */
    public static ObjectNode query(Query q) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("type", JsonRecords.type(q.type()));
        ArrayNode where = o.putArray("where");
        for (Query.Condition c : q.conditions()) {
            ObjectNode w = where.addObject();
            w.put("feature", c.feature());
            if (c.op() == Query.Op.EQ) {
                w.set("eq", JsonValues.value(c.value()));
            } else {
                w.set("from", JsonValues.value(c.value()));
                w.set("to", JsonValues.value(c.upper()));
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
    public static Query query(JsonNode n, JsonRecords.TypeResolver resolver) {
        if (n == null || !n.isObject()) {
            throw new WireException("", "expected a query object, got " + Json.shorten(n));
        }
        Query q = Query.on(JsonRecords.type(Json.required(n, "type", ""), "type", resolver));
        JsonNode where = n.get("where");
        if (where != null && where.isArray()) {
            for (int i = 0; i < where.size(); i++) {
                String f = "where[" + i + "]";
                JsonNode c = where.get(i);
                String feature = Json.text(Json.required(c, "feature", f), f + ".feature");
                if (c.has("eq")) {
                    q = q.eq(feature, JsonValues.value(c.get("eq"), f + ".eq"));
                } else if (c.has("from") || c.has("to")) {
                    q = q.range(feature, JsonValues.value(c.get("from"), f + ".from"), JsonValues.value(c.get("to"), f + ".to"));
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
                    q = q.range(e.getKey(), JsonValues.value(v.get("from"), f + ".from"), JsonValues.value(v.get("to"), f + ".to"));
                } else {
                    q = q.eq(e.getKey(), JsonValues.value(v, f));
                }
            }
        } else if (where != null && !where.isNull()) {
            throw new WireException("where", "expected a list or an object of conditions, got " + Json.shorten(where));
        }
        JsonNode order = n.get("orderBy");
        if (order != null && !order.isNull()) {
            String f = Json.text(order, "orderBy");
            boolean desc = Json.bool(n, "descending", "", false);
            // "-created" is the short way to ask for descending order.
            if (f.startsWith("-")) {
                f = f.substring(1);
                desc = true;
            }
            q = q.orderBy(f, desc);
        }
        long limit = Json.number(n, "limit", "", -1);
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
        ObjectNode o = Json.NODES.objectNode();
        o.put("type", JsonRecords.type(i.type()));
        o.put("feature", i.feature());
        o.put("kind", i.kind().literal());
        return o;
    }

    public static IndexDef index(JsonNode n, String field, JsonRecords.TypeResolver resolver) {
        TypeRef type = JsonRecords.type(Json.required(n, "type", field), Json.join(field, "type"), resolver);
        String feature = Json.text(Json.required(n, "feature", field), Json.join(field, "feature"));
        String kind = Json.text(Json.required(n, "kind", field), Json.join(field, "kind"));
        try {
            return new IndexDef(type, feature, IndexDef.Kind.valueOf(kind.trim().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new WireException(Json.join(field, "kind"), "expected equality, ordered or unique, got \"" + kind + "\"");
        }
    }

    public static ObjectNode indexes(Collection<IndexDef> indexes) {
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode a = o.putArray("indexes");
        indexes.forEach(i -> a.add(index(i)));
        return o;
    }

    public static List<IndexDef> indexes(JsonNode n, JsonRecords.TypeResolver resolver) {
        ArrayNode a = Json.array(Json.required(n, "indexes", ""), "indexes");
        List<IndexDef> list = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            list.add(index(a.get(i), "indexes[" + i + "]", resolver));
        }
        return list;
    }

    public static ObjectNode migration(Migration m) {
        ObjectNode o = Json.NODES.objectNode();
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
                    st.set("default", JsonValues.value(a.defaultValue()));
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
        String nsUri = Json.text(Json.required(n, "nsUri", ""), "nsUri");
        long from = Json.number(Json.required(n, "from", ""), "from");
        long to = Json.number(Json.required(n, "to", ""), "to");
        if (from < 0 || to <= from || to > Integer.MAX_VALUE) {
            throw new WireException("to", "a migration goes from a version to a higher one, got " + from + " -> " + to);
        }
        Migration.Builder b = Migration.of(nsUri, (int) from, (int) to);
        ArrayNode steps = Json.optionalArray(n, "steps", "");
        for (int i = 0; i < steps.size(); i++) {
            String f = "steps[" + i + "]";
            JsonNode s = steps.get(i);
            String op = Json.text(Json.required(s, "op", f), f + ".op");
            switch (op) {
                case "addFeature" -> b.addFeature(Json.text(Json.required(s, "class", f), f + ".class"),
                        Json.text(Json.required(s, "feature", f), f + ".feature"), JsonValues.value(s.get("default"), f + ".default"));
                case "renameFeature" -> b.renameFeature(Json.text(Json.required(s, "class", f), f + ".class"),
                        Json.text(Json.required(s, "from", f), f + ".from"), Json.text(Json.required(s, "to", f), f + ".to"));
                case "removeFeature" -> b.removeFeature(Json.text(Json.required(s, "class", f), f + ".class"),
                        Json.text(Json.required(s, "feature", f), f + ".feature"));
                case "renameClass" -> b.renameClass(Json.text(Json.required(s, "from", f), f + ".from"),
                        Json.text(Json.required(s, "to", f), f + ".to"));
                default -> throw new WireException(f + ".op", "unknown step \"" + op
                        + "\"; use addFeature, renameFeature, removeFeature or renameClass");
            }
        }
        return b.build();
    }

    private JsonQueries() {
    }
}
