package dev.strata.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.contract.ContractModel;
import dev.strata.server.StrataServer;
import dev.strata.server.tests.harness.ServerFixture;
import dev.strata.server.tests.harness.TestServer;

/**
 * The server's HTTP resources as curl users and other clients see them: credentials, statuses
 * that mean something, malformed input refused naming the field with nothing changed, idempotent
 * commits and the change stream resuming from Last-Event-ID.
 */
class ServerTest {

    private static final String ITEM = ContractModel.NS_URI + "#Item";
    @RegisterExtension
    static final ServerFixture fixture = new ServerFixture();
    /** Made per test, after the fixture started the server. */
    private final TestServer server = fixture.server();

    private static String store(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String create(String id, String name) {
        return """
                {"commitId": "%s", "created": [{"id": "%s", "type": "%s", "values": {"name": "%s"}}]}
                """.formatted(UUID.randomUUID(), id, ITEM, name);
    }

    private static void assertNothingCommitted(ModelStore store) {
        assertTrue(store.log(0, 10).isEmpty(), "nothing may be committed: " + store.log(0, 10));
        assertTrue(store.roots().isEmpty());
    }

    @Test
    void serverAndStoreInfoDescribeWhatIsServed() throws Exception {
        String name = store("info");
        server.serveMemoryStore(name);
        JsonNode info = TestServer.json(server.get("", TestServer.bearer()));
        assertEquals("Strata", info.get("server").asText());
        assertEquals("protected", info.get("reads").asText());
        assertTrue(info.get("stores").findValuesAsText("name").contains(name), info.toString());
        JsonNode store = TestServer.json(server.get("/stores/" + name, TestServer.bearer()));
        assertEquals("memory", store.get("type").asText());
        assertTrue(store.get("capabilities").toString().contains("ATOMIC"), store.toString());
        assertEquals(0, store.get("sequence").asLong());
    }

    @Test
    void aMissingCredentialIs401AndAWrongOneIs403() throws Exception {
        String name = store("auth");
        ModelStore store = server.serveMemoryStore(name);
        HttpResponse<String> none = server.get("/stores/" + name, null);
        assertEquals(401, none.statusCode(), none.body());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").contains("Bearer"));
        assertEquals("unauthorized", TestServer.json(none).get("error").asText());
        assertEquals(403, server.get("/stores/" + name, "Bearer wrong").statusCode());
        assertEquals(403, server.get("/stores/" + name, TestServer.basic(TestServer.USER, "wrong")).statusCode());
        assertEquals(403, server.get("/stores/" + name, "Basic !!not-base64").statusCode());
        assertEquals(200, server.get("/stores/" + name, TestServer.basic(TestServer.USER, TestServer.PASSWORD))
                .statusCode());
        String id = ObjectId.random().toString();
        assertEquals(401, server.post("/stores/" + name + "/commits", create(id, "x"), null).statusCode());
        assertEquals(403, server.post("/stores/" + name + "/commits", create(id, "x"), "Bearer wrong").statusCode());
        assertNothingCommitted(store);
        assertEquals(200, server.post("/stores/" + name + "/commits", create(id, "x"), TestServer.bearer())
                .statusCode());
    }

    @Test
    void openReadsStillNeedACredentialToWrite() throws Exception {
        try (TestServer open = TestServer.start(Map.of(StrataServer.READS, "open"))) {
            String name = store("open");
            ModelStore store = open.serveMemoryStore(name);
            assertEquals(200, open.get("/stores/" + name + "/roots", null).statusCode());
            assertEquals(200, open.post("/stores/" + name + "/query", "{\"type\": \"" + ITEM + "\"}", null)
                    .statusCode(), "a query is a read");
            String id = ObjectId.random().toString();
            assertEquals(401, open.post("/stores/" + name + "/commits", create(id, "x"), null).statusCode());
            assertNothingCommitted(store);
            assertEquals(200, open.post("/stores/" + name + "/commits", create(id, "x"), TestServer.bearer())
                    .statusCode());
            assertEquals(1, store.roots().size());
        }
    }

    @Test
    void malformedJsonAndWrongTypesAre400NamingTheFieldAndChangeNothing() throws Exception {
        String name = store("bad");
        ModelStore store = server.serveMemoryStore(name);
        String url = "/stores/" + name + "/commits";
        String id = ObjectId.random().toString();

        HttpResponse<String> cut = server.post(url, "{\"created\": [{\"id\": \"" + id + "\", \"type\": ", TestServer.bearer());
        assertEquals(400, cut.statusCode(), cut.body());
        assertTrue(TestServer.json(cut).get("message").asText().contains("malformed JSON"), cut.body());
        assertEquals("created[0].type", TestServer.json(cut).get("field").asText(), cut.body());

        Map<String, String> wrong = Map.of(
                "created[0].id", "{\"created\": [{\"id\": \"not-a-uuid\", \"type\": \"" + ITEM + "\"}]}",
                "created[0].type", "{\"created\": [{\"id\": \"" + id + "\", \"type\": 42}]}",
                "created[0].values.big.$long", "{\"created\": [{\"id\": \"" + id + "\", \"type\": \"" + ITEM
                        + "\", \"values\": {\"big\": {\"$long\": \"x\"}}}]}",
                "created[0].values.when", "{\"created\": [{\"id\": \"" + id + "\", \"type\": \"" + ITEM
                        + "\", \"values\": {\"when\": {\"$time\": 1}}}]}",
                "changed[0].expectedVersion", "{\"changed\": [{\"id\": \"" + id + "\", \"type\": \"" + ITEM
                        + "\", \"expectedVersion\": \"abc\"}]}",
                "commitId", "{\"commitId\": \"nope\"}",
                "created", "{\"created\": {\"id\": \"" + id + "\"}}");
        for (Map.Entry<String, String> e : wrong.entrySet()) {
            HttpResponse<String> r = server.post(url, e.getValue(), TestServer.bearer());
            assertEquals(400, r.statusCode(), e.getValue() + " -> " + r.body());
            JsonNode body = TestServer.json(r);
            assertEquals("bad-request", body.get("error").asText());
            assertEquals(e.getKey(), body.get("field").asText(), r.body());
        }
        assertNothingCommitted(store);
    }

    @Test
    void valuesAreCheckedAgainstTheModelAndCurlFriendlyFormsAccepted() throws Exception {
        String name = store("typed");
        ModelStore store = server.serveMemoryStore(name);
        server.registerRepository(name + "-repo", store, ContractModel.INSTANCE.ePackage);
        String url = "/stores/" + name + "/commits";
        String id = ObjectId.random().toString();
        Map<String, String> wrong = Map.of(
                "count", "\"many\"",
                "nosuch", "1",
                "tags", "\"a\"",
                "color", "\"purple\"",
                "tiny", "300",
                "partner", "\"" + id + "\"");
        for (Map.Entry<String, String> e : wrong.entrySet()) {
            String body = "{\"created\": [{\"id\": \"" + id + "\", \"type\": \"Item\", \"values\": {\"name\": \"n\", \""
                    + e.getKey() + "\": " + e.getValue() + "}}]}";
            HttpResponse<String> r = server.post(url, body, TestServer.bearer());
            assertEquals(400, r.statusCode(), body + " -> " + r.body());
            assertEquals("created[0].values." + e.getKey(), TestServer.json(r).get("field").asText(), r.body());
        }
        assertNothingCommitted(store);

        // What a person types: a short class name, a plain number for a long, a date, an enum name.
        String body = "{\"created\": [{\"id\": \"" + id + "\", \"type\": \"Item\", \"values\": {\"name\": \"typed\","
                + " \"big\": 5, \"when\": \"2026-11-22\", \"color\": \"GREEN\", \"money\": 12.5, \"tags\": [\"a\"]}}]}";
        HttpResponse<String> ok = server.post(url, body, TestServer.bearer());
        assertEquals(200, ok.statusCode(), ok.body());
        Record r = store.load(ObjectId.parse(id)).orElseThrow();
        assertEquals(5L, r.value("big"));
        assertEquals(new Date(java.time.LocalDate.parse("2026-11-22").atStartOfDay(java.time.ZoneOffset.UTC)
                .toInstant().toEpochMilli()), r.value("when"));
        assertEquals("green", r.value("color"));
        assertEquals(new BigDecimal("12.5"), r.value("money"));
        assertEquals(List.of("a"), r.value("tags"));

        HttpResponse<String> query = server.post("/stores/" + name + "/query",
                "{\"type\": \"Item\", \"where\": {\"color\": \"green\"}}", TestServer.bearer());
        assertEquals(200, query.statusCode(), query.body());
        assertEquals(id, TestServer.json(query).get("records").get(0).get("id").asText());
        JsonNode counts = TestServer.json(server.get("/stores/" + name + "/counts?type=Item&feature=color",
                TestServer.bearer()));
        assertEquals("green", counts.get("counts").get(0).get("value").asText(), counts.toString());
        JsonNode packages = TestServer.json(server.get("/stores/" + name + "/packages", TestServer.bearer()));
        assertEquals(ContractModel.NS_URI, packages.get("packages").get(0).get("nsURI").asText(),
                packages.toString());
    }

    @Test
    void jsonPostedTheWayCurlPostsItIsAccepted() throws Exception {
        String name = store("curl");
        ModelStore store = server.serveMemoryStore(name);
        String id = ObjectId.random().toString();
        HttpResponse<String> commit = server.postAsCurl("/stores/" + name + "/commits?pretty", create(id, "c"),
                TestServer.bearer());
        assertEquals(200, commit.statusCode(), commit.body());
        assertTrue(commit.body().contains("\n"), "?pretty indents the answer: " + commit.body());
        assertEquals(1, store.roots().size());
        HttpResponse<String> query = server.postAsCurl("/stores/" + name + "/query",
                "{\"type\": \"" + ITEM + "\", \"where\": [{\"feature\": \"name\", \"eq\": \"c\"}]}",
                TestServer.bearer());
        assertEquals(400, query.statusCode(), "no index is declared: " + query.body());
        assertEquals("missing-index", TestServer.json(query).get("error").asText());
        HttpResponse<String> objects = server.get("/stores/" + name + "/objects?id=" + id + "&id="
                + ObjectId.random(), TestServer.bearer());
        assertEquals(1, TestServer.json(objects).get("records").size(), objects.body());
    }

    @Test
    void aStaleVersionIs409WithTheConflictingIdsAndVersions() throws Exception {
        String name = store("conflict");
        ModelStore store = server.serveMemoryStore(name);
        String id = ObjectId.random().toString();
        assertEquals(200, server.post("/stores/" + name + "/commits", create(id, "c"), TestServer.bearer())
                .statusCode());
        String stale = "{\"changed\": [{\"id\": \"" + id + "\", \"type\": \"" + ITEM
                + "\", \"expectedVersion\": 7, \"values\": {\"text\": \"late\"}}]}";
        HttpResponse<String> r = server.post("/stores/" + name + "/commits", stale, TestServer.bearer());
        assertEquals(409, r.statusCode(), r.body());
        JsonNode conflict = TestServer.json(r).get("conflicts").get(0);
        assertEquals(id, conflict.get("id").asText());
        assertEquals(7, conflict.get("expectedVersion").asLong());
        assertEquals(1, conflict.get("actualVersion").asLong());
        assertEquals(null, store.load(ObjectId.parse(id)).orElseThrow().value("text"));

        // A change that names no container keeps the object where it is.
        String fresh = "{\"changed\": [{\"id\": \"" + id + "\", \"type\": \"" + ITEM
                + "\", \"expectedVersion\": 1, \"values\": {\"text\": \"now\"}}]}";
        assertEquals(200, server.post("/stores/" + name + "/commits", fresh, TestServer.bearer()).statusCode());
        assertEquals("now", store.load(ObjectId.parse(id)).orElseThrow().value("text"));

        // With the values it started from, the answer says what a merge would leave to the client.
        String based = "{\"changed\": [{\"id\": \"" + id + "\", \"type\": \"" + ITEM
                + "\", \"expectedVersion\": 1, \"values\": {\"text\": \"mine\"}, \"oldValues\": {\"text\": null}}]}";
        HttpResponse<String> m = server.post("/stores/" + name + "/commits", based, TestServer.bearer());
        assertEquals(409, m.statusCode(), m.body());
        JsonNode merge = TestServer.json(m).get("merge");
        assertEquals(1, merge.size(), m.body());
        assertEquals("text", merge.get(0).get("feature").asText());
        assertEquals("CHANGED_BOTH", merge.get(0).get("kind").asText());
        assertTrue(merge.get(0).get("base").isNull(), m.body());
        assertEquals("now", merge.get(0).get("theirs").asText());
        assertEquals("mine", merge.get(0).get("mine").asText());
        assertEquals(id, merge.get(0).get("id").asText());
    }

    @Test
    void readsAtAPastCommitAnswerAsTheStoreWasThen() throws Exception {
        String name = store("past");
        server.serveMemoryStore(name);
        String id = ObjectId.random().toString();
        HttpResponse<String> first = server.post("/stores/" + name + "/commits", create(id, "first"), TestServer.bearer());
        assertEquals(200, first.statusCode(), first.body());
        long then = TestServer.json(first).get("sequence").asLong();
        String rename = "{\"changed\": [{\"id\": \"" + id + "\", \"type\": \"" + ITEM
                + "\", \"expectedVersion\": 1, \"values\": {\"name\": \"second\"}, \"oldValues\": {\"name\": \"first\"}}]}";
        assertEquals(200, server.post("/stores/" + name + "/commits", rename, TestServer.bearer()).statusCode());

        HttpResponse<String> past = server.get("/stores/" + name + "/objects?id=" + id + "&at=" + then, TestServer.bearer());
        assertEquals(200, past.statusCode(), past.body());
        assertEquals("first", TestServer.json(past).get("records").get(0).get("values").get("name").asText(), past.body());
        HttpResponse<String> now = server.get("/stores/" + name + "/objects?id=" + id, TestServer.bearer());
        assertEquals("second", TestServer.json(now).get("records").get(0).get("values").get("name").asText());
        HttpResponse<String> before = server.get("/stores/" + name + "/roots?at=0", TestServer.bearer());
        assertEquals(200, before.statusCode(), before.body());
        assertEquals(0, TestServer.json(before).get("records").size(), "nothing before the first commit");

        HttpResponse<String> diff = server.get("/stores/" + name + "/diff?from=" + then + "&to=" + (then + 1),
                TestServer.bearer());
        assertEquals(200, diff.statusCode(), diff.body());
        JsonNode feature = TestServer.json(diff).get("changed").get(0).get("features").get(0);
        assertEquals("name", feature.get("feature").asText(), diff.body());
        assertEquals("first", feature.get("old").asText());
        assertEquals("second", feature.get("new").asText());
        HttpResponse<String> fromStart = server.get("/stores/" + name + "/diff?from=0&to=" + (then + 1),
                TestServer.bearer());
        JsonNode added = TestServer.json(fromStart).get("added");
        assertEquals(1, added.size(), fromStart.body());
        assertEquals(id, added.get(0).get("id").asText(), fromStart.body());
        HttpResponse<String> backwards = server.get("/stores/" + name + "/diff?from=" + (then + 1) + "&to=" + then,
                TestServer.bearer());
        assertEquals(400, backwards.statusCode(), backwards.body());
        assertEquals("from", TestServer.json(backwards).get("field").asText());

        HttpResponse<String> bad = server.get("/stores/" + name + "/roots?at=yesterday", TestServer.bearer());
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals("at", TestServer.json(bad).get("field").asText());
        HttpResponse<String> future = server.get("/stores/" + name + "/roots?at=" + (then + 50), TestServer.bearer());
        assertEquals(400, future.statusCode(), future.body());
        assertTrue(future.body().contains("not happened yet"), future.body());
    }

    @Test
    void revertUndoesLoggedCommitsAsANewCommit() throws Exception {
        String name = store("revert");
        ModelStore store = server.serveMemoryStore(name);
        server.registerRepository(name + "-repo", store, ContractModel.INSTANCE.ePackage);
        String id = ObjectId.random().toString();
        HttpResponse<String> first = server.post("/stores/" + name + "/commits", create(id, "first"), TestServer.bearer());
        assertEquals(200, first.statusCode(), first.body());
        long created = TestServer.json(first).get("sequence").asLong();
        for (String[] rename : new String[][] { { "first", "second", "1" }, { "second", "third", "2" } }) {
            String body = "{\"changed\": [{\"id\": \"" + id + "\", \"type\": \"" + ITEM + "\", \"expectedVersion\": "
                    + rename[2] + ", \"values\": {\"name\": \"" + rename[1] + "\"}, \"oldValues\": {\"name\": \""
                    + rename[0] + "\"}}]}";
            HttpResponse<String> r = server.post("/stores/" + name + "/commits", body, TestServer.bearer());
            assertEquals(200, r.statusCode(), r.body());
        }

        HttpResponse<String> last = server.post("/stores/" + name + "/revert?commit=" + (created + 2) + "&author=ann",
                "", TestServer.bearer());
        assertEquals(200, last.statusCode(), last.body());
        assertEquals("second", store.load(ObjectId.parse(id)).orElseThrow().value("name"));
        assertEquals(0, TestServer.json(last).get("left").size(), last.body());
        long revert = TestServer.json(last).get("sequence").asLong();
        dev.strata.core.LoggedCommit logged = store.recentLog(1).get(0);
        assertEquals(revert, logged.sequence());
        assertEquals("Revert commit " + (created + 2), logged.changes().message());
        assertEquals("ann", logged.changes().author());

        HttpResponse<String> range = server.post("/stores/" + name + "/revert?from=" + created + "&to=" + (created + 1),
                "", TestServer.bearer());
        assertEquals(200, range.statusCode(), range.body());
        JsonNode left = TestServer.json(range).get("left");
        // The name is "second" again, as the range left it: it goes back to "first". The object was
        // created in the range but changed after it: kept, and said so.
        assertEquals(1, left.size(), range.body());
        assertEquals("DELETED_MINE", left.get(0).get("kind").asText(), range.body());
        assertEquals("first", store.load(ObjectId.parse(id)).orElseThrow().value("name"));

        HttpResponse<String> neither = server.post("/stores/" + name + "/revert", "", TestServer.bearer());
        assertEquals(400, neither.statusCode(), neither.body());
        assertTrue(neither.body().contains("revert?commit=7"), neither.body());
        HttpResponse<String> unknown = server.post("/stores/" + name + "/revert?commit=" + (revert + 9), "",
                TestServer.bearer());
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("no commit " + (revert + 9)), unknown.body());
        HttpResponse<String> read = server.get("/stores/" + name + "/revert?commit=1", TestServer.bearer());
        assertEquals(405, read.statusCode(), read.body());
    }

