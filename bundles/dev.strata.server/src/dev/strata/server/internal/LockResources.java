package dev.strata.server.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ObjectId;
import dev.strata.wire.Json;
import dev.strata.wire.JsonLocks;

/**
 * A store's explicit locks: GET locks (those held now), POST locks (take, all or none; a 409
 * {@code locked} names who holds what is in the way), POST locks/release (let a session's go).
 */
final class LockResources {

    void addTo(Map<String, Resource> table) {
        table.put("locks", Resource.of(this::locks, ""));
    }

    private void locks(Exchange x) throws IOException {
        if (x.rest() == null && !x.isPost()) {
            x.expect("GET");
            ObjectNode o = Json.object();
            o.set("locks", JsonLocks.locks(x.store().locks()));
            x.send(200, o);
            return;
        }
        x.expect("POST");
        JsonNode body = x.body();
        String owner = Json.text(Json.required(body, "owner", ""), "owner");
        List<ObjectId> ids = ids(body);
        if ("release".equals(x.rest())) {
            x.store().unlock(owner, ids);
        } else if (x.rest() == null) {
            long leaseMs = Json.number(Json.required(body, "leaseMs", ""), "leaseMs");
            if (leaseMs <= 0) {
                throw Problem.badRequest("leaseMs", "a lock's lease must be positive, got " + leaseMs + " ms");
            }
            x.store().lock(owner, Json.text(body, "holder", "", ""), ids,
                    JsonLocks.mode(Json.required(body, "mode", ""), "mode"), Duration.ofMillis(leaseMs));
        } else {
            throw Problem.notFound("no-such-resource", "locks/" + x.rest() + " is no resource: POST locks takes locks,"
                    + " POST locks/release lets them go");
        }
        x.send(200, Json.object());
    }

    private static List<ObjectId> ids(JsonNode body) {
        List<ObjectId> ids = new ArrayList<>();
        if (body.has("ids")) {
            ArrayNode a = Json.array(body.get("ids"), "ids");
            for (int i = 0; i < a.size(); i++) {
                ids.add(Json.id(a.get(i), "ids[" + i + "]"));
            }
        }
        return ids;
    }
}
