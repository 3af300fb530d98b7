package dev.strata.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.ChangeSet;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.rest.RestModelStore;
import dev.strata.store.rest.RestStoreOptions;
import dev.strata.store.rest.RestStores;
import dev.strata.core.contract.Await;
import dev.strata.server.tests.harness.TestServer;

/**
 * HTTPS end to end on loopback: {@code strata:serve --keystore} with a self-signed certificate made
 * here by the JDK's keytool switches Felix HTTP Jetty to https only; a REST store that trusts the
 * certificate (trust store or pinned certificate file) commits and reads, one that does not is
 * refused with an error about the certificate, and plain http on the port gets no data. The HTTP
 * runtime's configuration is restored afterwards for the other tests.
 */
class TlsTest {

    private static final String HTTP_PID = "org.apache.felix.http";
    private static final String RUNTIME = "(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)";
    private static final String PASSWORD = "key-store-secret";
    private static final String TRUST_PASSWORD = "trust-store-secret";
    private static final String TOKEN = "tls-token";
    private static final TypeRef ITEM = TypeRef.of(ContractModel.INSTANCE.item);

    private static Path dir;
    private static Path keyStore;
    private static Path certificate;
    private static Path trustStore;
    private static Path otherCertificate;
    private static BundleContext context;
    private static ConfigurationAdmin admin;
    private static Dictionary<String, Object> httpBefore;
    private static ServiceTracker<CommandProcessor, CommandProcessor> commands;
    private static CommandSession session;
    private static ServiceRegistration<ModelStore> registration;
    private static ModelStore served;
    private static EventAdmin events;
    private static String store;
    private static int port;
    private static URI base;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void serveOverHttps() throws Exception {
        assertNotNull(ContractModel.INSTANCE.ePackage);
        dir = Files.createTempDirectory("strata-tls");
        keyStore = dir.resolve("server.p12");
        certificate = dir.resolve("server.pem");
        trustStore = dir.resolve("trust.p12");
        otherCertificate = dir.resolve("other.pem");
        selfSigned(keyStore, certificate);
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", TRUST_PASSWORD);
        selfSigned(dir.resolve("other.p12"), otherCertificate);

        context = FrameworkUtil.getBundle(TlsTest.class).getBundleContext();
        admin = service(ConfigurationAdmin.class);
        events = service(EventAdmin.class);
        httpBefore = admin.getConfiguration(HTTP_PID, "?").getProperties();
        store = "tls-" + UUID.randomUUID().toString().substring(0, 8);
        served = Repositories.memoryStore(store, events);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ModelStore.NAME, store);
        props.put(ModelStore.TYPE, "memory");
        registration = context.registerService(ModelStore.class, served, props);