    @Test
    void aUniqueIndexViolationIs422WithTheReasons() throws Exception {
        String name = store("unique");
        ModelStore store = server.serveMemoryStore(name);
        server.registerRepository(name + "-repo", store, ContractModel.INSTANCE.ePackage);
        String url = "/stores/" + name + "/commits";
        assertEquals(200, server.post(url, create(ObjectId.random().toString(), "dup"), TestServer.bearer())
                .statusCode());
        HttpResponse<String> r = server.post(url, create(ObjectId.random().toString(), "dup"), TestServer.bearer());
        assertEquals(422, r.statusCode(), r.body());
        assertEquals("veto", TestServer.json(r).get("error").asText());
        assertTrue(TestServer.json(r).get("reasons").get(0).asText().contains("unique"), r.body());
        assertEquals(1, store.roots().size());
    }

    @Test
    void aRepeatedCommitIdIsAppliedOnce() throws Exception {
        String name = store("dup");
        ModelStore store = server.serveMemoryStore(name);
        String id = ObjectId.random().toString();
        String body = create(id, "once");
        HttpResponse<String> first = server.post("/stores/" + name + "/commits", body, TestServer.bearer());
        HttpResponse<String> again = server.post("/stores/" + name + "/commits", body, TestServer.bearer());
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(200, again.statusCode(), again.body());
        assertFalse(TestServer.json(first).get("duplicate").asBoolean());
        assertTrue(TestServer.json(again).get("duplicate").asBoolean());
        assertEquals(TestServer.json(first).get("sequence"), TestServer.json(again).get("sequence"));
        assertEquals(1, store.load(ObjectId.parse(id)).orElseThrow().version());
        assertEquals(1, store.log(0, 10).size());
    }

