package dev.strata.server.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.emf.ecore.EPackage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ConflictException;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.LockedException;
import dev.strata.core.MissingIndexException;
import dev.strata.core.ModelStore;
import dev.strata.core.ModelVersionException;
import dev.strata.core.ObjectExistsException;
import dev.strata.core.StoreException;
import dev.strata.core.StrataException;
import dev.strata.core.VetoException;
import dev.strata.wire.Json;
import dev.strata.wire.JsonLocks;
import dev.strata.wire.JsonChanges;
import dev.strata.wire.JsonQueries;
import dev.strata.wire.WireException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The server's HTTP entry under the configured path (docs/server.md lists every resource):
 * {@code GET /} server info, {@code GET /stores}, and each store's resources
 * {@code /stores/{store}/{resource}} from a route table filled by {@link ObjectResources} (objects,
 * trees, roots, queries, counts), {@link ModelResources} (packages, indexes, model versions,
 * migrations) and {@link CommitResources} (commits, the log, the change stream). Here: methods,
 * credentials, bodies read before routing, and every error as JSON
 * {@code {"error": kind, "message": ...}} with a status that says what went wrong.
 */
final class Api extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(Api.class.getName());

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

        /**
         * A repository on the store, for work that needs its model's classes (a revert): one of the
         * repositories here, else one made for the packages known of the store.
         */
        dev.strata.core.Repository repository(String name, ModelStore store);

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

    /** A store's resources by name (the path segment after /stores/{store}/). */
    private final transient Map<String, Resource> routes = new HashMap<>();

    Api(Settings settings, Stores stores, Auth auth, Streams streams, Bodies bodies) {
        this.settings = settings;
        this.bodies = bodies;
        this.stores = stores;
        this.auth = auth;
        this.streams = streams;
        routes.put("", Resource.of(x -> {
            x.expect("GET");
            x.send(200, storeInfo(x.storeName(), stores.served().get(x.storeName())));
        }, ""));
        new ObjectResources(stores).addTo(routes);
        new ModelResources(stores).addTo(routes);
        new CommitResources(stores, streams).addTo(routes);
        new LockResources().addTo(routes);
        new DiffResources().addTo(routes);
        new RevertResources(stores).addTo(routes);
    }

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
                req.setAttribute(Exchange.BODY, body);
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
        } catch (LockedException e) {
            ObjectNode body = Json.error("locked", e.getMessage());
            body.set("locks", JsonLocks.locks(e.held()));
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
    private String field(HttpServletRequest req) {
        List<String> path = segments(req.getPathInfo());
        Resource r = routes.get(path.size() > 2 ? path.get(2) : "");
        return r == null ? "" : r.field().apply(path.size() > 3 ? path.get(3) : "");
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
            Exchange.expect(method, "GET");
            send(req, resp, 200, info());
            return;
        }
        if (!path.get(0).equals("stores")) {
            throw notFound(req);
        }
        if (path.size() == 1) {
            Exchange.expect(method, "GET");
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
        String resource = path.size() > 2 ? path.get(2) : "";
        String rest = path.size() > 3 ? path.get(3) : null;
        if (path.size() > 4) {
            throw notFound(req);
        }
        Resource r = routes.get(resource);
        if (r == null) {
            throw notFound(req);
        }
        r.handler().handle(new Exchange(req, resp, name, served.store(), rest, bodies));
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
        ObjectNode model = ModelResources.modelInfo(store);
        o.set("modelVersions", model.get("versions"));
        o.set("migrations", model.get("migrations"));
        ArrayNode packages = o.putArray("packages");
        stores.model(name, store).packages().forEach(p -> packages.add(p.getNsURI()));
        return o;
    }

    private static Problem notFound(HttpServletRequest req) {
        return Exchange.notFound(req);
    }

    private static void send(HttpServletRequest req, HttpServletResponse resp, int status, JsonNode body)
            throws IOException {
        Exchange.send(req, resp, status, body);
    }
}
