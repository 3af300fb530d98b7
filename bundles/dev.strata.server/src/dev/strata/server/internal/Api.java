package dev.strata.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emfcloud.jackson.module.EMFModule;
import org.eclipse.emfcloud.jackson.resource.JsonResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.IndexDef;
import dev.strata.core.LoggedCommit;
import dev.strata.core.MissingIndexException;
import dev.strata.core.ModelStore;
import dev.strata.core.ModelVersionException;
import dev.strata.core.ObjectExistsException;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.StrataException;
import dev.strata.core.TypeRef;
import dev.strata.core.VetoException;
import dev.strata.wire.Json;
import dev.strata.wire.JsonChanges;
import dev.strata.wire.JsonModels;
import dev.strata.wire.JsonQueries;
import dev.strata.wire.JsonRecords;
import dev.strata.wire.JsonValues;
import dev.strata.wire.WireException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The server's resources, under the configured path (see the README for the full list):
 * {@code GET /} server info, {@code /stores/{store}/...} objects, trees, roots, queries, counts,
 * indexes, model versions, migrations, commits (POST to commit, GET for the log) and
 * {@code events}, the server-sent change stream. Errors are JSON
 * {@code {"error": kind, "message": ...}} with a status that says what went wrong.
 */
final class Api extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(Api.class.getName());
    private static final int MAX_LOG_PAGE = 1000;

    /** The stores being served and what is known of their models. */
    interface Stores {
        /** Served stores by name, with their type (service property strata.store.type). */
        Map<String, Served> served();

        StoreModel model(String name, ModelStore store);

        /**
         * The packages a client declared for a store, with the instances the server already knows
         * (from its repositories) in place of copies; the others are remembered as the store's model.
         */
        List<EPackage> declare(String name, List<EPackage> packages);

        /** The commit ids sent to a store through this server, with digests of their change sets. */
        CommitIds commitIds(String name);
    }

    record Served(ModelStore store, String type) {
    }

    /** Fixed settings from the configuration. */
    record Settings(String serverName, String version, String path) {
    }

    private final transient Settings settings;
    private final transient Stores stores;
    private final transient Auth auth;
    private final transient Streams streams;
    private final transient Bodies bodies;

    Api(Settings settings, Stores stores, Auth auth, Streams streams, Bodies bodies) {
        this.settings = settings;
        this.bodies = bodies;
        this.stores = stores;
        this.auth = auth;
        this.streams = streams;
    }

    /** Request attribute holding the body, once read whole (see {@link Bodies}). */
    private static final String BODY = Api.class.getName() + ".body";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.getMethod().equals("POST")) {
            answer(req, resp);
            return;
        }
        // A body is read only for a request whose credential holds, and without a thread waiting on it.
        try {
            authorize(req);
            bodies.read(req, body -> {
                req.setAttribute(BODY, body);
                try {
                    answer(req, resp);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "Strata server '" + settings.serverName() + "': could not answer "
                            + req.getRequestURI() + ": " + e.getMessage());
                }
            }, problem -> {
                try {
                    refuse(req, resp, problem);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "Strata server '" + settings.serverName() + "': could not answer "
                            + req.getRequestURI() + ": " + e.getMessage());
                }
            });
        } catch (Problem p) {
            refuse(req, resp, p);
        }
    }

    /** Answers a refusal made before the body was read whole: the connection cannot carry another request. */
    private void refuse(HttpServletRequest req, HttpServletResponse resp, Problem p) throws IOException {
        if (req.getContentLengthLong() != 0) {
            resp.setHeader("Connection", "close");
        }
        if (p.status() == 401) {
            resp.setHeader("WWW-Authenticate", auth.challenge());
        }
        if (p.status() == 503) {
            resp.setHeader("Retry-After", "1");
        }
        send(req, resp, p.status(), p.body());
    }

    /** Checks the request's credential for what its method and path ask. */
    private void authorize(HttpServletRequest req) {
        List<String> path = segments(req.getPathInfo());
        boolean post = req.getMethod().equals("POST");
        // Reads posted as JSON (load, query) are reads; every other POST writes.
        boolean postedRead = post && path.size() == 3 && (path.get(2).equals("load") || path.get(2).equals("query"));
        auth.check(req.getHeader("Authorization"), post && !postedRead ? Auth.Access.WRITE : Auth.Access.READ,
                path.size() > 1 && path.get(0).equals("stores") ? path.get(1) : null);
    }

    private void answer(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            route(req, resp);
        } catch (Problem p) {
            if (p.status() == 401) {
                resp.setHeader("WWW-Authenticate", auth.challenge());
            }
            send(req, resp, p.status(), p.body());
        } catch (WireException e) {
            ObjectNode body = Json.error("bad-request", e.getMessage());
            body.put("field", e.field());
            send(req, resp, 400, body);
        } catch (ObjectExistsException e) {
            ObjectNode body = Json.error("already-exists", e.getMessage());
            body.put("field", e.field());
            body.put("id", e.id().toString());
            send(req, resp, 409, body);
        } catch (InvalidChangeException e) {
            ObjectNode body = Json.error("bad-request", e.getMessage());
            body.put("field", e.field());
            send(req, resp, 400, body);
        } catch (ConflictException e) {
            ObjectNode body = Json.error("conflict", e.getMessage());
            body.set("conflicts", JsonChanges.conflicts(e.conflicts()));
            send(req, resp, 409, body);
        } catch (VetoException e) {
            ObjectNode body = Json.error("veto", e.getMessage());
            ArrayNode reasons = body.putArray("reasons");
            e.reasons().forEach(reasons::add);
            send(req, resp, 422, body);
        } catch (MissingIndexException e) {
            ObjectNode body = Json.error("missing-index", e.getMessage());
            body.put("field", field(req));
            send(req, resp, 400, body);
        } catch (ModelVersionException e) {
            // The store is at another version than the request assumed: a conflict with its state.
            ObjectNode body = Json.error("model-version", e.getMessage());
            body.put("field", field(req));
            body.put("nsUri", e.nsUri());
            if (e.current() != null) {
                body.put("current", e.current());
            }
            send(req, resp, 409, body);
        } catch (StoreException e) {
            send(req, resp, 500, Json.error("store", e.getMessage()));
        } catch (StrataException | IllegalArgumentException e) {
            ObjectNode body = Json.error("bad-request", e.getMessage());
            body.put("field", field(req));
            send(req, resp, 400, body);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Strata server '" + settings.serverName() + "': " + req.getMethod() + " "
                    + req.getRequestURI() + " failed", e);
            // The stack trace is for the log; the client hears what failed, not the server's insides.
            send(req, resp, 500, Json.error("internal", "the server failed on " + req.getMethod() + " "
                    + req.getRequestURI() + "; its log says why"));
        }
    }

    /** The request field a refusal from a store is about, from the resource asked for. */
    private static String field(HttpServletRequest req) {
        List<String> path = segments(req.getPathInfo());
        String resource = path.size() > 2 ? path.get(2) : "";
        String rest = path.size() > 3 ? path.get(3) : "";
        return switch (resource) {
            case "query" -> "where";
            case "counts" -> "feature";
            case "indexes" -> rest.equals("rebuild") ? "index" : "indexes";
            case "migrations" -> "from";
            case "model" -> rest.equals("versions") ? "version" : "ecore";
            case "commits" -> "changes";
            default -> "";
        };
    }

    private void route(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        List<String> path = segments(req.getPathInfo());
        boolean post = method.equals("POST");
        if (!post && !method.equals("GET")) {
            resp.setHeader("Allow", "GET, POST");
            throw new Problem(405, "method-not-allowed", method + " is not supported; use GET to read and POST to"
                    + " write");
        }
        if (!post) {
            authorize(req); // a POST's credential was checked before its body was read
        }
        if (path.isEmpty()) {
            expect(method, "GET");
            send(req, resp, 200, info());
            return;
        }
        if (!path.get(0).equals("stores")) {
            throw notFound(req);
        }
        if (path.size() == 1) {
            expect(method, "GET");
            ObjectNode o = Json.object();
            o.set("stores", storeList());
            send(req, resp, 200, o);
            return;
        }
        String name = path.get(1);
        Served served = stores.served().get(name);
        if (served == null) {
            throw Problem.notFound("no-such-store", "this server serves no store '" + name + "'; it serves "
                    + new TreeMap<>(stores.served()).keySet());
        }
        ModelStore store = served.store();
        String resource = path.size() > 2 ? path.get(2) : "";
        String rest = path.size() > 3 ? path.get(3) : null;
        if (path.size() > 4) {
            throw notFound(req);
        }
        switch (resource) {
            case "" -> {
                expect(method, "GET");
                send(req, resp, 200, storeInfo(name, served));
            }
            case "packages" -> {
                expect(method, "GET");
                packages(req, resp, stores.model(name, store).packages());
            }
            case "objects" -> {
                expect(method, "GET");
                if (rest == null) {
                    List<ObjectId> list = new ArrayList<>();
                    for (String id : parameters(req, "id")) {
                        list.add(Json.id(Json.object().textNode(id), "id"));
                    }
                    send(req, resp, 200, JsonRecords.records(store.loadAll(list).values()));
                } else {
                    ObjectId id = idInPath(rest);
                    Optional<Record> r = store.load(id);
                    send(req, resp, 200, JsonRecords.record(r.orElseThrow(() -> noSuchObject(name, id))));
                }
            }
            case "load" -> {
                expect(method, "POST");
                JsonNode body = body(req);
                ArrayNode a = Json.array(Json.required(body, "ids", ""), "ids");
                List<ObjectId> ids = new ArrayList<>(a.size());
                for (int i = 0; i < a.size(); i++) {
                    ids.add(Json.id(a.get(i), "ids[" + i + "]"));
                }
                send(req, resp, 200, JsonRecords.records(store.loadAll(ids).values()));
            }
            case "trees" -> {
                expect(method, "GET");
                if (rest == null) {
                    throw notFound(req);
                }
                ObjectId id = idInPath(rest);
                Map<ObjectId, Record> tree = store.loadTree(id);
                if (tree.isEmpty()) {
                    throw noSuchObject(name, id);
                }
                send(req, resp, 200, JsonRecords.records(tree.values()));
            }
            case "roots" -> {
                expect(method, "GET");
                send(req, resp, 200, JsonRecords.records(store.roots()));
            }
            case "query" -> {
                expect(method, "POST");
                StoreModel model = stores.model(name, store);
                send(req, resp, 200, JsonRecords.records(store.query(model.query(JsonQueries.query(body(req), model.resolver())))));
            }
            case "counts" -> {
                expect(method, "GET");
                counts(req, resp, name, store);
            }
            case "indexes" -> indexes(req, resp, method, rest, name, store);
            case "model" -> model(req, resp, method, rest, name, store);
            case "migrations" -> {
                expect(method, "POST");
                store.migrate(JsonQueries.migration(body(req)));
                send(req, resp, 200, modelInfo(store));
            }
            case "commits" -> {
                if (rest != null) {
                    throw notFound(req);
                }
                if (post) {
                    commit(req, resp, name, store);
                } else {
                    log(req, resp, store);
                }
            }
            case "events" -> {
                expect(method, "GET");
                long after = after(req);
                streams.stream(name, store, () -> {
                    Served now = stores.served().get(name);
                    return now == null ? null : now.store();
                }, after, resp);
            }
            default -> throw notFound(req);
        }
    }

    private static void expect(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new Problem(405, "method-not-allowed", method + " is not supported here; use " + allowed);
        }
    }

    private static List<String> segments(String pathInfo) {
        List<String> list = new ArrayList<>();
        if (pathInfo != null) {
            for (String s : pathInfo.split("/")) {
                if (!s.isEmpty()) {
                    list.add(s);
                }
            }
        }
        return list;
    }

    private static Problem notFound(HttpServletRequest req) {
        return Problem.notFound("no-such-resource", "no resource " + req.getRequestURI()
                + "; GET the server's path for what it serves");
    }

    private static Problem noSuchObject(String store, ObjectId id) {
        return Problem.notFound("no-such-object", "store '" + store + "' has no object " + id);
    }

    private static ObjectId idInPath(String text) {
        try {
            return ObjectId.parse(text);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("id", "'" + text + "' in the path is not an object id (a UUID)");
        }
    }

    // ------------------------------------------------------------------ reading requests

    /** The request body as JSON, read whole (within the server's limits) before the request was routed. */
    private JsonNode body(HttpServletRequest req) {
        if (!(req.getAttribute(BODY) instanceof byte[] body)) {
            throw new IllegalStateException("the body of " + req.getRequestURI() + " was not read");
        }
        return bodies.parse(body);
    }

    /**
     * Values of a query-string parameter. Read from the query string only: curl posts JSON as a
     * form by default, and the servlet's parameters would then try to read the body as a form.
     */
    private static List<String> parameters(HttpServletRequest req, String name) {
        List<String> values = new ArrayList<>();
        String query = req.getQueryString();
        if (query == null) {
            return values;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                values.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String parameter(HttpServletRequest req, String name) {
        List<String> values = parameters(req, name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static long longParameter(HttpServletRequest req, String name, long absent) {
        String v = parameter(req, name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw Problem.badRequest(name, "query parameter '" + name + "' must be a whole number, got '" + v + "'");
        }
    }

    /** Where a change stream starts: Last-Event-ID (a reconnecting client), else ?after=, else now. */
    private static long after(HttpServletRequest req) {
        String last = req.getHeader("Last-Event-ID");
        if (last != null && !last.isBlank()) {
            try {
                return Long.parseLong(last.trim());
            } catch (NumberFormatException e) {
                throw Problem.badRequest("Last-Event-ID", "header Last-Event-ID must be a commit sequence, got '"
                        + last + "'");
            }
        }
        return longParameter(req, "after", -1);
    }

    // ------------------------------------------------------------------ resources

    private ObjectNode info() {
        ObjectNode o = Json.object();
        o.put("server", "Strata");
        o.put("name", settings.serverName());
        o.put("version", settings.version());
        o.put("reads", auth.readsOpen() ? "open" : "protected");
        o.put("maxPayloadBytes", bodies.limits().maxBytes());
        o.set("stores", storeList());
        return o;
    }

    private ArrayNode storeList() {
        ArrayNode a = Json.array();
        new TreeMap<>(stores.served()).forEach((name, s) -> {
            ObjectNode o = a.addObject();
            o.put("name", name);
            o.put("type", s.type());
            ArrayNode caps = o.putArray("capabilities");
            s.store().capabilities().forEach(c -> caps.add(c.name()));
            o.put("path", settings.path() + "/stores/" + name);
        });
        return a;
    }

    private ObjectNode storeInfo(String name, Served served) {
        ModelStore store = served.store();
        ObjectNode o = Json.object();
        o.put("name", name);
        o.put("type", served.type());
        ArrayNode caps = o.putArray("capabilities");
        store.capabilities().forEach(c -> caps.add(c.name()));
        o.put("sequence", streams.head(store));
        o.put("epoch", store.epoch());
        o.put("logFloor", store.logFloor());
        o.set("indexes", JsonQueries.indexes(store.indexes()).get("indexes"));
        ObjectNode model = modelInfo(store);
        o.set("modelVersions", model.get("versions"));
        o.set("migrations", model.get("migrations"));
        ArrayNode packages = o.putArray("packages");
        stores.model(name, store).packages().forEach(p -> packages.add(p.getNsURI()));
        return o;
    }

    private void packages(HttpServletRequest req, HttpServletResponse resp, List<EPackage> packages)
            throws IOException {
        String format = parameter(req, "format");
        if ("xmi".equals(format) || "ecore".equals(format)) {
            byte[] xmi = JsonModels.ecore(packages).getBytes(StandardCharsets.UTF_8);
            resp.setStatus(200);
            resp.setContentType("application/xml");
            resp.setCharacterEncoding("UTF-8");
            resp.setContentLength(xmi.length);
            resp.getOutputStream().write(xmi);
            return;
        }
        // Copies: a registered package must stay in its own resource.
        Collection<EPackage> copies = EcoreUtil.copyAll(packages);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format != null && !format.equals("json")) {
            throw Problem.badRequest("format", "format must be json (default) or xmi, got '" + format + "'");
        }
        ObjectMapper emf = new ObjectMapper();
        emf.registerModule(new EMFModule());
        ArrayNode a = Json.array();
        for (EPackage p : copies) {
            JsonResource r = new JsonResource(URI.createURI(p.getNsURI()), emf);
            r.getContents().add(p);
            out.reset();
            r.save(out, Map.of());
            a.add(Json.parse(out.toByteArray()));
        }
        ObjectNode o = Json.object();
        o.set("packages", a);
        send(req, resp, 200, o);
    }

    private void counts(HttpServletRequest req, HttpServletResponse resp, String name, ModelStore store)
            throws IOException {
        String typeName = parameter(req, "type");
        String feature = parameter(req, "feature");
        if (typeName == null || typeName.isBlank()) {
            throw Problem.badRequest("type", "query parameter 'type' is required (a class, e.g. Task)");
        }
        if (feature == null || feature.isBlank()) {
            throw Problem.badRequest("feature", "query parameter 'feature' is required (an indexed attribute)");
        }
        TypeRef type = JsonRecords.type(Json.object().textNode(typeName), "type", stores.model(name, store).resolver());
        Map<Object, Long> counts = store.countBy(type, feature);
        ObjectNode o = Json.object();
        o.put("type", JsonRecords.type(type));
        o.put("feature", feature);
        ArrayNode a = o.putArray("counts");
        counts.forEach((value, count) -> {
            ObjectNode c = a.addObject();
            c.set("value", JsonValues.value(value));
            c.put("count", count);
        });
        send(req, resp, 200, o);
    }

    private void indexes(HttpServletRequest req, HttpServletResponse resp, String method, String rest, String name,
            ModelStore store) throws IOException {
        if (rest == null && method.equals("GET")) {
            send(req, resp, 200, JsonQueries.indexes(store.indexes()));
        } else if (rest == null) {
            StoreModel model = stores.model(name, store);
            store.declareIndexes(model.indexes(JsonQueries.indexes(body(req), model.resolver()), "indexes"));
            send(req, resp, 200, JsonQueries.indexes(store.indexes()));
        } else if (rest.equals("rebuild")) {
            expect(method, "POST");
            StoreModel model = stores.model(name, store);
            IndexDef def = JsonQueries.index(Json.required(body(req), "index", ""), "index", model.resolver());
            model.indexes(List.of(def), "index");
            store.rebuildIndex(def);
            ObjectNode o = Json.object();
            o.set("rebuilt", JsonQueries.index(def));
            send(req, resp, 200, o);
        } else {
            throw notFound(req);
        }
    }

    private void model(HttpServletRequest req, HttpServletResponse resp, String method, String rest, String name,
            ModelStore store) throws IOException {
        if (rest == null) {
            expect(method, "GET");
        } else if (rest.equals("packages")) {
            // A client's repository tells the store its model (a JDBC store creates its tables).
            expect(method, "POST");
            JsonNode body = body(req);
            // Hrefs resolve against what the server already has, never by fetching (SSRF).
            List<EPackage> packages = stores.declare(name, JsonModels.ecore(Json.text(Json.required(body, "ecore", ""),
                    "ecore"), "ecore", stores.model(name, store).packages()));
            List<IndexDef> indexes = body.hasNonNull("indexes")
                    ? JsonQueries.indexes(body, stores.model(name, store).resolver()) : List.of();
            store.useModel(packages, indexes);
        } else if (rest.equals("versions")) {
            expect(method, "POST");
            JsonNode body = body(req);
            String nsUri = Json.text(Json.required(body, "nsUri", ""), "nsUri");
            long version = Json.number(Json.required(body, "version", ""), "version");
            if (version < 1 || version > Integer.MAX_VALUE) {
                throw Problem.badRequest("version", "a model version is a whole number from 1, got " + version);
            }
            store.initModelVersion(nsUri, (int) version);
        } else {
            throw notFound(req);
        }
        send(req, resp, 200, modelInfo(store));
    }

    private static ObjectNode modelInfo(ModelStore store) {
        ObjectNode o = Json.object();
        ObjectNode versions = o.putObject("versions");
        new TreeMap<>(store.modelVersions()).forEach(versions::put);
        ArrayNode migrations = o.putArray("migrations");
        store.appliedMigrations().forEach(migrations::add);
        return o;
    }

    private void commit(HttpServletRequest req, HttpServletResponse resp, String name, ModelStore store)
            throws IOException {
        StoreModel model = stores.model(name, store);
        // A change without "container" keeps the object where it is now; the version check of
        // the commit guarantees it has not moved since.
        ChangeSet cs = JsonChanges.changeSet(body(req), model.resolver(),
                id -> store.load(id).map(Record::container).orElse(null));
        cs = model.check(cs);
        // A commit id names one change set: a retry is answered as a duplicate, other changes under it are refused.
        CommitIds ids = stores.commitIds(name);
        String digest = CommitIds.digest(cs);
        String earlier = ids.claim(cs.commitId(), digest);
        if (earlier != null && !earlier.equals(digest)) {
            throw reused(cs, -1);
        }
        CommitResult result;
        try {
            result = store.commit(cs);
        } catch (RuntimeException e) {
            if (earlier == null) {
                ids.forget(cs.commitId(), digest); // not committed: the id is still free
            }
            throw e;
        }
        if (result.duplicate() && earlier == null) {
            // Committed before this server remembered it (a restart, or long ago): the store's log says what.
            ids.forget(cs.commitId(), digest);
            ChangeSet logged = logged(store, result);
            if (logged != null && !CommitIds.outline(logged).equals(CommitIds.outline(cs))) {
                throw reused(cs, result.sequence());
            }
        }
        send(req, resp, 200, JsonChanges.commitResult(result));
    }

    /** The logged change set of a commit, or null if the log no longer has it. */
    private static ChangeSet logged(ModelStore store, CommitResult result) {
        for (LoggedCommit c : store.log(Math.max(0, result.sequence() - 1), 1)) {
            if (c.changes().commitId().equals(result.commitId())) {
                return c.changes();
            }
        }
        return null;
    }

    private static Problem reused(ChangeSet cs, long sequence) {
        Problem p = new Problem(409, "commit-id-reused", "commit id " + cs.commitId() + " was already used for a"
                + " different change set" + (sequence > 0 ? " (commit " + sequence + ")" : "") + "; nothing was"
                + " changed. A commit id names one change set: resend the same changes to retry, or give new changes"
                + " a new id");
        p.body().put("field", "commitId");
        return p;
    }

    private void log(HttpServletRequest req, HttpServletResponse resp, ModelStore store) throws IOException {
        long after = longParameter(req, "after", 0);
        long max = longParameter(req, "max", 100);
        if (max < 0 || max > MAX_LOG_PAGE) {
            throw Problem.badRequest("max", "query parameter 'max' must be between 0 and " + MAX_LOG_PAGE + ", got "
                    + max);
        }
        List<LoggedCommit> commits = store.log(after, (int) max);
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("commits");
        commits.forEach(c -> a.add(JsonChanges.loggedCommit(c)));
        send(req, resp, 200, o);
    }

    // ------------------------------------------------------------------ answers

    private static void send(HttpServletRequest req, HttpServletResponse resp, int status, JsonNode body)
            throws IOException {
        if (resp.isCommitted()) {
            return; // a stream already started: nothing more can be said
        }
        byte[] bytes = Json.write(body, !parameters(req, "pretty").isEmpty());
        resp.setStatus(status);
        resp.setContentType(Json.JSON);
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