    @Test
    void unknownObjectsAndStoresAre404() throws Exception {
        String name = store("missing");
        server.serveMemoryStore(name);
        HttpResponse<String> object = server.get("/stores/" + name + "/objects/" + ObjectId.random(), TestServer.bearer());
        assertEquals(404, object.statusCode());
        assertEquals("no-such-object", TestServer.json(object).get("error").asText());
        HttpResponse<String> store = server.get("/stores/nope/roots", TestServer.bearer());
        assertEquals(404, store.statusCode());
        assertEquals("no-such-store", TestServer.json(store).get("error").asText());
        assertEquals(400, server.get("/stores/" + name + "/objects/not-an-id", TestServer.bearer()).statusCode());
        assertEquals(404, server.get("/stores/" + name + "/nothing", TestServer.bearer()).statusCode());
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        try (TestServer small = TestServer.start(Map.of(StrataServer.MAX_PAYLOAD_BYTES, 1024L))) {
            String name = store("small");
            ModelStore store = small.serveMemoryStore(name);
            String big = "{\"created\": [{\"id\": \"" + ObjectId.random() + "\", \"type\": \"" + ITEM
                    + "\", \"values\": {\"name\": \"" + "x".repeat(4000) + "\"}}]}";
            HttpResponse<String> r = small.post("/stores/" + name + "/commits", big, TestServer.bearer());
            assertEquals(413, r.statusCode(), r.body());
            assertEquals("too-large", TestServer.json(r).get("error").asText());
            assertNothingCommitted(store);
        }
    }

