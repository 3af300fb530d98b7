package dev.strata.server;

/**
 * Names of the server's configuration (factory pid {@value #PID}) and of its resources. The
 * server's HTTP port and bind address are those of the OSGi HTTP runtime (Felix HTTP Jetty:
 * {@code org.osgi.service.http.port} and {@code org.apache.felix.http.host}, as framework
 * properties or in its {@code org.apache.felix.http} configuration).
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
    /** {@code protected} (default): reads need a credential too; {@code open}: only writes do. */
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
