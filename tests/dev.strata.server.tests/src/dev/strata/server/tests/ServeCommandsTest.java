package dev.strata.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.contract.Await;
import dev.strata.server.tests.harness.TestServer;

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
                TestServer.awaitStatus(http, get, 200);
                // The framework's default memory store exists, but only the named store is served.
                assertEquals(200, server.get("/stores/memory", TestServer.bearer()).statusCode());
                HttpRequest other = HttpRequest.newBuilder(URI.create(stores + "/memory"))
                        .header("Authorization", "Bearer cmd-token").timeout(Duration.ofSeconds(10)).build();
                assertEquals(404, http.send(other, HttpResponse.BodyHandlers.ofString()).statusCode());
                assertTrue(String.valueOf(session.execute("strata:servers")).contains("/by-command"));
                assertTrue(String.valueOf(session.execute("strata:unserve --path /by-command")).contains("Stopped"));
                TestServer.awaitStatus(http, get, 404);
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
                TestServer.awaitStatus(http, get, 200);
                // Not a wait for a condition: the command must still be running a while after it serves.
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

    /** A Gogo session on the test framework's command processor, printing into out. */
    private static CommandSession session(TestServer server, ByteArrayOutputStream out) throws Exception {
        ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(server.context,
                CommandProcessor.class, null);
        tracker.open();
        try {
            CommandProcessor processor = tracker.waitForService(TestServer.WAIT_MS);
            assertNotNull(processor, "no Gogo command processor");
            return processor.createSession(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                    new PrintStream(out, true));
        } finally {
            tracker.close();
        }
    }

    @Test
    void serveRefusesAStoreThatDoesNotExistNamingTheStoresThatDo() throws Exception {
        try (TestServer server = TestServer.start(Map.of());
                CommandSession session = session(server, new ByteArrayOutputStream())) {
            server.serveMemoryStore("really-there");
            Exception e = assertThrows(Exception.class,
                    () -> session.execute("strata:serve --path /nostore --token t really-there no-such-store"));
            assertTrue(e.getMessage().contains("'no-such-store'") && e.getMessage().contains("really-there"),
                    e.getMessage());
            assertFalse(String.valueOf(session.execute("strata:servers")).contains("/nostore"), "nothing configured");
        }
    }

    @Test
    void serveOnAPortInUseFailsNamingThePortAndChangesNothing() throws Exception {
        try (TestServer server = TestServer.start(Map.of());
                CommandSession session = session(server, new ByteArrayOutputStream());
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.serveMemoryStore("port-taken");
            ConfigurationAdmin admin = server.context.getService(server.context.getServiceReference(ConfigurationAdmin.class));
            Configuration http = admin.getConfiguration("org.apache.felix.http", "?");
            Dictionary<String, Object> before = http.getProperties();
            int port = taken.getLocalPort();
            try {
                Exception e = assertThrows(Exception.class, () -> session.execute("strata:serve --port " + port
                        + " --host 127.0.0.1 --path /taken --token t port-taken"));
                assertTrue(e.getMessage().contains("port " + port) && e.getMessage().contains("in use"), e.getMessage());
                assertFalse(String.valueOf(session.execute("strata:servers")).contains("/taken"), "nothing configured");
                Dictionary<String, Object> after = admin.getConfiguration("org.apache.felix.http", "?").getProperties();
                assertEquals(before == null ? null : before.get("org.osgi.service.http.port"),
                        after == null ? null : after.get("org.osgi.service.http.port"), "the HTTP runtime's port is unchanged");
                assertEquals(200, server.get("/stores/port-taken", TestServer.bearer()).statusCode(),
                        "the running server still answers where it did");
            } finally {
                // Whatever the command did, the next tests need the runtime where it was.
                Configuration now = admin.getConfiguration("org.apache.felix.http", "?");
                if (before == null && now.getProperties() != null) {
                    now.delete();
                } else if (before != null) {
                    now.update(before);
                }
            }
        }
    }

    @Test
    void unserveOfTheLastServerClosesThePortTheServerOpened() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(ServeCommandsTest.class).getBundleContext();
        Bundle jetty = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "org.apache.felix.http.jetty12".equals(b.getSymbolicName())).findFirst().orElseThrow();
        // As in the product: the HTTP runtime is installed but not started, so no port is open.
        jetty.stop();
        try {
            ModelStore store = Repositories.memoryStore("served-on-demand");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(ModelStore.NAME, "served-on-demand");
            ServiceRegistration<ModelStore> registration = context.registerService(ModelStore.class, store, props);
            ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(context,
                    CommandProcessor.class, null);
            tracker.open();
            try (CommandSession session = tracker.waitForService(TestServer.WAIT_MS).createSession(
                    new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                    new PrintStream(new ByteArrayOutputStream(), true))) {
                String message = String.valueOf(session.execute(
                        "strata:serve --path /on-demand --token t served-on-demand"));
                Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/on-demand").matcher(message);
                assertTrue(m.find(), message);
                int port = Integer.parseInt(m.group(1));
                Await.until("the server listens on " + port, () -> connects(port));
                String stopped = String.valueOf(session.execute("strata:unserve --path /on-demand"));
                Await.until("port " + port + " is closed after unserve: " + stopped, () -> !connects(port));
            } finally {
                tracker.close();
                registration.unregister();
            }
        } finally {
            jetty.start();
            ServiceTracker<Object, Object> runtime = new ServiceTracker<>(context,
                    context.createFilter("(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)"), null);
            runtime.open();
            assertNotNull(runtime.waitForService(TestServer.WAIT_MS), "the HTTP runtime is back for the next tests");
            runtime.close();
        }
    }

    /** Whether a loopback connection to the port succeeds now. */
    private static boolean connects(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
