package dev.strata.server;

/**
 * Names of the server's configuration (factory pid {@value #PID}) and of its resources. The
 * server's HTTP port and bind address are those of the OSGi HTTP runtime (Felix HTTP Jetty:
 * {@code org.osgi.service.http.port} and {@code org.apache.felix.http.host}, as framework
 * properties or in its {@code org.apache.felix.http} configuration).
 * <p>
 * <b>TLS</b> is the HTTP runtime's too: with Felix HTTP Jetty, set in its {@code org.apache.felix.http}
 * configuration {@code org.apache.felix.https.enable=true}, {@code org.osgi.service.http.port.secure}
 * (the https port), {@code org.apache.felix.https.keystore} (a PKCS12 file holding the server's key
 * and certificate), {@code org.apache.felix.https.keystore.password} and
 * {@code org.apache.felix.https.keystore.key.password}; {@code org.apache.felix.http.enable=false}
 * turns plain http off. {@code strata:serve --keystore} does all of this. REST store clients then
 * need the server's certificate (or a trust store) unless a public authority signed it.
 * <p>
 * <b>Credentials</b>: {@link #TOKEN} and {@link #USER}/{@link #PASSWORD} may read and write every
 * store. {@link #TOKENS} and {@link #USERS} add named credentials that may do only what
 * {@link #GRANTS} allow, store by store: with
 * <pre>
 * .tokens = ["reporting:s3cret", "importer:0ther"]
 * grants  = ["reporting:*:read", "importer:staging-*:write"]
 * </pre>
 * {@code reporting} reads every store and writes none, {@code importer} reads and writes the stores
 * whose names start with {@code staging-} and sees no other. A refused request is answered 403
 * naming the store and the permission ({@code read} or {@code write}) it lacks. With {@link #READS}
 * {@code open}, anyone reads every store; grants then only decide writes.
 */
public final class StrataServer {

    /** Factory pid of server configurations. */
    public static final String PID = "dev.strata.server";

    /** Name of the server, shown in its info resource. Default {@code strata}. */
    public static final String SERVER_NAME = "server.name";
    /** Path the resources live under. Default {@value #DEFAULT_PATH}. */
    public static final String PATH = "path";
    /** Filter choosing the stores served. Default {@code (strata.store=*)}: every store. */
    public static final String STORES_TARGET = "stores.target";
    /** Filter choosing the repositories whose model describes the served stores. Default: all. */
    public static final String REPOSITORIES_TARGET = "repositories.target";
    /** Bearer token that grants access (private property: not copied to any service). */
    public static final String TOKEN = ".token";
    /** User for basic authentication. */
    public static final String USER = "user";
    /** The user's password (private property). */
    public static final String PASSWORD = ".password";
    /**
     * Named bearer tokens (private property): entries {@code name:token}. Each may do only what
     * {@link #GRANTS} allow for its name.
     */
    public static final String TOKENS = ".tokens";
    /**
     * Named basic-authentication users (private property): entries {@code user:password}. Each may
     * do only what {@link #GRANTS} allow for its name.
     */
    public static final String USERS = ".users";
    /**
     * What named credentials may do: entries {@code name:store-pattern:permission}, where the name is
     * one of {@link #TOKENS} or {@link #USERS}, {@code *} in the pattern matches any characters, and
     * the permission is {@code read} or {@code write} (which includes read). Grants add up; a grant
     * naming no credential makes the configuration fail.
     */
    public static final String GRANTS = "grants";
    /**
     * {@code protected} (default): reads need a credential too (for a named one, a read grant for the
     * store); {@code open}: only writes do.
     */
    public static final String READS = "reads";
    /** Largest request body accepted, in bytes; larger ones are answered 413. Default 16 MiB. */
    public static final String MAX_PAYLOAD_BYTES = "max.payload.bytes";
    /**
     * Most JSON values (tokens: names, values, brackets) in one request body; more are answered 413.
     * Bounds the memory one parsed body takes. Default 2,000,000.
     */
    public static final String MAX_JSON_VALUES = "max.json.values";
    /** Deepest nesting of a request body's JSON; deeper is answered 400. Default 64. */
    public static final String MAX_JSON_DEPTH = "max.json.depth";
    /**
     * Time a request body has to arrive whole, in milliseconds; a slower or silent client is
     * answered 408 and its connection closed. No thread waits for it meanwhile. Default 30000.
     */
    public static final String BODY_TIMEOUT_MS = "body.timeout.ms";
    /**
     * Memory for request bodies being read or handled at once, in bytes; a body that does not fit
     * is answered 503 with Retry-After. At least {@link #MAX_PAYLOAD_BYTES}. Default 64 MiB.
     */
    public static final String BODIES_MAX_BYTES = "bodies.max.bytes";
    /** Change streams open at once; more are answered 503. Default 32. */
    public static final String MAX_STREAMS = "max.streams";
    /** Interval of change-stream heartbeats in milliseconds. Default 15000. */
    public static final String HEARTBEAT_MS = "heartbeat.ms";
    /** Filter choosing the HTTP runtime when there are several (osgi.http.whiteboard.target). */
    public static final String HTTP_TARGET = "http.target";

    /** Default of {@link #PATH}. */
    public static final String DEFAULT_PATH = "/strata";

    private StrataServer() {
    }
}
