package dev.strata.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.LockInfo;
import dev.strata.core.LockMode;

/**
 * Explicit locks as JSON: {@code {"id", "mode": "WRITE", "owner", "holder", "expires": ISO instant}}.
 *
 * @since 0.5
 */
public final class JsonLocks {

    private JsonLocks() {
    }

    public static ArrayNode locks(List<LockInfo> locks) {
        ArrayNode a = Json.NODES.arrayNode();
        for (LockInfo l : locks) {
            ObjectNode o = a.addObject();
            o.put("id", l.id().toString());
            o.put("mode", l.mode().name());
            o.put("owner", l.owner());
            o.put("holder", l.holder());
            o.put("expires", l.expires().toString());
        }
        return a;
    }

    /** @param n the JSON array of locks; @throws WireException naming the first field that is wrong */
    public static List<LockInfo> locks(JsonNode n, String field) {
        ArrayNode a = Json.array(n, field);
        List<LockInfo> list = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String f = field + "[" + i + "]";
            JsonNode l = a.get(i);
            list.add(new LockInfo(Json.id(Json.required(l, "id", f), f + ".id"), mode(Json.required(l, "mode", f),
                    f + ".mode"), Json.text(Json.required(l, "owner", f), f + ".owner"),
                    Json.text(l, "holder", f, ""), instant(Json.required(l, "expires", f), f + ".expires")));
        }
        return list;
    }

    /** READ or WRITE. */
    public static LockMode mode(JsonNode n, String field) {
        String text = Json.text(n, field);
        try {
            return LockMode.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new WireException(field, "expected READ or WRITE, got '" + text + "'");
        }
    }

    private static Instant instant(JsonNode n, String field) {
        try {
            return Instant.parse(Json.text(n, field));
        } catch (java.time.format.DateTimeParseException e) {
            throw new WireException(field, "expected an ISO instant, got '" + n.asText() + "'");
        }
    }
}
