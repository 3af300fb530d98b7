package dev.strata.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.contract.ContractModel;
import dev.strata.server.tests.harness.ServerFixture;
import dev.strata.server.tests.harness.TestServer;

/**
 * A commit id names one change set: the same body sent again is an idempotent duplicate, another
 * body under a used id is refused with 409 commit-id-reused and changes nothing, whether the
 * server still remembers the id or has to ask the store's log (#13 item 10).
 */
class CommitIdReuseTest {

    private static final String ITEM = ContractModel.NS_URI + "#Item";
    @RegisterExtension
    static final ServerFixture fixture = new ServerFixture();
    /** Made per test, after the fixture started the server. */
    private final TestServer server = fixture.server();

    private static String create(UUID commitId, String id, String name) {
        return """
                {"commitId": "%s", "created": [{"id": "%s", "type": "%s", "values": {"name": "%s"}}]}
                """.formatted(commitId, id, ITEM, name);
    }

    private HttpResponse<String> commit(String store, String body) throws Exception {
        return server.post("/stores/" + store + "/commits", body, TestServer.bearer());
    }

    private static void assertReused(HttpResponse<String> r) {
        assertEquals(409, r.statusCode(), r.body());
        JsonNode body = TestServer.json(r);
        assertEquals("commit-id-reused", body.path("error").asText(), r.body());
        assertEquals("commitId", body.path("field").asText(), r.body());
        assertTrue(body.path("message").asText().contains("already used for a different change set"), r.body());
    }

    @Test
    void theSameBodyIsADuplicateAndAnotherBodyIsRefused() throws Exception {
        String name = "reuse-" + UUID.randomUUID().toString().substring(0, 8);
        ModelStore store = server.serveMemoryStore(name);
        UUID commitId = UUID.randomUUID();
        String id = ObjectId.random().toString();
        String body = create(commitId, id, "first");

        HttpResponse<String> first = commit(name, body);
        assertEquals(200, first.statusCode(), first.body());
        assertFalse(TestServer.json(first).get("duplicate").asBoolean());
        // The same change set with its values in another order and other spacing: still the same.
        HttpResponse<String> again = commit(name, """
                {"created": [{"values": {"name": "first"}, "type": "%s", "id": "%s"}], "commitId": "%s"}
                """.formatted(ITEM, id, commitId));
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(TestServer.json(again).get("duplicate").asBoolean(), again.body());
        assertEquals(TestServer.json(first).get("sequence"), TestServer.json(again).get("sequence"));

        String other = ObjectId.random().toString();
        assertReused(commit(name, create(commitId, other, "second")));
        assertReused(commit(name, create(commitId, id, "changed value")));
        assertEquals(1, store.log(0, 10).size(), "one commit only: " + store.log(0, 10));
        assertEquals(List.of("first"), store.roots().stream().map(r -> r.value("name")).toList());
    }

    @Test
    void aReusedIdIsFoundInTheLogAfterTheServerForgotIt() throws Exception {
        String name = "reuse-log-" + UUID.randomUUID().toString().substring(0, 8);
        ModelStore store = server.serveMemoryStore(name);
        UUID commitId = UUID.randomUUID();
        String id = ObjectId.random().toString();
        String body = create(commitId, id, "first");
        assertEquals(200, commit(name, body).statusCode());

        server.restartAndAwait(); // a new server component: what it remembered is gone
        server.awaitStatus("/stores/" + name, 200);

        String other = ObjectId.random().toString();
        assertReused(commit(name, create(commitId, other, "second")));
        assertTrue(store.load(ObjectId.parse(other)).isEmpty(), "the refused body must not be applied");
        HttpResponse<String> retry = commit(name, body);
        assertEquals(200, retry.statusCode(), retry.body());
        assertTrue(TestServer.json(retry).get("duplicate").asBoolean(), retry.body());
        // A change to the created object, then its id reused for a deletion after another restart.
        Record created = store.load(ObjectId.parse(id)).orElseThrow();
        UUID change = UUID.randomUUID();
        String rename = """
                {"commitId": "%s", "changed": [{"id": "%s", "type": "%s", "expectedVersion": %d,
                 "values": {"name": "renamed"}}]}
                """.formatted(change, id, ITEM, created.version());
        assertEquals(200, commit(name, rename).statusCode());
        server.restartAndAwait();
        server.awaitStatus("/stores/" + name, 200);
        assertReused(commit(name, """
                {"commitId": "%s", "deleted": [{"id": "%s", "type": "%s", "version": 2}]}
                """.formatted(change, id, ITEM)));
        assertEquals("renamed", store.load(ObjectId.parse(id)).orElseThrow().value("name"));
        assertEquals(2, store.log(0, 10).size());
    }
}
