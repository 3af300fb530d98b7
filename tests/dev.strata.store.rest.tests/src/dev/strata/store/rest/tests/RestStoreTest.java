package dev.strata.store.rest.tests;

import static dev.strata.server.tests.harness.ServerFixture.createItem;
import static dev.strata.server.tests.harness.ServerFixture.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StoreException;
import dev.strata.core.Topics;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.rest.RestModelStore;
import dev.strata.store.rest.RestStoreOptions;
import dev.strata.core.admin.StrataConfig;
import dev.strata.core.contract.Await;
import dev.strata.server.tests.harness.ServerFixture;
import dev.strata.server.tests.harness.TestServer;

/**
 * The REST store as an application sees it: other clients' commits on its event bus, a change
 * stream that resumes after the network drops it, commits retried with the same id after a lost
 * answer, and clear errors for an unreachable server or a refused credential.
 */
class RestStoreTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    @RegisterExtension
    static final ServerFixture fixture = new ServerFixture();
    /** Made per test, after the fixture started the server. */
    private final TestServer server = fixture.server();

    private static Event next(BlockingQueue<Event> events) throws InterruptedException {
        return ServerFixture.next(events, "a commit event");
    }

    @Test
    void aSecondClientsCommitReachesTheFirstClientsEventBus() throws Exception {
        String remote = unique("srv-two");
        server.serveMemoryStore(remote);
        RestModelStore a = fixture.open(unique("a"), server.options(remote));
        RestModelStore b = fixture.open(unique("b"), server.options(remote));
        assertTrue(a.capabilities().contains(ModelStore.Capability.NOTIFIES));
        Await.until("client a follows the change stream", a::streaming);
        BlockingQueue<Event> onA = fixture.listen(a.name());
        BlockingQueue<Event> onB = fixture.listen(b.name());

        Repository repoB = Repositories.builder("two-b", b).packages(M.ePackage).build();
        ObjectId id;
        try (Session s = repoB.openSession()) {
            EObject item = s.add(M.newItem("from-b"));
            s.commit("b commits");
            id = s.idOf(item);
        }
        Event seenByA = next(onA);
        assertEquals(a.name(), seenByA.getProperty(Topics.STORE));
        assertEquals(List.of(id.toString()), List.of((String[]) seenByA.getProperty(Topics.CREATED)));
        assertTrue(List.of((String[]) seenByA.getProperty(Topics.VERSIONS)).contains(id + "=1"));
        Event seenByB = next(onB);
        assertEquals(seenByA.getProperty(Topics.COMMIT_ID), seenByB.getProperty(Topics.COMMIT_ID));
        assertEquals(seenByA.getProperty(Topics.SEQUENCE), seenByB.getProperty(Topics.SEQUENCE));

        // A client's own commit is announced once: by its commit, not again by the stream.
        CommitResult own = a.commit(createItem(ObjectId.random(), "from-a"));
        assertEquals(own.commitId().toString(), next(onA).getProperty(Topics.COMMIT_ID));
        assertEquals(own.commitId().toString(), next(onB).getProperty(Topics.COMMIT_ID));
        assertNull(onA.poll(500, TimeUnit.MILLISECONDS), "a commit announced twice");
        assertTrue(onB.isEmpty());
        assertEquals("from-b", a.load(id).orElseThrow().value("name"));
    }

    @Test
    void theChangeStreamResumesAfterADroppedConnectionWithoutMissingACommit() throws Exception {
        String remote = unique("srv-resume");
        ModelStore serverSide = server.serveMemoryStore(remote);
        try (FlakyProxy proxy = new FlakyProxy(server.base.getPort())) {
            RestModelStore a = fixture.open(unique("resume"),
                    server.options(remote).withServer(proxy.via(server.base)));
            Await.until("the stream is connected", a::streaming);
            BlockingQueue<Event> onA = fixture.listen(a.name());
            ObjectId first = ObjectId.random();
            serverSide.commit(createItem(first, "before"));
            assertEquals(List.of(first.toString()), List.of((String[]) next(onA).getProperty(Topics.CREATED)));

            proxy.cut(true);
            Await.until("the client notices the cut", () -> !a.streaming());
            List<ObjectId> missed = List.of(ObjectId.random(), ObjectId.random(), ObjectId.random());
            for (ObjectId id : missed) {
                serverSide.commit(createItem(id, "while-cut-" + id));
            }
            assertNull(onA.poll(300, TimeUnit.MILLISECONDS), "nothing can arrive while the network is down");

            proxy.cut(false);
            for (ObjectId id : missed) {
                assertEquals(List.of(id.toString()), List.of((String[]) next(onA).getProperty(Topics.CREATED)),
                        "commits arrive once each, in order");
            }
            assertNull(onA.poll(500, TimeUnit.MILLISECONDS), "no commit is delivered twice");
            assertTrue(a.streaming());
        }
    }

    /** The server answers a page of commits at a time; a client asking for the whole log gets all of it. */
    @Test
    void aLogLongerThanOnePageIsReadWhole() throws Exception {
        String remote = unique("srv-log");
        ModelStore serverSide = server.serveMemoryStore(remote);
        int commits = dev.strata.wire.JsonChanges.LOG_PAGE * 2 + 7;
        for (int i = 0; i < commits; i++) {
            serverSide.commit(createItem(ObjectId.random(), "c" + i));
        }
        RestModelStore a = fixture.open(unique("log"), server.options(remote));
        List<dev.strata.core.LoggedCommit> all = a.log(-1, Integer.MAX_VALUE);
        assertEquals(serverSide.log(-1, Integer.MAX_VALUE), all, "the whole log, in order");
        assertEquals(commits, all.size());
        assertEquals(dev.strata.wire.JsonChanges.LOG_PAGE + 3, a.log(-1, dev.strata.wire.JsonChanges.LOG_PAGE + 3).size(),
                "at most max");
        long middle = all.get(500).sequence();
        assertEquals(all.subList(501, all.size()), a.log(middle, Integer.MAX_VALUE), "after a sequence");
    }

    /**
     * History over the wire: the time the server's store accepted each commit and its author reach
     * the client as the server logged them; the newest commits come in one request
     * ({@code ?last=n}), more than a page is read through the log, and wrong parameters are refused
     * naming them.
     */
    @Test
    void theNewestCommitsWithTimeAndAuthorComeOverTheWire() throws Exception {
        String remote = unique("srv-history");
        ModelStore serverSide = server.serveMemoryStore(remote);
        int commits = dev.strata.wire.JsonChanges.LOG_PAGE + 5;
        for (int i = 0; i < commits; i++) {
            serverSide.commit(createItem(ObjectId.random(), "h" + i).withAuthor(i % 2 == 0 ? "ada" : "grace"));
        }
        RestModelStore a = fixture.open(unique("history"), server.options(remote));
        try (Session s = Repositories.builder("history", a).packages(M.ePackage).build().openSession()) {
            s.setAuthor("linus");
            s.add(M.newItem("through the client"));
            s.commit("from the client");
        }
        LoggedCommit onServer = serverSide.recentLog(1).get(0);
        assertEquals("linus", onServer.author(), "the author travels with the change set");
        List<LoggedCommit> newest = a.recentLog(3);
        assertEquals(serverSide.recentLog(3), newest, "the newest three with their times and authors");
        assertNotNull(newest.get(2).time());
        assertEquals(List.of("grace", "ada", "linus"), newest.stream().map(LoggedCommit::author).toList());
        int many = dev.strata.wire.JsonChanges.LOG_PAGE + 2;
        assertEquals(serverSide.recentLog(many), a.recentLog(many), "more than a page");

        JsonNode answer = TestServer.json(server.get("/stores/" + remote + "/commits?last=2", TestServer.bearer()));
        assertEquals(2, answer.get("commits").size());
        assertEquals(onServer.time().toString(), answer.get("commits").get(1).get("time").asText());
        assertEquals("linus", answer.get("commits").get(1).get("changes").get("author").asText());
        for (String wrong : List.of("last=-1", "last=" + (dev.strata.wire.JsonChanges.LOG_PAGE + 1), "last=2&after=1",
                "last=x")) {
            var refused = server.get("/stores/" + remote + "/commits?" + wrong, TestServer.bearer());
            assertEquals(400, refused.statusCode(), wrong + ": " + refused.body());
            assertTrue(refused.body().contains("last"), wrong + " names 'last': " + refused.body());
        }
    }

    /** An older server's log entry has no time and its change set no author: it still reads. */
    @Test
    void aLoggedCommitWithoutTimeOrAuthorStillReadsAndABadTimeIsNamed() {
        String old = "{\"sequence\":7,\"changes\":{\"commitId\":\"" + java.util.UUID.randomUUID()
                + "\",\"session\":\"s\",\"message\":\"old\",\"created\":[],\"changed\":[],\"deleted\":[]}}";
        LoggedCommit c = dev.strata.wire.JsonChanges.loggedCommit(dev.strata.wire.Json.parse(
                old.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "commits[0]");
        assertEquals(7, c.sequence());
        assertNull(c.time());
        assertEquals("", c.author());
        String bad = old.replace("{\"sequence\":7,", "{\"sequence\":7,\"time\":\"yesterday\",");
        dev.strata.wire.WireException e = assertThrows(dev.strata.wire.WireException.class,
                () -> dev.strata.wire.JsonChanges.loggedCommit(dev.strata.wire.Json.parse(
                        bad.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "commits[0]"));
        assertTrue(e.getMessage().contains("commits[0].time") && e.getMessage().contains("yesterday"), e.getMessage());
    }

    @Test
    void aCommitWhoseAnswerIsLostIsRetriedWithTheSameIdAndAppliedOnce() throws Exception {
        String remote = unique("srv-retry");
        ModelStore serverSide = server.serveMemoryStore(remote);
        try (FlakyProxy proxy = new FlakyProxy(server.base.getPort())) {
            RestModelStore a = fixture.open(unique("retry"), server.options(remote).withServer(proxy.via(server.base)));
            Await.until("the stream is connected", a::streaming);
            BlockingQueue<Event> onA = fixture.listen(a.name());
            ObjectId id = ObjectId.random();
            ChangeSet cs = createItem(id, "retried");
            proxy.dropNextPostResponse();
            CommitResult result = a.commit(cs);
            assertEquals(1, proxy.droppedResponses(), "the first answer was lost");
            assertEquals(cs.commitId(), result.commitId());
            assertEquals(1, serverSide.load(id).orElseThrow().version());
            assertEquals(1, serverSide.log(0, 10).size(), "applied once");
            assertEquals(cs.commitId().toString(), next(onA).getProperty(Topics.COMMIT_ID));
            assertNull(onA.poll(500, TimeUnit.MILLISECONDS), "announced once");
        }
    }

    @Test
    void anUnreachableServerIsAClearErrorAndTheSessionKeepsItsChanges() throws Exception {
        String remote = unique("srv-gone");
        server.serveMemoryStore(remote);
        try (FlakyProxy proxy = new FlakyProxy(server.base.getPort())) {
            RestModelStore a = fixture.open(unique("gone"), server.options(remote).withServer(proxy.via(server.base))
                    .withRetryFor(Duration.ofMillis(700)));
            Repository repo = Repositories.builder("gone", a).packages(M.ePackage).build();
            try (Session s = repo.openSession()) {
                EObject item = s.add(M.newItem("kept"));
                proxy.cut(true);
                long t0 = System.nanoTime();
                StoreException e = assertThrows(StoreException.class, s::commit);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(e.getMessage().contains("unreachable") && e.getMessage().contains(a.url().getPath()),
                        e.getMessage());
                assertTrue(ms < 5000, "gave up after " + ms + " ms");
                assertEquals(ObjectState.NEW, s.state(item), "the session keeps its changes");
                proxy.cut(false);
                s.commit();
                assertEquals(ObjectState.CLEAN, s.state(item));
                assertTrue(a.load(s.idOf(item)).isPresent());
            }
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        RestModelStore nowhere = fixture.open(unique("nowhere"),
                RestStoreOptions.of("http://127.0.0.1:" + closed + "/strata").withRetryFor(Duration.ofMillis(300)));
        StoreException e = assertThrows(StoreException.class,
                () -> nowhere.commit(createItem(ObjectId.random(), "x")));
        assertTrue(e.getMessage().contains("127.0.0.1:" + closed), e.getMessage());
    }

    @Test
    void aMissingOrWrongCredentialIsReportedAsSuch() throws Exception {
        String remote = unique("srv-cred");
        server.serveMemoryStore(remote);
        RestModelStore none = fixture.open(unique("none"), server.options(remote).withToken(null));
        StoreException missing = assertThrows(StoreException.class, () -> none.load(ObjectId.random()));
        assertTrue(missing.getMessage().contains("wants a credential"), missing.getMessage());
        RestModelStore wrong = fixture.open(unique("wrong"), server.options(remote).withToken("nope"));
        StoreException refused = assertThrows(StoreException.class,
                () -> wrong.commit(createItem(ObjectId.random(), "x")));
        assertTrue(refused.getMessage().contains("refused the credential"), refused.getMessage());
        RestModelStore basic = fixture.open(unique("basic"), server.options(remote).withToken(null)
                .withBasic(TestServer.USER, TestServer.PASSWORD));
        assertTrue(basic.load(ObjectId.random()).isEmpty());
    }

    @Test
    void aClientsRepositoryTellsTheServerItsModel() throws Exception {
        String remote = unique("srv-model");
        ModelStore serverSide = server.serveMemoryStore(remote);
        RestModelStore a = fixture.open(unique("model"), server.options(remote));
        Repositories.builder("model", a).packages(M.ePackage).build();
        JsonNode info = TestServer.json(server.get("/stores/" + remote, TestServer.bearer()));
        assertEquals(ContractModel.NS_URI, info.get("packages").get(0).asText(), info.toString());
        assertEquals(1, info.get("modelVersions").get(ContractModel.NS_URI).asInt());
        assertFalse(serverSide.indexes().isEmpty(), "the repository's indexes are declared on the server's store");
        // The server now checks values against the model, for every client.
        String body = "{\"created\": [{\"id\": \"" + ObjectId.random() + "\", \"type\": \"Item\", \"values\":"
                + " {\"name\": \"n\", \"count\": \"many\"}}]}";
        HttpResponse<String> r = server.post("/stores/" + remote + "/commits", body, TestServer.bearer());
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("created[0].values.count", TestServer.json(r).get("field").asText());
        assertTrue(serverSide.roots().isEmpty());
    }

    @Test
    void aConfiguredRestStoreIsAServiceOfTypeRestThatAnnouncesOtherClientsCommits() throws Exception {
        String remote = unique("srv-ds");
        ModelStore serverSide = server.serveMemoryStore(remote);
        String name = unique("ds");
        ConfigurationAdmin admin = server.context.getService(server.context.getServiceReference(ConfigurationAdmin.class));
        Configuration config = admin.getFactoryConfiguration(StrataConfig.REST_STORE_PID, name, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ModelStore.NAME, name);
        props.put("url", server.base.toString());
        props.put("remote.store", remote);
        props.put(".token", TestServer.TOKEN);
        config.update(props);
        fixture.closeAfterTest(config::delete);
        ServiceTracker<ModelStore, ModelStore> tracker = new ServiceTracker<>(server.context,
                server.context.createFilter("(&(objectClass=" + ModelStore.class.getName() + ")(" + ModelStore.NAME
                        + "=" + name + "))"), null);
        tracker.open();
        fixture.closeAfterTest(tracker::close);
        ModelStore store = tracker.waitForService(TestServer.WAIT_MS);
        assertNotNull(store, "no REST store service within " + TestServer.WAIT_MS + " ms");
        ServiceReference<ModelStore> ref = tracker.getServiceReference();
        assertEquals("rest", ref.getProperty(ModelStore.TYPE));
        assertNull(ref.getProperty(".token"), "the token is not a service property");
        assertFalse(String.valueOf(ref.getProperty("token")).contains(TestServer.TOKEN));
        assertTrue(store.capabilities().contains(ModelStore.Capability.NOTIFIES));
        Await.until("the stream is connected", ((RestModelStore) store)::streaming);
        BlockingQueue<Event> events = fixture.listen(name);
        ObjectId id = ObjectId.random();
        serverSide.commit(createItem(id, "elsewhere"));
        assertEquals(List.of(id.toString()), List.of((String[]) next(events).getProperty(Topics.CREATED)));
        assertEquals("elsewhere", store.load(id).orElseThrow().value("name"));
    }
}
