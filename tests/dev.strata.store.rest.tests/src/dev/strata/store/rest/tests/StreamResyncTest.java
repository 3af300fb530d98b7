package dev.strata.store.rest.tests;

import static dev.strata.server.tests.harness.ServerFixture.createItem;
import static dev.strata.server.tests.harness.ServerFixture.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.service.event.Event;

import com.fasterxml.jackson.databind.JsonNode;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Topics;
import dev.strata.store.rest.RestModelStore;
import dev.strata.wire.Json;
import dev.strata.core.contract.Await;
import dev.strata.server.tests.harness.ServerFixture;
import dev.strata.server.tests.harness.TestServer;

/**
 * A change stream resumes only within one history of the server's store (issue #13 item 11): a
 * follower of a store that was replaced, or that was away longer than the log keeps, reads afresh
 * and is told so; an ordinary reconnection resumes without that.
 */
class StreamResyncTest {

    @RegisterExtension
    static final ServerFixture fixture = new ServerFixture();
    /** Made per test, after the fixture started the server. */
    private final TestServer server = fixture.server();

    private RestModelStore follower(String name, URI via, String remote) {
        return fixture.open(name, server.options(remote).withServer(via));
    }

    private static Event nextCommit(BlockingQueue<Event> events, ObjectId created) throws InterruptedException {
        Event e = ServerFixture.next(events, "the commit creating " + created);
        assertNull(e.getProperty(Topics.RESYNC), "expected the commit creating " + created + ", got a resync: "
                + e.getProperty(Topics.RESYNC));
        assertEquals(List.of(created.toString()), List.of((String[]) e.getProperty(Topics.CREATED)),
                "commits arrive once each, in order");
        return e;
    }

    private static Event nextResync(BlockingQueue<Event> events) throws InterruptedException {
        Event e = ServerFixture.next(events, "a resync event");
        assertNotNull(e.getProperty(Topics.RESYNC), "the follower missed commits and must be told so, but got the"
                + " commit " + e.getProperty(Topics.COMMIT_ID) + " creating "
                + List.of((String[]) e.getProperty(Topics.CREATED)));
        assertNull(e.getProperty(Topics.COMMIT_ID), "a resync names no commit");
        assertEquals(0, ((String[]) e.getProperty(Topics.CHANGED)).length);
        return e;
    }

    @Test
    void aFollowerOfAStoreThatWasReplacedIsToldAndSeesEveryCommitOfTheNewOne() throws Exception {
        String remote = unique("srv-replaced");
        ModelStore before = server.serveMemoryStore(remote);
        RestModelStore a = follower(unique("replaced"), server.base, remote);
        Await.until("the stream is connected", a::streaming);
        BlockingQueue<Event> onA = fixture.listen(a.name());
        for (int i = 0; i < 3; i++) {
            ObjectId id = ObjectId.random();
            before.commit(createItem(id, "old-" + i));
            nextCommit(onA, id);
        }
        Await.until("the follower has seen sequence 3", () -> a.streamPosition() == 3);

        // The server's memory store restarts: another instance under the same name, counting from 1 again.
        server.unserve(remote);
        ModelStore after = server.serveMemoryStore(remote);
        assertNotEquals(before.epoch(), after.epoch());
        Event resync = nextResync(onA);
        assertEquals(0L, resync.getProperty(Topics.SEQUENCE), "the follower follows the new store from its head");

        List<ObjectId> fresh = List.of(ObjectId.random(), ObjectId.random(), ObjectId.random());
        for (ObjectId id : fresh) {
            after.commit(createItem(id, "new"));
        }
        for (int i = 0; i < fresh.size(); i++) {
            Event e = nextCommit(onA, fresh.get(i));
            assertEquals((long) i + 1, e.getProperty(Topics.SEQUENCE));
        }
        assertNull(onA.poll(500, TimeUnit.MILLISECONDS), "nothing else arrives");
        Await.until("the follower has seen sequence 3 of the new store", () -> a.streamPosition() == 3);
    }

