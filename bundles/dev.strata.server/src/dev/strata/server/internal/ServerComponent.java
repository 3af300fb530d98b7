package dev.strata.server.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.strata.core.ModelStore;
import dev.strata.core.Repository;
import dev.strata.core.Topics;
import dev.strata.server.StrataServer;
import jakarta.servlet.Servlet;

/**
 * One Strata server per factory configuration of {@code dev.strata.server}: serves the stores its
 * {@code stores.target} selects under its {@code path}, through the servlet whiteboard of the
 * framework's HTTP runtime. The port and bind address are the HTTP runtime's (see
 * {@link StrataServer}). If an HTTP runtime is installed but not started, the server starts it:
 * the product installs Felix HTTP Jetty without starting it, so that no port is open unless a
 * server is configured.
 * <p>
 * Credentials: the single {@code .token} and {@code user}/{@code .password} may read and write every
 * store; named tokens ({@code .tokens}) and users ({@code .users}) may do only what {@code grants}
 * allow, per store. TLS is the HTTP runtime's (see {@link StrataServer}).
 */
@Component(service = {}, configurationPid = StrataServer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = ServerComponent.Config.class, factory = true)
public final class ServerComponent implements Api.Stores {

    private static final System.Logger LOG = System.getLogger(ServerComponent.class.getName());

    @ObjectClassDefinition(name = "Strata server", description = "Serves stores over HTTP: JSON resources and a"
            + " server-sent change stream")
    @interface Config {
        @AttributeDefinition(name = "Server name", description = "Shown in the server's info resource")
        String server_name() default "strata";

        @AttributeDefinition(name = "Path", description = "Where the resources live, e.g. /strata")
        String path() default StrataServer.DEFAULT_PATH;

        @AttributeDefinition(name = "Stores", description = "Filter choosing the stores served")
        String stores_target() default "(strata.store=*)";

        @AttributeDefinition(name = "Repositories", description = "Filter choosing the repositories whose models"
                + " describe the served stores (short type names, value checks, the packages resource)")
        String repositories_target() default "(strata.repository=*)";

        @AttributeDefinition(name = "Bearer token", description = "May read and write every store",
                type = AttributeType.PASSWORD)
        String _token() default "";

        @AttributeDefinition(name = "User (basic authentication)", description = "May read and write every store")
        String user() default "";

        @AttributeDefinition(name = "Password (basic authentication)", type = AttributeType.PASSWORD)
        String _password() default "";

        @AttributeDefinition(name = "Named tokens", description = "Bearer tokens that may do only what their grants"
                + " allow, one per entry as name:token (the name is what grants and refusals use)",
                type = AttributeType.PASSWORD)
        String[] _tokens() default {};

        @AttributeDefinition(name = "Named users", description = "Basic-authentication users that may do only what"
                + " their grants allow, one per entry as user:password", type = AttributeType.PASSWORD)
        String[] _users() default {};

        @AttributeDefinition(name = "Grants", description = "What each named token or user may do, one per entry as"
                + " name:store-pattern:read|write, e.g. reporting:sales-*:read; '*' in a pattern matches any"
                + " characters; write includes read. A request without the grant is answered 403 naming the store"
                + " and the permission")
        String[] grants() default {};

        @AttributeDefinition(name = "Reads", description = "protected: reads need a credential too (with a read"
                + " grant for the store); open: only writes do")
        String reads() default "protected";

        @AttributeDefinition(name = "Largest request body (bytes)")
        long max_payload_bytes() default 16L << 20;

        @AttributeDefinition(name = "Most JSON values in a request body", description = "Names, values and"
                + " brackets; more are answered 413")
        long max_json_values() default 2_000_000;

        @AttributeDefinition(name = "Deepest JSON nesting in a request body")
        int max_json_depth() default 64;

        @AttributeDefinition(name = "Request body timeout (ms)", description = "A body that has not arrived whole"
                + " by then is answered 408")
        long body_timeout_ms() default 30_000;

        @AttributeDefinition(name = "Memory for request bodies (bytes)", description = "Bodies read or handled at"
                + " once; one that does not fit is answered 503. At least the largest request body")
        long bodies_max_bytes() default 64L << 20;

