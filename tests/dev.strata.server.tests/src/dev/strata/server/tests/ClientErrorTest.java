package dev.strata.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.contract.ContractModel;
import dev.strata.server.tests.harness.ServerFixture;
import dev.strata.server.tests.harness.TestServer;

/**
 * Client errors the fuzz test found answered 500: each is a 4xx naming the field, and the store
 * is left as it was (#13 item 9).
 */
class ClientErrorTest {

    private static final String ITEM = ContractModel.NS_URI + "#Item";
    @RegisterExtension
    static final ServerFixture fixture = new ServerFixture();
    /** Made per test, after the fixture started the server. */
    private final TestServer server = fixture.server();

    private String serve() throws Exception {
        String name = "errors-" + UUID.randomUUID().toString().substring(0, 8);
        ModelStore store = server.serveMemoryStore(name);
        server.registerRepository(name + "-repo", store, ContractModel.INSTANCE.ePackage);
        return name;
    }

    private HttpResponse<String> post(String store, String resource, String body) throws Exception {
        return server.post("/stores/" + store + resource, body, TestServer.bearer());
    }

    private static JsonNode refused(HttpResponse<String> r, int status, String error, String field) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = TestServer.json(r);
        assertEquals(error, body.path("error").asText(), r.body());
        assertEquals(field, body.path("field").asText(), r.body());
        assertTrue(!r.body().contains("java.") && !r.body().contains("Exception"), r.body());
        return body;
    }

    private static String create(String id, int count) {
        return """
                {"created": [{"id": "%s", "type": "%s", "values": {"name": "n%s", "count": %d}}]}
                """.formatted(id, ITEM, UUID.randomUUID(), count);
    }

    @Test
    void creatingAnExistingIdIs409AlreadyExists() throws Exception {
        String store = serve();
        String id = ObjectId.random().toString();
        assertEquals(200, post(store, "/commits", create(id, 1)).statusCode());
        JsonNode body = refused(post(store, "/commits", create(id, 2)), 409, "already-exists", "created[0].id");
        assertEquals(id, body.path("id").asText());
        assertTrue(body.path("message").asText().contains(id), body.toString());
        String first = server.get("/stores/" + store + "/objects/" + id, TestServer.bearer()).body();
        assertTrue(first.contains("\"count\":1"), "the first object must be unchanged: " + first);
    }

    @Test
    void rebuildingAnUndeclaredIndexIs400() throws Exception {
        String store = serve();
        refused(post(store, "/indexes/rebuild", """
                {"index": {"type": "Item", "feature": "text", "kind": "ordered"}}
                """), 400, "missing-index", "index");
    }

    @Test
    void anotherModelVersionIs409() throws Exception {
        String store = serve();
        String version = "{\"nsUri\": \"http://strata.dev/versioned\", \"version\": %d}";
        assertEquals(200, post(store, "/model/versions", version.formatted(1)).statusCode());
        assertEquals(200, post(store, "/model/versions", version.formatted(1)).statusCode(), "the same: no change");
        JsonNode body = refused(post(store, "/model/versions", version.formatted(2)), 409, "model-version", "version");
        assertEquals(1, body.path("current").asInt(), body.toString());
        refused(post(store, "/migrations", """
                {"nsUri": "http://strata.dev/versioned", "from": 3, "to": 4, "steps": []}
                """), 409, "model-version", "from");
    }

    @Test
    void queryValuesAreConvertedToTheFeaturesTypeOrRefused() throws Exception {
        String store = serve();
        assertEquals(200, post(store, "/indexes", """
                {"indexes": [{"type": "Item", "feature": "count", "kind": "ordered"}]}
                """).statusCode());
        assertEquals(200, post(store, "/commits", create(ObjectId.random().toString(), 3)).statusCode());
        assertEquals(200, post(store, "/commits", create(ObjectId.random().toString(), 5)).statusCode());
        // Before: a string met the index's integers in its TreeMap (ClassCastException, 500).
        refused(post(store, "/query", """
                {"type": "Item", "where": [{"feature": "count", "from": "3"}]}
                """), 400, "bad-request", "where[0].from");
        refused(post(store, "/query", """
                {"type": "Item", "where": [{"feature": "count", "from": 3.5}]}
                """), 400, "bad-request", "where[0].from");
        refused(post(store, "/query", """
                {"type": "Item", "where": [{"feature": "nope", "eq": 3}]}
                """), 400, "bad-request", "where[0].feature");
        HttpResponse<String> longValue = post(store, "/query", """
                {"type": "Item", "where": [{"feature": "count", "from": {"$long": 3}, "to": {"$long": 4}}]}
                """);
        assertEquals(200, longValue.statusCode(), longValue.body());
        assertEquals(1, TestServer.json(longValue).get("records").size(), longValue.body());
        refused(post(store, "/indexes", """
                {"indexes": [{"type": "Item", "feature": "tags", "kind": "ordered"}]}
                """), 400, "bad-request", "indexes[0].feature");
    }
}