    @Test
    void theChangeStreamResumesAfterTheLastEventId() throws Exception {
        String name = store("stream");
        server.serveMemoryStore(name);
        List<Long> sequences = new ArrayList<>();
        List<String> commitIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String body = create(ObjectId.random().toString(), "s" + i);
            JsonNode r = TestServer.json(server.post("/stores/" + name + "/commits", body, TestServer.bearer()));
            sequences.add(r.get("sequence").asLong());
            commitIds.add(r.get("commitId").asText());
        }
        List<String> resumed = events(name, "Last-Event-ID", sequences.get(0), 2);
        assertEquals(List.of("id: " + sequences.get(1), "id: " + sequences.get(2)),
                resumed.stream().filter(l -> l.startsWith("id:")).toList());
        assertTrue(resumed.stream().anyMatch(l -> l.contains(commitIds.get(2))), resumed.toString());
        List<String> after = events(name, "after", sequences.get(1), 1);
        assertEquals(List.of("id: " + sequences.get(2)), after.stream().filter(l -> l.startsWith("id:")).toList());
    }

    /** Lines of the change stream until {@code commits} commit events arrived (bounded). */
    private List<String> events(String store, String how, long position, int commits) throws Exception {
        URI uri = URI.create(server.base + "/stores/" + store + "/events"
                + (how.equals("after") ? "?after=" + position : ""));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", TestServer.bearer());
        if (how.equals("Last-Event-ID")) {
            b.header("Last-Event-ID", Long.toString(position));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        InputStream in = response.body();
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            try {
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                int found = 0;
                String line;
                while (found < commits && (line = reader.readLine()) != null) {
                    seen.add(line);
                    if (line.equals("event: commit")) {
                        found++;
                    }
                }
                // the data line of the last event
                seen.add(reader.readLine());
            } catch (java.io.IOException e) {
                seen.add("failed: " + e);
            }
            return seen;
        });
        try {
            List<String> result = lines.get(10, TimeUnit.SECONDS);
            assertNotNull(result);
            return result;
        } finally {
            in.close();
        }
    }
}