    @Test
    void aFollowerAwayLongerThanTheLogKeepsIsToldAndFollowsOn() throws Exception {
        String remote = unique("srv-away");
        ModelStore serverSide = server.serveMemoryStore(remote);
        try (FlakyProxy proxy = new FlakyProxy(server.base.getPort())) {
            RestModelStore a = follower(unique("away"), proxy.via(server.base), remote);
            Await.until("the stream is connected", a::streaming);
            BlockingQueue<Event> onA = fixture.listen(a.name());
            ObjectId first = ObjectId.random();
            serverSide.commit(createItem(first, "before"));
            nextCommit(onA, first);
            Await.until("the follower has seen sequence 1", () -> a.streamPosition() == 1);
            long seen = a.streamPosition();

            proxy.cut(true);
            Await.until("the client notices the cut", () -> !a.streaming());
            long head = 0;
            // One more than the memory store's log keeps.
            for (int i = 0; i < 10_001; i++) {
                head = serverSide.commit(createItem(ObjectId.random(), "while-away-" + i)).sequence();
            }
            assertTrue(serverSide.logFloor() > seen, "the server's log no longer reaches back to " + seen
                    + " (floor " + serverSide.logFloor() + ")");
            assertNull(onA.poll(300, TimeUnit.MILLISECONDS), "nothing can arrive while the network is down");

            proxy.cut(false);
            Event resync = nextResync(onA);
            assertEquals(head, resync.getProperty(Topics.SEQUENCE));
            ObjectId later = ObjectId.random();
            serverSide.commit(createItem(later, "later"));
            nextCommit(onA, later);
            assertNull(onA.poll(500, TimeUnit.MILLISECONDS), "no commit from before the resync arrives");
        }
    }

    @Test
    void aReconnectionToTheSameStoreResumesWithoutResync() throws Exception {
        String remote = unique("srv-same");
        ModelStore serverSide = server.serveMemoryStore(remote);
        try (FlakyProxy proxy = new FlakyProxy(server.base.getPort())) {
            RestModelStore a = follower(unique("same"), proxy.via(server.base), remote);
            Await.until("the stream is connected", a::streaming);
            BlockingQueue<Event> onA = fixture.listen(a.name());
            ObjectId first = ObjectId.random();
            serverSide.commit(createItem(first, "before"));
            nextCommit(onA, first);

            proxy.cut(true);
            Await.until("the client notices the cut", () -> !a.streaming());
            // The server restarts as well: its streams start again, the store is the same one.
            server.restart();
            server.awaitStatus("/stores/" + remote, 200);
            List<ObjectId> missed = List.of(ObjectId.random(), ObjectId.random(), ObjectId.random());
            for (ObjectId id : missed) {
                serverSide.commit(createItem(id, "while-cut"));
            }
            proxy.cut(false);
            for (ObjectId id : missed) {
                nextCommit(onA, id);
            }
            assertNull(onA.poll(500, TimeUnit.MILLISECONDS), "no resync and no commit twice");
            assertTrue(a.streaming());
        }
    }

    @Test
    void storeInfoAndTheReadyEventNameTheEpochTheHeadAndTheLogFloor() throws Exception {
        String name = unique("srv-ready");
        ModelStore store = server.serveMemoryStore(name);
        store.commit(createItem(ObjectId.random(), "one"));
        store.commit(createItem(ObjectId.random(), "two"));

        JsonNode info = TestServer.json(server.get("/stores/" + name, TestServer.bearer()));
        assertEquals(store.epoch(), Json.text(info, "epoch", "", ""), info.toString());
        assertEquals(2, Json.number(info, "sequence", "", -1), info.toString());
        assertEquals(0, Json.number(info, "logFloor", "", -1), info.toString());

        JsonNode ready = ready(name, 1);
        assertEquals(store.epoch(), Json.text(ready, "epoch", "", ""), ready.toString());
        assertEquals(2, Json.number(ready, "head", "", -1), ready.toString());
        assertEquals(0, Json.number(ready, "logFloor", "", -1), ready.toString());
        assertEquals(1, Json.number(ready, "after", "", -1), ready.toString());
        assertEquals(2, Json.number(ready(name, 7), "after", "", -1),
                "a position above the head belongs to another history: the stream starts at the head");
        assertFalse(store.epoch().isEmpty());
    }

    /** The data of the {@code ready} event of a stream opened with this Last-Event-ID (bounded). */
    private JsonNode ready(String store, long lastEventId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.base + "/stores/" + store + "/events"))
                .header("Authorization", TestServer.bearer()).header("Last-Event-ID", Long.toString(lastEventId))
                .build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        InputStream in = response.body();
        CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                boolean inReady = false;
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.equals("event: ready")) {
                        inReady = true;
                    } else if (inReady && line.startsWith("data:")) {
                        return line.substring(5).strip();
                    }
                }
                return "the stream ended before its ready event";
            } catch (java.io.IOException e) {
                return "failed: " + e;
            }
        });
        try {
            String text = data.get(10, TimeUnit.SECONDS);
            assertTrue(text.startsWith("{"), text);
            return Json.parse(text.getBytes(StandardCharsets.UTF_8));
        } finally {
            in.close();
        }
    }
}
