package dev.strata.store.rest.tests;

import static dev.strata.server.tests.harness.ServerFixture.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.contract.Await;
import dev.strata.core.contract.ContractModel;
import dev.strata.server.tests.harness.ServerFixture;
import dev.strata.server.tests.harness.TestServer;
import dev.strata.store.queue.QueueModelStore;
import dev.strata.store.queue.QueueStoreOptions;
import dev.strata.store.queue.QueueStores;
import dev.strata.store.rest.RestModelStore;

/**
 * The offline-tolerant stack of docs/stores.md: a queue over a REST store. With the connection to
 * the server cut, a session's commits are acknowledged from the queue's journal; once the server
 * can be reached again they are drained to it, in order.
 */
class QueueOverRestTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final ServerFixture fixture = new ServerFixture();
    private final TestServer server = fixture.server();

    @Test
    void commitsAreAcceptedWhileTheServerIsUnreachableAndDrainedWhenItIsBack() throws Exception {
        String remote = unique("srv-queue");
        ModelStore serverSide = server.serveMemoryStore(remote);
        Path journal = Files.createTempDirectory("strata-queue-rest");
        try (FlakyProxy proxy = new FlakyProxy(server.base.getPort())) {
            // The REST store gives up on an unreachable server after a short while and the queue
            // retries; with the harness's 10 s the first failure came as late as the wait below ended.
            RestModelStore rest = fixture.open(unique("queued-rest"),
                    server.options(remote).withServer(proxy.via(server.base)).withRetryFor(Duration.ofMillis(500)));
            QueueModelStore queue = fixture.closeAfterTest(QueueStores.open(unique("offline"), rest,
                    QueueStoreOptions.defaults(journal).withRetryMax(Duration.ofMillis(200)), server.events));
            Repository repo = Repositories.builder("offline", queue).packages(M.ePackage).build();
            ObjectId first;
            try (Session s = repo.openSession()) {
                EObject item = s.add(M.newItem("first"));
                s.commit("while the server is there");
                first = s.idOf(item);
                assertTrue(queue.awaitDrained(WAIT), queue.toString());

                proxy.cut(true);
                item.eSet(M.count, 5);
                s.commit("offline, a change");
                s.add(M.newItem("second"));
                s.commit("offline, a new item");
            }
            Await.until("the queue says the server cannot be reached", WAIT, () -> queue.figures().get("failing") == 1);
            assertEquals(2, queue.queued());
            assertTrue(queue.problem().orElseThrow().contains("cannot take queued commit"), queue.problem().toString());
            assertEquals(List.of("first"), serverSide.roots().stream().map(r -> r.value("name")).toList());

            proxy.cut(false);
            assertTrue(queue.awaitDrained(WAIT), queue.toString());
            assertEquals(5, serverSide.load(first).orElseThrow().value("count"));
            assertEquals(List.of("first", "second"), serverSide.roots().stream().map(r -> r.value("name")).toList());
            assertEquals(0L, queue.figures().get("failing"));
            assertEquals(3L, queue.figures().get("drained"));
        } finally {
            try (Stream<Path> files = Files.walk(journal)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
