package dev.strata.server.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

import dev.strata.core.ModelStore;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.server.StrataServer;

/**
 * Gogo commands that start and stop servers by writing their configurations, so that the product
 * and a headless run can serve stores without editing configuration files:
 * {@code strata:serve [options] [store...]}, {@code strata:unserve [path]}, {@code strata:servers}.
 * {@code --keystore} switches the HTTP runtime to https only; {@code --grants} gives named tokens
 * per-store permissions.
 */
@Component(service = ServeCommands.class, property = { "osgi.command.scope=strata", "osgi.command.function=serve",
        "osgi.command.function=unserve", "osgi.command.function=servers" })
public final class ServeCommands {

    /** The HTTP runtime's own configuration (Felix HTTP Jetty): port and bind address live there. */
    static final String HTTP_PID = "org.apache.felix.http";
    private static final String PORT = "org.osgi.service.http.port";
    private static final String HOST = "org.apache.felix.http.host";
    // Felix HTTP Jetty's TLS settings (its JettyConfig reads these from the same configuration).
    private static final String HTTP_ENABLE = "org.apache.felix.http.enable";
    private static final String HTTPS_ENABLE = "org.apache.felix.https.enable";
    private static final String PORT_SECURE = "org.osgi.service.http.port.secure";
    private static final String KEYSTORE = "org.apache.felix.https.keystore";
    private static final String KEYSTORE_PASSWORD = "org.apache.felix.https.keystore.password";
    private static final String KEY_PASSWORD = "org.apache.felix.https.keystore.key.password";
    static final int DEFAULT_HTTPS_PORT = 8443;

    private final BundleContext context;
    private final StrataAdmin strata;
    /** Optional, so that the commands (and a health check) do not depend on Config Admin running. */
    private final AtomicReference<ConfigurationAdmin> configAdmin = new AtomicReference<>();
    /** The HTTP runtime's registration: its endpoint property says where it answers now. */
    private final AtomicReference<ServiceReference<HttpServiceRuntime>> httpRuntime = new AtomicReference<>();

