package dev.strata.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;

import dev.strata.core.ChangeSet;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.server.StrataServer;
import dev.strata.store.rest.RestModelStore;
import dev.strata.store.rest.RestStores;
import dev.strata.server.tests.harness.ServerFixture;
import dev.strata.server.tests.harness.TestServer;

/**
 * Per-store permissions: named tokens and users may do only what their grants allow, a refusal is a
 * 403 naming the store and the missing permission, and the single token and user still may do
 * everything.
 */
class GrantsTest {

    private static final String ITEM = ContractModel.NS_URI + "#Item";
    private static final String READER = "Bearer reader-token";
    private static final String WRITER_A = "Bearer writer-a-token";
    private static final String NO_GRANTS = "Bearer idle-token";
    private static final String CAROL = TestServer.basic("carol", "carol's password");
    private static final Map<String, Object> GRANTS = Map.of(
            StrataServer.TOKENS, new String[] { "reader:reader-token", "writerA:writer-a-token", "idle:idle-token" },
            StrataServer.USERS, new String[] { "carol:carol's password" },
            StrataServer.GRANTS, new String[] { "reader:*:read", "writerA:grant-a-*:write", "carol:grant-b-*:read" });

    @RegisterExtension
    static final ServerFixture fixture = new ServerFixture(GRANTS);
    /** Made per test, after the fixture started the server. */
    private final TestServer server = fixture.server();

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String create(String id) {
        return """
                {"commitId": "%s", "created": [{"id": "%s", "type": "%s", "values": {"name": "n"}}]}
                """.formatted(UUID.randomUUID(), id, ITEM);
    }

    /** Asserts a 403 that names the store and the permission the credential lacks. */
    private static void assertRefused(HttpResponse<String> response, String store, String permission) {
        assertEquals(403, response.statusCode(), response.body());
        JsonNode body = TestServer.json(response);
        assertEquals("forbidden", body.get("error").asText());
        assertEquals(store, body.path("store").asText(), response.body());
        assertEquals(permission, body.path("permission").asText(), response.body());
        String message = body.get("message").asText();
        assertTrue(message.contains("'" + store + "'") && message.contains("may not " + permission), message);
    }

    @Test
    void theSingleTokenAndUserStillReadAndWriteEveryStore() throws Exception {
        String a = unique("grant-a-");
        String b = unique("grant-b-");
        server.serveMemoryStore(a);
        server.serveMemoryStore(b);
        for (String store : List.of(a, b)) {
            assertEquals(200, server.post("/stores/" + store + "/commits", create(ObjectId.random().toString()),
                    TestServer.bearer()).statusCode());
            assertEquals(200, server.post("/stores/" + store + "/commits", create(ObjectId.random().toString()),
                    TestServer.basic(TestServer.USER, TestServer.PASSWORD)).statusCode());
            assertEquals(200, server.get("/stores/" + store + "/roots", TestServer.bearer()).statusCode());
        }
    }

    @Test
    void aReadOnlyCredentialReadsButCannotCommitNorDeclareIndexesModelOrMigrations() throws Exception {
        String a = unique("grant-a-");
        ModelStore store = server.serveMemoryStore(a);
        String id = ObjectId.random().toString();
        assertEquals(200, server.post("/stores/" + a + "/commits", create(id), WRITER_A).statusCode());

        assertEquals(200, server.get("/stores/" + a + "/objects/" + id, READER).statusCode());
        assertEquals(200, server.get("/stores/" + a + "/roots", READER).statusCode());
        assertEquals(200, server.post("/stores/" + a + "/query", "{\"type\": \"" + ITEM + "\"}", READER).statusCode(),
                "a posted query is a read");
        assertEquals(200, streamStatus(a, READER), "the change stream is a read");

        assertRefused(server.post("/stores/" + a + "/commits", create(ObjectId.random().toString()), READER), a,
                "write");
        assertEquals(1, store.log(0, 10).size(), "the refused commit changed nothing");
        for (String resource : List.of("/indexes", "/indexes/rebuild", "/model/packages", "/model/versions",
                "/migrations")) {
            assertRefused(server.post("/stores/" + a + resource, "{}", READER), a, "write");
            // The same request with a write grant gets past the permission (and fails on its body, if at all).
            assertNotEquals(403, server.post("/stores/" + a + resource, "{}", WRITER_A).statusCode(), resource);
        }
    }

    @Test
    void aCredentialForOneStoreCannotReadAnother() throws Exception {
        String a = unique("grant-a-");
        String b = unique("grant-b-");
        server.serveMemoryStore(a);
        ModelStore storeB = server.serveMemoryStore(b);
        String id = ObjectId.random().toString();
        assertEquals(200, server.post("/stores/" + b + "/commits", create(id), TestServer.bearer()).statusCode());

        assertEquals(200, server.get("/stores/" + a, WRITER_A).statusCode());
        assertRefused(server.get("/stores/" + b + "/objects/" + id, WRITER_A), b, "read");
        assertRefused(server.post("/stores/" + b + "/query", "{\"type\": \"" + ITEM + "\"}", WRITER_A), b, "read");
        assertRefused(server.post("/stores/" + b + "/commits", create(ObjectId.random().toString()), WRITER_A), b,
                "write");
        assertEquals(403, streamStatus(b, WRITER_A), "nor follow its change stream");
        assertEquals(1, storeB.log(0, 10).size());

        // A basic user with a read grant on b only.
        assertEquals(200, server.get("/stores/" + b + "/objects/" + id, CAROL).statusCode());
        assertRefused(server.post("/stores/" + b + "/commits", create(ObjectId.random().toString()), CAROL), b,
                "write");
        assertRefused(server.get("/stores/" + a, CAROL), a, "read");

        // Outside its grants a credential cannot even tell which stores exist.
        String missing = unique("grant-b-missing-");
        assertRefused(server.get("/stores/" + missing, WRITER_A), missing, "read");
        assertEquals(404, server.get("/stores/" + missing, CAROL).statusCode());
    }

