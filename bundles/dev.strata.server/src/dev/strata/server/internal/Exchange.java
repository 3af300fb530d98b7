package dev.strata.server.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.wire.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One request to a store's resource ({@code /stores/{store}/{resource}[/{rest}]}) and its answer:
 * what the handlers of {@link Api}'s route table read and write through.
 *
 * @param rest the path segment after the resource, or null
 */
record Exchange(HttpServletRequest req, HttpServletResponse resp, String storeName, ModelStore store, String rest,
        Bodies bodies) {

    /** Request attribute holding the body, once read whole (see {@link Bodies}). */
    static final String BODY = Exchange.class.getName() + ".body";

    /**
     * The store reads answer from: as it was at {@code ?at=} (a commit sequence, a commit id or an ISO
     * time) when the request names a point, else the live store.
     */
    ModelStore readStore() {
        String at = req.getParameter("at");
        if (at == null) {
            return store;
        }
        dev.strata.core.At point;
        try {
            point = dev.strata.core.At.parse(at);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("at", e.getMessage());
        }
        return dev.strata.core.store.PastStores.at(store, point);
    }

    boolean isPost() {
        return req.getMethod().equals("POST");
    }

    /** Refuses any other method than the one this resource answers. */
    void expect(String allowed) {
        expect(req.getMethod(), allowed);
    }

    static void expect(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new Problem(405, "method-not-allowed", method + " is not supported here; use " + allowed);
        }
    }

    /** Refuses a sub-path on a resource that has none. */
    void expectNoRest() {
        if (rest != null) {
            throw notFound(req);
        }
    }

    /** The request body as JSON, read whole (within the server's limits) before the request was routed. */
    JsonNode body() {
        if (!(req.getAttribute(BODY) instanceof byte[] body)) {
            throw new IllegalStateException("the body of " + req.getRequestURI() + " was not read");
        }
        return bodies.parse(body);
    }

    String parameter(String name) {
        List<String> values = parameters(req, name);
        return values.isEmpty() ? null : values.get(0);
    }

    List<String> parameters(String name) {
        return parameters(req, name);
    }

    long longParameter(String name, long absent) {
        String v = parameter(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw Problem.badRequest(name, "query parameter '" + name + "' must be a whole number, got '" + v + "'");
        }
    }

    /** The object id in the path after the resource. */
    ObjectId idInPath() {
        try {
            return ObjectId.parse(rest);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("id", "'" + rest + "' in the path is not an object id (a UUID)");
        }
    }

    Problem noSuchObject(ObjectId id) {
        return Problem.notFound("no-such-object", "store '" + storeName + "' has no object " + id);
    }

    Problem notFound() {
        return notFound(req);
    }

    void send(int status, JsonNode body) throws IOException {
        send(req, resp, status, body);
    }

    static Problem notFound(HttpServletRequest req) {
        return Problem.notFound("no-such-resource", "no resource " + req.getRequestURI()
                + "; GET the server's path for what it serves");
    }

    /**
     * Values of a query-string parameter. Read from the query string only: curl posts JSON as a
     * form by default, and the servlet's parameters would then try to read the body as a form.
     */
    static List<String> parameters(HttpServletRequest req, String name) {
        List<String> values = new ArrayList<>();
        String query = req.getQueryString();
        if (query == null) {
            return values;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                values.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    static void send(HttpServletRequest req, HttpServletResponse resp, int status, JsonNode body) throws IOException {
        if (resp.isCommitted()) {
            return; // a stream already started: nothing more can be said
        }
        byte[] bytes = Json.write(body, !parameters(req, "pretty").isEmpty());
        resp.setStatus(status);
        resp.setContentType(Json.JSON);
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