    @Activate
    public ServeCommands(BundleContext context, @Reference StrataAdmin strata) {
        this.context = context;
        this.strata = strata;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setHttpRuntime(ServiceReference<HttpServiceRuntime> runtime) {
        httpRuntime.set(runtime);
    }

    void unsetHttpRuntime(ServiceReference<HttpServiceRuntime> runtime) {
        httpRuntime.compareAndSet(runtime, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setConfigurationAdmin(ConfigurationAdmin admin) {
        configAdmin.set(admin);
    }

    void unsetConfigurationAdmin(ConfigurationAdmin admin) {
        configAdmin.compareAndSet(admin, null);
    }

    private ConfigurationAdmin admin() {
        ConfigurationAdmin admin = configAdmin.get();
        if (admin == null) {
            throw new IllegalStateException("Config Admin is not running; start org.apache.felix.configadmin"
                    + " (servers are configured through it)");
        }
        return admin;
    }

    @Descriptor("serve stores over HTTP or, with --keystore, HTTPS (all stores when none is named); with --wait,"
            + " until the process ends")
    public String serve(
            @Descriptor("port (sets the HTTP runtime's port; default: keep it, 8080 in the product; with --keystore"
                    + " the https port, default 8443)")
            @Parameter(names = { "-p", "--port" }, absentValue = "0") int port,
            @Descriptor("bind address (sets the HTTP runtime's; 127.0.0.1 = this machine only)")
            @Parameter(names = { "-h", "--host" }, absentValue = "") String host,
            @Descriptor("path the resources live under")
            @Parameter(names = { "--path" }, absentValue = StrataServer.DEFAULT_PATH) String path,
            @Descriptor("bearer token clients must send (default: a new random one, shown once)")
            @Parameter(names = { "-t", "--token" }, absentValue = "") String token,
            @Descriptor("user:password for basic authentication")
            @Parameter(names = { "-u", "--user" }, absentValue = "") String user,
            @Descriptor("per-store permissions, comma-separated name:store-pattern:read|write (write includes read,"
                    + " * matches any characters); each name gets a new token of its own, shown once. Without --token"
                    + " or --user, no all-stores token is made. E.g. --grants reports:*:read,ingest:staging-*:write")
            @Parameter(names = { "--grants" }, absentValue = "") String grants,
            @Descriptor("serve https only, with this PKCS12 key store holding the server's key and certificate"
                    + " (plain http is switched off in the HTTP runtime, for every server it runs)")
            @Parameter(names = { "--keystore" }, absentValue = "") String keystore,
            @Descriptor("password of the --keystore (and of its key)")
            @Parameter(names = { "--keystore-password" }, absentValue = "") String keystorePassword,
            @Descriptor("let anyone read; writes still need the credential")
            @Parameter(names = { "--open-reads" }, presentValue = "true", absentValue = "false") boolean openReads,
            @Descriptor("keep the command running until the process ends (for headless runs)")
            @Parameter(names = { "-w", "--wait" }, presentValue = "true", absentValue = "false") boolean wait,
            @Descriptor("names of the stores to serve") String... stores) throws IOException, InterruptedException {
        String p = path.trim().replaceAll("/+$", "");
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException("--path must start with /, e.g. /strata");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 1 and 65535");
        }
        requireStores(stores);
        boolean tls = !keystore.isBlank();
        Path keystoreFile = null;
        if (tls) {
            keystoreFile = Path.of(keystore.trim()).toAbsolutePath();
            requireKeyStore(keystoreFile, keystorePassword);
            port = port > 0 ? port : DEFAULT_HTTPS_PORT;
        } else if (!keystorePassword.isEmpty()) {
            throw new IllegalArgumentException("--keystore-password needs --keystore (the key store file)");
        }
        List<String> tokens = new ArrayList<>();
        List<String> grantList = grants.isBlank() ? List.of()
                : java.util.Arrays.stream(grants.split(",")).map(String::trim).filter(g -> !g.isEmpty()).toList();
        List<String> shownTokens = new ArrayList<>();
        for (String g : grantList) {
            String name = g.contains(":") ? g.substring(0, g.indexOf(':')).trim() : g;
            // A malformed name gets no token: the grant's own check below says what is wrong with it.
            if (name.matches("[A-Za-z0-9_.@-]+") && shownTokens.stream().noneMatch(t -> t.startsWith(name + ":"))) {
                String t = name + ":" + randomToken();
                tokens.add(t);
                shownTokens.add(t);
            }
        }
        try {
            // The server would refuse such grants only in its log; refuse them here, where they were typed.
            new Auth(null, null, null, tokens, List.of(), grantList, openReads);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--grants: " + e.getMessage().replace(StrataServer.GRANTS + " entry", "entry")
                    + "; nothing was changed", e);
        }
        Configuration http = null;
        Dictionary<String, Object> httpBefore = null;
        if (port > 0 || !host.isBlank()) {
            http = admin().getConfiguration(HTTP_PID, "?");
            httpBefore = http.getProperties();
            if (port > 0 && !answersOn(port)) {
                requireFree(host.isBlank() ? httpHost(httpBefore) : host.trim(), port);
            }
            Dictionary<String, Object> props = copy(httpBefore);
            if (tls) {
                props.put(HTTPS_ENABLE, Boolean.TRUE);
                props.put(PORT_SECURE, port);
                props.put(KEYSTORE, keystoreFile.toString());
                props.put(KEYSTORE_PASSWORD, keystorePassword);
                props.put(KEY_PASSWORD, keystorePassword);
                // https only: a token sent in clear text on another port would defeat the point.
                props.put(HTTP_ENABLE, Boolean.FALSE);
            } else if (port > 0) {
                props.put(PORT, port);
                props.put(HTTP_ENABLE, Boolean.TRUE);
            }
            if (!host.isBlank()) {
                props.put(HOST, host.trim());
            }
            http.update(props);
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(StrataServer.PATH, p);
        props.put(StrataServer.SERVER_NAME, "serve" + p.replace('/', '-'));
        props.put(StrataServer.STORES_TARGET, storesFilter(stores));
        props.put(StrataServer.READS, openReads ? "open" : "protected");
        String shownToken = null;
        if (!user.isBlank()) {
            int colon = user.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--user must be user:password");
            }
            props.put(StrataServer.USER, user.substring(0, colon));
            props.put(StrataServer.PASSWORD, user.substring(colon + 1));
        }
        if (!token.isBlank()) {
            props.put(StrataServer.TOKEN, token.trim());
        } else if (user.isBlank() && grantList.isEmpty()) {
            shownToken = randomToken();
            props.put(StrataServer.TOKEN, shownToken);
        }
        if (!grantList.isEmpty()) {
            props.put(StrataServer.TOKENS, tokens.toArray(String[]::new));
            props.put(StrataServer.GRANTS, grantList.toArray(String[]::new));
        }
        Configuration config = serverConfiguration(p, true);
        config.update(props);
        String where = endpoints(p, port, 10_000);
        if (where == null) {
            // Not serving: leave nothing behind that says otherwise, and the HTTP runtime as it was.
            config.delete();
            if (http != null) {
                if (httpBefore == null) {
                    http.delete();
                } else {
                    http.update(httpBefore);
                }
            }
            throw new IllegalStateException("Not serving at " + p + ": " + (port > 0
                    ? "the HTTP runtime did not start" + (tls ? " https" : "") + " on port " + port
                            + " within 10 s (the log says why)"
                    : "no HTTP runtime is running (is org.apache.felix.http.jetty12 installed?)")
                    + "; the server configuration was removed");
        }
        String message = "Serving " + (stores.length == 0 ? "every store" : String.join(", ", stores)) + " at " + where
                + (openReads ? " (reads open)" : "") + (shownToken == null ? "" : "\nToken: " + shownToken
                        + "  (send it as: Authorization: Bearer " + shownToken + ")")
                + (shownTokens.isEmpty() ? "" : "\nTokens (each may do only what its grants allow): "
                        + String.join(", ", shownTokens.stream().map(t -> t.replaceFirst(":", " = ")).toList()))
                + (tls ? "\nHTTPS only; clients whose JDK does not trust the certificate need it (or a trust store"
                        + " holding it): the REST store's trust store option" : "");
        if (!wait) {
            return message;
        }
        // Said now, straight to the process's standard output: the command returns only when the
        // process ends, and a headless run's session writes into the very stream Gogo redirects
        // System.out (and the log's console) to, so printing through them would recurse.
        @SuppressWarnings("resource") // closing it would close the process's stdout
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        stdout.println(message);
        stdout.println("Serving until the process ends (Ctrl-C).");
        // Headless runs end when their commands end: this one ends with the framework.
        while (context.getBundle().getState() == Bundle.ACTIVE) {
            TimeUnit.SECONDS.sleep(1);
        }
        return "Stopped serving " + p;
    }

    @Descriptor("stop the server at a path (removes its configuration)")
    public String unserve(@Descriptor("path") @Parameter(names = { "--path" },
            absentValue = StrataServer.DEFAULT_PATH) String path) throws IOException {
        String p = path.trim().replaceAll("/+$", "");
        Configuration config = serverConfiguration(p, false);
        if (config == null) {
            throw new IllegalArgumentException("No server is configured at " + p + "; 'strata:servers' lists them");
        }
        config.delete();
        return "Stopped the server at " + p + stopIdleRuntime();
    }

    /**
     * When no server is configured any more, stops the HTTP runtime if a server started it (it is
     * not started persistently): the product opens no port unless something is served. A runtime
     * the framework starts by itself is left running.
     */
    private String stopIdleRuntime() throws IOException {
        try {
            Configuration[] left = admin().listConfigurations("(service.factoryPid=" + StrataServer.PID + ")");
            ServiceReference<?> ref = httpRuntime.get();
            if ((left != null && left.length > 0) || ref == null) {
                return "";
            }
            Bundle runtime = ref.getBundle();
            var startLevel = runtime == null ? null : runtime.adapt(BundleStartLevel.class);
            if (startLevel == null || startLevel.isPersistentlyStarted()) {
                return "";
            }
            String where = String.join(", ", urls(ref));
            runtime.stop(Bundle.STOP_TRANSIENT);
            return "; no server is left, so the HTTP runtime stopped (" + where + " is closed)";
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        } catch (BundleException e) {
            return "; the HTTP runtime could not be stopped: " + e.getMessage();
        }
    }

    private static String randomToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * Refuses a key store the HTTP runtime could not use, before the runtime is moved: Jetty would
     * only log why it cannot start https.
     */
    private static void requireKeyStore(Path file, String password) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("--keystore needs --keystore-password");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("--keystore " + file + " is not a readable file");
        }
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), password.toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return;
                }
            }
            throw new IllegalArgumentException("--keystore " + file + " holds no private key; make one with e.g."
                    + " keytool -genkeypair -storetype PKCS12 -keyalg EC -alias strata -ext SAN=dns:<host>");
        } catch (IOException e) {
            throw new IllegalArgumentException("--keystore " + file + " cannot be opened"
                    + (e.getCause() instanceof UnrecoverableKeyException ? ": wrong --keystore-password"
                            : " as a key store: " + e.getMessage()), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--keystore " + file + " cannot be opened as a key store: "
                    + e.getMessage(), e);
        }
    }

    /** Refuses store names that no running store has, naming those that do. */
    private void requireStores(String... stores) {
        List<String> missing = new ArrayList<>();
        for (String s : stores) {
            if (!s.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("'" + s + "' is not a store name");
            }
            if (strata.store(s).isEmpty()) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            List<String> known = new ArrayList<>(strata.stores().stream().map(ModelStore::name).toList());
            Collections.sort(known);
            throw new IllegalArgumentException("No store named " + String.join(", ", missing.stream()
                    .map(m -> "'" + m + "'").toList()) + " is running; the stores are: "
                    + (known.isEmpty() ? "(none)" : String.join(", ", known)));
        }
    }

    /** Whether the running HTTP runtime listens on this port already (serving again there is fine). */
    private boolean answersOn(int port) {
        ServiceReference<?> ref = httpRuntime.get();
        return ref != null && urls(ref).stream().anyMatch(u -> u.contains(":" + port + "/"));
    }

    /** The bind address the HTTP runtime will use: its configuration's, else the framework's, else all. */
    private String httpHost(Dictionary<String, Object> httpConfig) {
        Object configured = httpConfig == null ? null : httpConfig.get(HOST);
        String host = configured != null ? configured.toString() : context.getProperty(HOST);
        return host == null || host.isBlank() ? "0.0.0.0" : host.trim();
    }

    /**
     * Refuses a port that cannot be bound, before the HTTP runtime is moved there: the runtime
     * would only log that it cannot bind, and stop answering on the port it had.
     */
    private static void requireFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot serve on port " + port + " of " + host + ": " + e.getMessage()
                    + " (another process is listening there?); choose another --port. Nothing was changed");
        }
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Dictionary<String, Object> copy = new Hashtable<>();
        if (properties != null) {
            for (var keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, properties.get(key));
            }
        }
        return copy;
    }

    @Descriptor("list the configured servers: path, stores, reads, where they answer")
    public List<String> servers() throws IOException {
        List<String> lines = new ArrayList<>();
        try {
            Configuration[] configs = admin().listConfigurations("(service.factoryPid=" + StrataServer.PID + ")");
            if (configs == null) {
                lines.add("No server is configured; 'strata:serve' starts one.");
                return lines;
            }
            for (Configuration c : configs) {
                Object path = c.getProperties().get(StrataServer.PATH);
                String p = path == null ? StrataServer.DEFAULT_PATH : path.toString();
                Object stores = c.getProperties().get(StrataServer.STORES_TARGET);
                Object reads = c.getProperties().get(StrataServer.READS);
                String where = endpoints(p, 0, 0);
                lines.add(p + "  stores " + (stores == null ? "(strata.store=*)" : stores) + "  reads "
                        + (reads == null ? "protected" : reads) + "  at "
                        + (where == null ? p + " (not answering: no HTTP runtime is running)" : where));
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return lines;
    }

    private Configuration serverConfiguration(String path, boolean create) throws IOException {
        try {
            Configuration[] existing = admin().listConfigurations("(&(service.factoryPid=" + StrataServer.PID + ")("
                    + StrataServer.PATH + "=" + path + "))");
            if (existing != null) {
                return existing[0];
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Invalid path '" + path + "'", e);
        }
        return create ? admin().getFactoryConfiguration(StrataServer.PID, "serve" + path.replace('/', '-'), "?") : null;
    }

    private static String storesFilter(String... stores) {
        if (stores.length == 0) {
            return "(" + ModelStore.NAME + "=*)";
        }
        StringBuilder f = new StringBuilder("(|");
        for (String s : stores) {
            f.append('(').append(ModelStore.NAME).append('=').append(s).append(')');
        }
        return f.append(')').toString();
    }

    /**
     * The URLs the server answers at, from the HTTP runtime, waiting up to waitMs for it (and, when
     * a port was just set, for the runtime to have restarted on it); null if it does not.
     */
    private String endpoints(String path, int port, long waitMs) {
        long end = System.currentTimeMillis() + waitMs;
        while (true) {
            ServiceReference<?> ref = httpRuntime.get();
            List<String> urls = ref == null ? List.of() : urls(ref);
            if (!urls.isEmpty() && (port <= 0 || urls.stream().anyMatch(u -> u.contains(":" + port + "/")))) {
                return String.join(", ", urls.stream().map(u -> u.replaceAll("/+$", "") + path).toList());
            }
            if (System.currentTimeMillis() > end) {
                return null;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static List<String> urls(ServiceReference<?> runtime) {
        Object endpoint = runtime.getProperty("osgi.http.endpoint");
        List<String> urls = new ArrayList<>();
        if (endpoint instanceof String[] a) {
            urls.addAll(List.of(a));
        } else if (endpoint instanceof java.util.Collection<?> c) {
            c.forEach(e -> urls.add(String.valueOf(e)));
        } else if (endpoint != null) {
            urls.add(endpoint.toString());
        }
        return urls;
    }
}