    @Test
    void aNamedCredentialWithoutGrantsMayDoNothingWithAStore() throws Exception {
        String a = unique("grant-a-");
        server.serveMemoryStore(a);
        HttpResponse<String> r = server.get("/stores/" + a, NO_GRANTS);
        assertRefused(r, a, "read");
        assertTrue(TestServer.json(r).get("message").asText().contains("no grant"), r.body());
        assertEquals(200, server.get("", NO_GRANTS).statusCode(), "the server's info needs only a valid credential");
        assertEquals(403, server.get("/stores/" + a, "Bearer not-a-token").statusCode());
        assertEquals(403, server.get("/stores/" + a, TestServer.basic("carol", "wrong")).statusCode());
    }

    @Test
    void withOpenReadsGrantsStillDecideWrites() throws Exception {
        Map<String, Object> settings = new java.util.HashMap<>(GRANTS);
        settings.put(StrataServer.READS, "open");
        try (TestServer open = TestServer.start(settings)) {
            String a = unique("grant-a-");
            String b = unique("grant-b-");
            open.serveMemoryStore(a);
            open.serveMemoryStore(b);
            assertEquals(200, open.get("/stores/" + b + "/roots", null).statusCode());
            assertEquals(200, open.get("/stores/" + b + "/roots", WRITER_A).statusCode());
            assertEquals(200, open.post("/stores/" + a + "/commits", create(ObjectId.random().toString()), WRITER_A)
                    .statusCode());
            assertRefused(open.post("/stores/" + b + "/commits", create(ObjectId.random().toString()), WRITER_A), b,
                    "write");
        }
    }

    @Test
    void aRestStoreWithAReadOnlyCredentialReadsAndIsToldWhyItCannotCommit() throws Exception {
        String a = unique("grant-a-");
        server.serveMemoryStore(a);
        ObjectId id = ObjectId.random();
        assertEquals(200, server.post("/stores/" + a + "/commits", create(id.toString()), WRITER_A).statusCode());
        try (RestModelStore reader = RestStores.open("reader", server.options(a).withToken("reader-token"))) {
            assertEquals("n", reader.load(id).orElseThrow().value("name"));
            ChangeSet cs = new ChangeSet(UUID.randomUUID(), "test", "", List.of(new Record(ObjectId.random(),
                    TypeRef.of(ContractModel.INSTANCE.item), 0, Map.of("name", "x"))), List.of(), List.of());
            StoreException e = assertThrows(StoreException.class, () -> reader.commit(cs));
            assertTrue(e.getMessage().contains("may not write") && e.getMessage().contains(a), e.getMessage());
        }
    }

    @Test
    void serveGrantsGivesEachNameItsOwnTokenAndRefusesMalformedGrants() throws Exception {
        String store = unique("grant-cmd-");
        server.serveMemoryStore(store);
        ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(server.context,
                CommandProcessor.class, null);
        tracker.open();
        try (CommandSession session = tracker.waitForService(TestServer.WAIT_MS).createSession(
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(new ByteArrayOutputStream(), true))) {
            Exception bad = assertThrows(Exception.class,
                    () -> session.execute("strata:serve --path /bad-grants --grants 'rd:*:reed' " + store));
            assertTrue(bad.getMessage().contains("read or write") && bad.getMessage().contains("nothing was changed"),
                    bad.getMessage());
            bad = assertThrows(Exception.class,
                    () -> session.execute("strata:serve --path /bad-grants --grants 'rd:read' " + store));
            assertTrue(bad.getMessage().contains("credential:store-pattern:read|write"), bad.getMessage());
            assertTrue(!String.valueOf(session.execute("strata:servers")).contains("/bad-grants"), "nothing configured");

            String message = String.valueOf(session.execute("strata:serve --path /granted --grants 'rd:" + store
                    + ":read,wr:grant-cmd-*:write' " + store));
            Matcher rd = Pattern.compile("rd = (\\S+?)(,|\\s|$)").matcher(message);
            Matcher wr = Pattern.compile("wr = (\\S+?)(,|\\s|$)").matcher(message);
            assertTrue(rd.find() && wr.find(), message);
            assertTrue(!message.contains("Token: "), "no all-stores token is made beside grants: " + message);
            try {
                URI base = URI.create("http://127.0.0.1:" + server.base.getPort() + "/granted/stores/" + store);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest read = HttpRequest.newBuilder(base).header("Authorization", "Bearer " + rd.group(1))
                        .timeout(Duration.ofSeconds(10)).build();
                TestServer.awaitStatus(http, read, 200);
                String commit = create(ObjectId.random().toString());
                HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/commits"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(commit));
                assertEquals(403, http.send(post.copy().header("Authorization", "Bearer " + rd.group(1)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
                assertEquals(200, http.send(post.copy().header("Authorization", "Bearer " + wr.group(1)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
            } finally {
                session.execute("strata:unserve --path /granted");
            }
        } finally {
            tracker.close();
        }
    }

    /** The status of a change-stream request, read as soon as its headers arrive (the body never ends). */
    private int streamStatus(String store, String authorization) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.base + "/stores/" + store + "/events"))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } finally {
            http.shutdownNow();
        }
    }

}
