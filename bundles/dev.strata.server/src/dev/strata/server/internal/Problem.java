package dev.strata.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.wire.Json;

/** An answer other than success, thrown by a handler: the status and the JSON body to send. */
final class Problem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient ObjectNode body;

    Problem(int status, String kind, String message) {
        super(message);
        this.status = status;
        this.body = Json.error(kind, message);
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        return body;
    }

    static Problem notFound(String kind, String message) {
        return new Problem(404, kind, message);
    }

    static Problem badRequest(String field, String message) {
        Problem p = new Problem(400, "bad-request", message);
        p.body.put("field", field);
        return p;
    }
}
