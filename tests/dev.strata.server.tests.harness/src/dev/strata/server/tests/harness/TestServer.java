package dev.strata.server.tests.harness;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.server.StrataServer;
import dev.strata.store.rest.RestStoreOptions;
import dev.strata.wire.Json;
import dev.strata.core.contract.Await;

/**
 * A Strata server configured through Config Admin in the test framework, on the loopback port
 * Felix HTTP Jetty picked, and the memory stores and repositories it serves. Every wait is bounded.
 * Shared by the server's tests and the REST store's tests.
 */
public final class TestServer implements AutoCloseable {

    public static final String TOKEN = "test-token";
    public static final String USER = "alice";
    public static final String PASSWORD = "secret";
    public static final long WAIT_MS = 10_000;

    private static final AtomicInteger COUNTER = new AtomicInteger();

    public final BundleContext context;
    public final EventAdmin events;
    public final URI base;
    public final String path;
    private final ConfigurationAdmin admin;
    private final Configuration config;
    private final Dictionary<String, Object> properties;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A server at a new path, protected reads, token and basic credentials, plus the given settings. */
    public static TestServer start(Map<String, Object> settings) throws Exception {
        return new TestServer(settings);
    }

    private TestServer(Map<String, Object> settings) throws Exception {
        context = FrameworkUtil.getBundle(TestServer.class).getBundleContext();
        admin = service(context, ConfigurationAdmin.class, null);
        events = service(context, EventAdmin.class, null);
        Object runtime = service(context, Object.class,
                "(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)");
        assertNotNull(runtime);
        int port = port(context);
        path = "/t" + COUNTER.incrementAndGet();
        properties = new Hashtable<>();
        properties.put(StrataServer.PATH, path);
        properties.put(StrataServer.TOKEN, TOKEN);
        properties.put(StrataServer.USER, USER);
        properties.put(StrataServer.PASSWORD, PASSWORD);
        settings.forEach(properties::put);
        config = admin.getFactoryConfiguration(StrataServer.PID, path.substring(1), "?");
        config.update(properties);
        base = URI.create("http://127.0.0.1:" + port + path);
        awaitStatus("", 200);
    }

    private static <T> T service(BundleContext context, Class<T> type, String filter) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, filter == null
                ? context.createFilter("(objectClass=" + type.getName() + ")")
                : context.createFilter(filter), null);
        tracker.open();
        T service = tracker.waitForService(WAIT_MS);
        assertNotNull(service, "no " + (filter == null ? type.getSimpleName() : filter) + " within " + WAIT_MS + " ms");
        return service;
    }

    /** The port Felix HTTP Jetty listens on, from its runtime's endpoint property. */
    private static int port(BundleContext context) throws Exception {
        var refs = context.getServiceReferences((String) null,
                "(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)");
        Object endpoint = refs[0].getProperty("osgi.http.endpoint");
        String first = endpoint instanceof String[] a ? a[0]
                : endpoint instanceof java.util.Collection<?> c ? String.valueOf(c.iterator().next())
                        : String.valueOf(endpoint);
        int port = URI.create(first).getPort();
        if (port <= 0) {
            throw new AssertionError("the HTTP runtime reports no port: " + endpoint);
        }
        return port;
    }

    /** Options for a REST store on this server: the remote store's name and the token. */
    public RestStoreOptions options(String remoteStore) {
        return RestStoreOptions.of(base).withRemoteStore(remoteStore).withToken(TOKEN)
                .withTimeout(Duration.ofSeconds(10)).withRetryFor(Duration.ofSeconds(10));
    }

    /** A new memory store, announced on Event Admin, registered so that the server serves it. */
    public ModelStore serveMemoryStore(String name) throws Exception {
        ModelStore store = Repositories.memoryStore(name, events);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ModelStore.NAME, name);
        props.put(ModelStore.TYPE, "memory");
        registrations.add(context.registerService(ModelStore.class, store, props));
        awaitStatus("/stores/" + name, 200);
        return store;
    }

    /** A repository on a served store, registered so that the server knows the store's model. */
    public Repository registerRepository(String name, ModelStore store, EPackage... packages) {
        Repository repo = Repositories.builder(name, store).packages(packages).build();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, name);
        registrations.add(context.registerService(Repository.class, repo, props));
        return repo;
    }

    /** Stops serving a store registered by {@link #serveMemoryStore(String)}. */
    public void unserve(String name) {
        for (ServiceRegistration<?> r : List.copyOf(registrations)) {
            if (name.equals(r.getReference().getProperty(ModelStore.NAME))) {
                r.unregister();
                registrations.remove(r);
            }
        }
    }

    public HttpResponse<String> get(String relative, String authorization) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + relative)).GET(), authorization);
    }

    public HttpResponse<String> post(String relative, String body, String authorization) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + relative)).header("Content-Type", Json.JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body)), authorization);
    }

    /** A POST as {@code curl -d} sends it: the JSON body labelled as a form. */
    public HttpResponse<String> postAsCurl(String relative, String body, String authorization) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + relative))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), authorization);
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String authorization) throws Exception {
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String bearer() {
        return "Bearer " + TOKEN;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    /** Waits (bounded) until GET of the path answers the status with the token. */
    public void awaitStatus(String relative, int status) {
        Await.until("GET " + base + relative + " answers " + status, () -> get(relative, bearer()).statusCode() == status);
    }

    /** Sends the request until it answers the status (bounded). */
    public static void awaitStatus(HttpClient http, HttpRequest request, int status) {
        Await.until(request.method() + " " + request.uri() + " answers " + status,
                () -> http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == status);
    }

    /** Restarts the server component (a configuration update): open change streams are cut. */
    public void restart() throws Exception {
        properties.put(StrataServer.SERVER_NAME, "restarted-" + System.nanoTime());
        config.update(properties);
    }

    /** Restarts the server component and waits (bounded) until the new one answers under its new name. */
    public void restartAndAwait() throws Exception {
        restart();
        Object name = properties.get(StrataServer.SERVER_NAME);
        Await.until("the server comes back as '" + name + "'", () -> {
            HttpResponse<String> info = get("", bearer());
            return info.statusCode() == 200 && name.equals(json(info).path("name").asText());
        });
    }

    @Override
    public void close() throws Exception {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone
            }
        }
        registrations.clear();
        config.delete();
    }
}