        @AttributeDefinition(name = "Change streams at once")
        int max_streams() default 32;

        @AttributeDefinition(name = "Change stream heartbeat (ms)")
        long heartbeat_ms() default 15_000;

        @AttributeDefinition(name = "HTTP runtime", description = "Filter choosing the HTTP runtime"
                + " (osgi.http.whiteboard.target); empty = any")
        String http_target() default "";
    }

    private final Map<String, Api.Served> served = new ConcurrentHashMap<>();
    private final List<Repository> repositories = new CopyOnWriteArrayList<>();
    /** Packages clients declared for stores no repository here describes, by store and namespace URI. */
    private final Map<String, Map<String, EPackage>> declared = new ConcurrentHashMap<>();
    private final Map<String, CommitIds> commitIds = new ConcurrentHashMap<>();
    private final Streams streams;
    private final Bodies bodies;
    private final ServiceRegistration<Servlet> servlet;
    private final ServiceRegistration<EventHandler> handler;

    @Activate
    public ServerComponent(Config config, BundleContext context) {
        String path = config.path().trim().replaceAll("/+$", "");
        if (!path.startsWith("/") || path.contains("*") || path.contains(" ")) {
            throw new IllegalArgumentException("Strata server '" + config.server_name() + "': path '" + config.path()
                    + "' must start with / and contain no * or spaces, e.g. /strata");
        }
        String reads = config.reads().trim().toLowerCase(java.util.Locale.ROOT);
        if (!reads.equals("open") && !reads.equals("protected")) {
            throw new IllegalArgumentException("Strata server '" + config.server_name() + "': reads must be open or"
                    + " protected, not '" + config.reads() + "'");
        }
        if (config.max_payload_bytes() <= 0 || config.max_streams() < 0 || config.heartbeat_ms() <= 0
                || config.max_json_values() <= 0 || config.max_json_depth() <= 0 || config.body_timeout_ms() <= 0) {
            throw new IllegalArgumentException("Strata server '" + config.server_name() + "': max.payload.bytes,"
                    + " max.json.values, max.json.depth, body.timeout.ms and heartbeat.ms must be positive,"
                    + " max.streams not negative");
        }
        if (config.bodies_max_bytes() < config.max_payload_bytes()) {
            throw new IllegalArgumentException("Strata server '" + config.server_name() + "': bodies.max.bytes ("
                    + config.bodies_max_bytes() + ") must be at least max.payload.bytes (" + config.max_payload_bytes()
                    + "), or no body of the largest size could ever be read");
        }
        Auth auth;
        try {
            auth = new Auth(config._token(), config.user(), config._password(), List.of(config._tokens()),
                    List.of(config._users()), List.of(config.grants()), reads.equals("open"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Strata server '" + config.server_name() + "': " + e.getMessage(), e);
        }
        if (!auth.hasCredentials()) {
            LOG.log(Level.WARNING, "Strata server '" + config.server_name() + "' has no credential configured:"
                    + " it refuses every write" + (auth.readsOpen() ? "" : " and read"));
        }
        if (!auth.withoutGrants().isEmpty()) {
            LOG.log(Level.WARNING, "Strata server '" + config.server_name() + "': no grant names "
                    + String.join(", ", auth.withoutGrants()) + ", so " + (auth.withoutGrants().size() == 1 ? "it" : "they")
                    + " may do nothing with any store");
        }
        this.streams = new Streams(config.max_streams(), config.heartbeat_ms());
        this.bodies = new Bodies(new Bodies.Limits(config.max_payload_bytes(), config.max_json_values(),
                config.max_json_depth(), config.body_timeout_ms(), config.bodies_max_bytes()));
        Api api = new Api(new Api.Settings(config.server_name(), context.getBundle().getVersion().toString(),
                path.isEmpty() ? "/" : path), this, auth, streams, bodies);

        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, Topics.COMMIT_ALL);
        this.handler = context.registerService(EventHandler.class, event -> {
            Object store = event.getProperty(Topics.STORE);
            if (store instanceof String s) {
                streams.committed(s);
            }
        }, topic);

        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", path.isEmpty() ? "/*" : path + "/*");
        props.put("osgi.http.whiteboard.servlet.name", "strata-server-" + config.server_name());
        props.put("osgi.http.whiteboard.servlet.asyncSupported", Boolean.TRUE);
        if (!config.http_target().isBlank()) {
            props.put("osgi.http.whiteboard.target", config.http_target().trim());
        }
        this.servlet = context.registerService(Servlet.class, api, props);
        startHttpRuntime(context);
    }

    @Deactivate
    void deactivate() {
        streams.close();
        servlet.unregister();
        handler.unregister();
        bodies.close();
    }

    @Reference(name = "stores", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStore(ModelStore store, Map<String, Object> properties) {
        served.put(store.name(), new Api.Served(store, String.valueOf(properties.getOrDefault(ModelStore.TYPE, ""))));
    }

    void removeStore(ModelStore store) {
        Api.Served s = served.get(store.name());
        if (s != null && s.store() == store && served.remove(store.name(), s)) {
            declared.remove(store.name());
            commitIds.remove(store.name());
            streams.removed(store.name(), store);
        }
    }

    @Reference(name = "repositories", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRepository(Repository repository) {
        repositories.add(repository);
    }

    void removeRepository(Repository repository) {
        repositories.remove(repository);
    }

    @Override
    public Map<String, Api.Served> served() {
        return served;
    }

    @Override
    public StoreModel model(String name, ModelStore store) {
        List<EPackage> packages = new ArrayList<>();
        for (Repository r : repositories) {
            if (r.store().name().equals(name)) {
                r.packages().stream().filter(p -> !packages.contains(p)).forEach(packages::add);
            }
        }
        for (EPackage p : declared.getOrDefault(name, Map.of()).values()) {
            if (packages.stream().noneMatch(known -> known.getNsURI().equals(p.getNsURI()))) {
                packages.add(p);
            }
        }
        return new StoreModel(packages, store::indexes);
    }

    @Override
    public Repository repository(String name, ModelStore store) {
        for (Repository r : repositories) {
            if (r.store().name().equals(name)) {
                return r;
            }
        }
        return dev.strata.core.Repositories.builder(name, store)
                .packages(model(name, store).packages().toArray(EPackage[]::new)).build();
    }

    @Override
    public List<EPackage> declare(String name, List<EPackage> packages) {
        List<EPackage> known = new ArrayList<>();
        for (Repository r : repositories) {
            if (r.store().name().equals(name)) {
                known.addAll(r.packages());
            }
        }
        List<EPackage> result = new ArrayList<>();
        for (EPackage p : packages) {
            EPackage same = known.stream().filter(k -> k.getNsURI().equals(p.getNsURI())).findFirst().orElse(null);
            if (same == null) {
                declared.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(p.getNsURI(), p);
            }
            result.add(same == null ? p : same);
        }
        return result;
    }

    @Override
    public CommitIds commitIds(String name) {
        return commitIds.computeIfAbsent(name, n -> new CommitIds());
    }

    /** Starts an installed HTTP runtime (a bundle implementing osgi.http) if none is active. */
    private static void startHttpRuntime(BundleContext context) {
        List<Bundle> installed = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision != null && revision.getDeclaredCapabilities("osgi.implementation").stream()
                    .anyMatch(c -> "osgi.http".equals(c.getAttributes().get("osgi.implementation")))) {
                if ((b.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                    return; // running, or on its way
                }
                installed.add(b);
            }
        }
        for (Bundle b : installed) {
            if ((b.getState() & (Bundle.RESOLVED | Bundle.INSTALLED)) != 0) {
                try {
                    b.start(Bundle.START_TRANSIENT);
                    LOG.log(Level.INFO, "Started the HTTP runtime " + b.getSymbolicName() + " for the Strata server");
                } catch (BundleException e) {
                    LOG.log(Level.WARNING, "Cannot start the HTTP runtime " + b.getSymbolicName() + ": "
                            + e.getMessage());
                }
                return;
            }
        }
    }
}
