package dev.strata.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.Map;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.osgi.util.tracker.ServiceTracker;

/** strata:serve, strata:servers and strata:unserve through Gogo, as the product console runs them. */
class ServeCommandsTest {

    @Test
    void serveWritesAServerConfigurationAndUnserveRemovesIt() throws Exception {
        try (TestServer server = TestServer.start(Map.of())) {
            server.serveMemoryStore("served-by-command");
            ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(server.context,
                    CommandProcessor.class, null);
            tracker.open();
            CommandProcessor processor = tracker.waitForService(TestServer.WAIT_MS);
            assertNotNull(processor, "no Gogo command processor");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true), new PrintStream(out, true))) {
                String message = String.valueOf(session.execute(
                        "strata:serve --path /by-command --token cmd-token served-by-command"));
                assertTrue(message.contains("Serving served-by-command at http://127.0.0.1:"), message);
                assertTrue(message.contains("/by-command"), message);
                URI stores = URI.create("http://127.0.0.1:" + server.base.getPort() + "/by-command/stores");
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest get = HttpRequest.newBuilder(stores.resolve("stores/served-by-command"))
                        .header("Authorization", "Bearer cmd-token").timeout(Duration.ofSeconds(10)).build();
                assertEquals(200, awaitStatus(http, get, 200));
                // The framework's default memory store exists, but only the named store is served.
                assertEquals(200, server.get("/stores/memory", TestServer.bearer()).statusCode());
                HttpRequest other = HttpRequest.newBuilder(URI.create(stores + "/memory"))
                        .header("Authorization", "Bearer cmd-token").timeout(Duration.ofSeconds(10)).build();
                assertEquals(404, http.send(other, HttpResponse.BodyHandlers.ofString()).statusCode());
                assertTrue(String.valueOf(session.execute("strata:servers")).contains("/by-command"));
                assertTrue(String.valueOf(session.execute("strata:unserve --path /by-command")).contains("Stopped"));
                assertEquals(404, awaitStatus(http, get, 404));
                assertThrows(Exception.class, () -> session.execute("strata:unserve --path /by-command"));
            } finally {
                tracker.close();
            }
        }
    }

    @Test
    void serveWithWaitKeepsServingUntilInterrupted() throws Exception {
        try (TestServer server = TestServer.start(Map.of())) {
            server.serveMemoryStore("served-while-waiting");
            ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(server.context,
                    CommandProcessor.class, null);
            tracker.open();
            CommandProcessor processor = tracker.waitForService(TestServer.WAIT_MS);
            assertNotNull(processor, "no Gogo command processor");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
            Thread command = new Thread(() -> {
                // As the headless runner does: the session writes to the streams Gogo redirects.
                try (CommandSession session = processor.createSession(System.in, System.out, System.err)) {
                    outcome.set(session.execute("strata:serve --wait --path /waiting --token w served-while-waiting"));
                } catch (Exception e) {
                    outcome.set(e);
                }
            });
            command.start();
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.base.getPort()
                        + "/waiting/stores/served-while-waiting")).header("Authorization", "Bearer w")
                        .timeout(Duration.ofSeconds(10)).build();
                assertEquals(200, awaitStatus(http, get, 200));
                Thread.sleep(1500);
                assertTrue(command.isAlive(), "the command keeps running: " + describe(outcome.get()));
            } finally {
                command.interrupt();
                command.join(TestServer.WAIT_MS);
                tracker.close();
                try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true), new PrintStream(out, true))) {
                    session.execute("strata:unserve --path /waiting");
                }
            }
            assertTrue(!command.isAlive(), "the command ends when interrupted");
        }
    }

    private static String describe(Object outcome) {
        StringBuilder b = new StringBuilder(String.valueOf(outcome));
        for (Throwable t = outcome instanceof Throwable th ? th.getCause() : null; t != null; t = t.getCause()) {
            b.append(" <- ").append(t);
        }
        return b.toString();
    }

    /** Sends the request until it answers the status (bounded); returns the last status. */
    private static int awaitStatus(HttpClient http, HttpRequest request, int status) throws Exception {
        long end = System.currentTimeMillis() + TestServer.WAIT_MS;
        int last;
        do {
            last = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
            if (last == status) {
                return last;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < end);
        return last;
    }
}