        commands = new ServiceTracker<>(context, CommandProcessor.class, null);
        commands.open();
        CommandProcessor processor = commands.waitForService(TestServer.WAIT_MS);
        assertNotNull(processor, "no Gogo command processor");
        session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(new ByteArrayOutputStream(), true));
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String message = String.valueOf(session.execute("strata:serve --path /tls --host 127.0.0.1 --port " + port
                + " --keystore '" + keyStore + "' --keystore-password " + PASSWORD + " --token " + TOKEN + " " + store));
        base = URI.create("https://127.0.0.1:" + port + "/tls");
        assertTrue(message.contains(base.toString()), message);
        assertTrue(message.contains("HTTPS only"), message);
    }

    @AfterAll
    static void restoreHttp() throws Exception {
        try {
            if (session != null) {
                try {
                    session.execute("strata:unserve --path /tls");
                } catch (Exception e) {
                    // not served: nothing to undo
                }
                session.close();
            }
            if (registration != null) {
                registration.unregister();
            }
        } finally {
            if (admin == null) {
                return; // nothing was changed
            }
            Configuration http = admin.getConfiguration(HTTP_PID, "?");
            if (httpBefore == null) {
                http.delete();
            } else {
                http.update(httpBefore);
            }
            if (commands != null) {
                commands.close();
            }
            try (Stream<Path> files = dir == null ? Stream.empty() : Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Await.until("the HTTP runtime is back on plain http for the next tests",
                    () -> endpoints().stream().anyMatch(e -> e.startsWith("http://")));
        }
    }

    private void closeLater(AutoCloseable c) {
        cleanup.add(c);
    }

    @org.junit.jupiter.api.AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        cleanup.clear();
    }

    private static RestStoreOptions options() {
        return RestStoreOptions.of(base).withRemoteStore(store).withToken(TOKEN).withTimeout(Duration.ofSeconds(10))
                .withRetryFor(Duration.ofSeconds(10));
    }

    private static ChangeSet create(ObjectId id, String name) {
        return new ChangeSet(UUID.randomUUID(), "test", "", List.of(new Record(id, ITEM, 0, Map.of("name", name))),
                List.of(), List.of());
    }

    @Test
    void aRestStoreThatTrustsTheCertificateCommitsAndReadsOverHttps() throws Exception {
        RestModelStore writer = RestStores.open("tls-writer", options().withTrustStore(trustStore, TRUST_PASSWORD),
                events);
        closeLater(writer);
        ObjectId id = ObjectId.random();
        writer.commit(create(id, "over-tls"));
        assertEquals("over-tls", served.load(id).orElseThrow().value("name"), "the commit reached the server");
        assertEquals("over-tls", writer.load(id).orElseThrow().value("name"));

        // The server's certificate alone, pinned.
        RestModelStore pinned = RestStores.open("tls-pinned", options().withTrustStore(certificate, null));
        closeLater(pinned);
        assertEquals("over-tls", pinned.load(id).orElseThrow().value("name"));

        // The change stream runs over the same TLS connection settings.
        Await.until("the change stream connects over https", writer::streaming);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefusedWithAClearError() throws Exception {
        int before = served.log(0, 1000).size();
        RestModelStore untrusting = RestStores.open("tls-untrusting", options());
        closeLater(untrusting);
        long start = System.nanoTime();
        StoreException e = assertThrows(StoreException.class, () -> untrusting.commit(create(ObjectId.random(), "x")));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String m = e.getMessage();
        assertTrue(m.contains("TLS") && m.contains("certificate is not trusted") && m.contains("trust store")
                && m.contains(base.getHost()), m);
        assertFalse(m.contains("sun.security") || m.contains("Exception") || m.contains("\tat "),
                "no Java names or stack trace: " + m);
        assertTrue(ms < 5000, "a refused certificate is not retried for 10 s like a network failure: " + ms + " ms");

        // A trust store that holds another certificate is no better than none: nothing is trusted blindly.
        RestModelStore wrongPin = RestStores.open("tls-wrong-pin", options().withTrustStore(otherCertificate, null));
        closeLater(wrongPin);
        e = assertThrows(StoreException.class, () -> wrongPin.load(ObjectId.random()));
        assertTrue(e.getMessage().contains("certificate is not trusted") && e.getMessage().contains(
                otherCertificate.toString()), e.getMessage());
        assertEquals(before, served.log(0, 1000).size(), "nothing was committed");
    }

    @Test
    void aWrongTrustStorePasswordIsRefusedWhenTheStoreOpens() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestStores.open("tls-bad-password", options().withTrustStore(trustStore, "wrong")));
        assertTrue(e.getMessage().contains(trustStore.toString()) && e.getMessage().contains("wrong password"),
                e.getMessage());
    }

    @Test
    void plainHttpOnTheHttpsPortGetsNoDataAndPlainHttpIsOff() throws Exception {
        ObjectId id = ObjectId.random();
        String marker = "secret-" + UUID.randomUUID();
        served.commit(create(id, marker));
        String request = "GET /tls/stores/" + store + "/objects/" + id + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n";
        String answer;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            answer = readSome(socket.getInputStream());
        }
        assertFalse(answer.contains(marker), "plain http got the data: " + answer);
        assertFalse(answer.startsWith("HTTP/1.1 200"), answer);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/tls/stores/" + store
                    + "/objects/" + id)).header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5))
                    .build();
            try {
                HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                assertNotEquals(200, r.statusCode(), r.body());
                assertFalse(r.body().contains(marker), r.body());
            } catch (IOException refused) {
                // as good: no data
            }
        } finally {
            http.shutdownNow();
        }
        assertFalse(endpoints().isEmpty());
        assertTrue(endpoints().stream().allMatch(e -> e.startsWith("https://")), "no plain http endpoint: "
                + endpoints());
    }

    @Test
    void serveRefusesAKeyStoreItCannotUseAndLeavesTheRuntimeAlone() throws Exception {
        Dictionary<String, Object> now = admin.getConfiguration(HTTP_PID, "?").getProperties();
        Exception e = assertThrows(Exception.class, () -> session.execute("strata:serve --path /tls-bad --port "
                + port + " --keystore '" + keyStore + "' --keystore-password wrong " + store));
        assertTrue(e.getMessage().contains("wrong --keystore-password"), e.getMessage());
        e = assertThrows(Exception.class, () -> session.execute("strata:serve --path /tls-bad --port " + port
                + " --keystore '" + dir.resolve("missing.p12") + "' --keystore-password x " + store));
        assertTrue(e.getMessage().contains("missing.p12") && e.getMessage().contains("not a readable file"),
                e.getMessage());
        e = assertThrows(Exception.class, () -> session.execute("strata:serve --path /tls-bad --port " + port
                + " --keystore '" + certificate + "' --keystore-password x " + store));
        assertTrue(e.getMessage().contains("cannot be opened") || e.getMessage().contains("no private key"),
                e.getMessage());
        assertFalse(String.valueOf(session.execute("strata:servers")).contains("/tls-bad"), "nothing configured");
        assertEquals(String.valueOf(now.get("org.osgi.service.http.port.secure")), String.valueOf(
                admin.getConfiguration(HTTP_PID, "?").getProperties().get("org.osgi.service.http.port.secure")));
    }

    /** What the server sends back within the socket's timeout, up to 64 KiB. */
    private static String readSome(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while (out.size() < 65536 && (n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // silence or a reset: what arrived is the answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static List<String> endpoints() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, RUNTIME);
        List<String> list = new ArrayList<>();
        if (refs != null) {
            Object endpoint = refs[0].getProperty("osgi.http.endpoint");
            if (endpoint instanceof String[] a) {
                list.addAll(List.of(a));
            } else if (endpoint instanceof java.util.Collection<?> c) {
                c.forEach(x -> list.add(String.valueOf(x)));
            } else if (endpoint != null) {
                list.add(endpoint.toString());
            }
        }
        return list;
    }

    private static <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T service = tracker.waitForService(TestServer.WAIT_MS);
        assertNotNull(service, "no " + type.getSimpleName());
        return service;
    }

    /** A PKCS12 key store with a new self-signed certificate for 127.0.0.1 and localhost, and that certificate as PEM. */
    private static void selfSigned(Path store, Path pem) throws Exception {
        keytool("-genkeypair", "-alias", "strata", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "strata", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
    }

    /** Runs the keytool of the JDK the tests run on, bounded in time. */
    private static void keytool(String... args) throws Exception {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assertTrue(Files.isExecutable(tool), "the tests need a JDK with keytool, not found at " + tool);
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "keytool", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done && p.exitValue() == 0, "keytool " + args[0] + " failed: " + Files.readString(log));
    }
}
