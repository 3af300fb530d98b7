package dev.strata.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emfcloud.jackson.resource.JsonResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.IndexDef;
import dev.strata.core.ModelStore;
import dev.strata.wire.Json;
import dev.strata.wire.JsonModels;
import dev.strata.wire.JsonQueries;
import dev.strata.wire.ModelFiles;

/** A store's model: its packages, indexes, model versions and migrations. */
final class ModelResources {

    private final Api.Stores stores;

    ModelResources(Api.Stores stores) {
        this.stores = stores;
    }

    void addTo(Map<String, Resource> table) {
        table.put("packages", Resource.of(this::packages, ""));
        table.put("indexes", new Resource(this::indexes, rest -> rest.equals("rebuild") ? "index" : "indexes"));
        table.put("model", new Resource(this::model, rest -> rest.equals("versions") ? "version" : "ecore"));
        table.put("migrations", Resource.of(this::migrate, "from"));
    }

    /** The model versions of a store and the migrations applied to it. */
    static ObjectNode modelInfo(ModelStore store) {
        ObjectNode o = Json.object();
        ObjectNode versions = o.putObject("versions");
        new TreeMap<>(store.modelVersions()).forEach(versions::put);
        ArrayNode migrations = o.putArray("migrations");
        store.appliedMigrations().forEach(migrations::add);
        return o;
    }

    /** GET packages[?format=json|xmi]: the store's EPackages as EMF JSON (emfjson) or Ecore XMI. */
    private void packages(Exchange x) throws IOException {
        x.expect("GET");
        List<EPackage> packages = stores.model(x.storeName(), x.store()).packages();
        String format = x.parameter("format");
        if ("xmi".equals(format) || "ecore".equals(format)) {
            byte[] xmi = JsonModels.ecore(packages).getBytes(StandardCharsets.UTF_8);
            x.resp().setStatus(200);
            x.resp().setContentType("application/xml");
            x.resp().setCharacterEncoding("UTF-8");
            x.resp().setContentLength(xmi.length);
            x.resp().getOutputStream().write(xmi);
            return;
        }
        // Copies: a registered package must stay in its own resource.
        Collection<EPackage> copies = EcoreUtil.copyAll(packages);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format != null && !format.equals("json")) {
            throw Problem.badRequest("format", "format must be json (default) or xmi, got '" + format + "'");
        }
        ObjectMapper emf = ModelFiles.jsonMapper(false); // packages as plain emfjson, without "@id"s
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
        x.send(200, o);
    }

    /** GET indexes, POST indexes (declare), POST indexes/rebuild. */
    private void indexes(Exchange x) throws IOException {
        ModelStore store = x.store();
        if (x.rest() == null && !x.isPost()) {
            x.send(200, JsonQueries.indexes(store.indexes()));
        } else if (x.rest() == null) {
            StoreModel model = stores.model(x.storeName(), store);
            store.declareIndexes(model.indexes(JsonQueries.indexes(x.body(), model.resolver()), "indexes"));
            x.send(200, JsonQueries.indexes(store.indexes()));
        } else if (x.rest().equals("rebuild")) {
            x.expect("POST");
            StoreModel model = stores.model(x.storeName(), store);
            IndexDef def = JsonQueries.index(Json.required(x.body(), "index", ""), "index", model.resolver());
            model.indexes(List.of(def), "index");
            store.rebuildIndex(def);
            ObjectNode o = Json.object();
            o.set("rebuilt", JsonQueries.index(def));
            x.send(200, o);
        } else {
            throw x.notFound();
        }
    }

    /** GET model, POST model/packages (a client declares its model), POST model/versions. */
    private void model(Exchange x) throws IOException {
        ModelStore store = x.store();
        String name = x.storeName();
        if (x.rest() == null) {
            x.expect("GET");
        } else if (x.rest().equals("packages")) {
            // A client's repository tells the store its model (a JDBC store creates its tables).
            x.expect("POST");
            JsonNode body = x.body();
            // Hrefs resolve against what the server already has, never by fetching (SSRF).
            List<EPackage> packages = stores.declare(name, JsonModels.ecore(Json.text(Json.required(body, "ecore", ""),
                    "ecore"), "ecore", stores.model(name, store).packages()));
            List<IndexDef> indexes = body.hasNonNull("indexes")
                    ? JsonQueries.indexes(body, stores.model(name, store).resolver()) : List.of();
            store.useModel(packages, indexes);
        } else if (x.rest().equals("versions")) {
            x.expect("POST");
            JsonNode body = x.body();
            String nsUri = Json.text(Json.required(body, "nsUri", ""), "nsUri");
            long version = Json.number(Json.required(body, "version", ""), "version");
            if (version < 1 || version > Integer.MAX_VALUE) {
                throw Problem.badRequest("version", "a model version is a whole number from 1, got " + version);
            }
            store.initModelVersion(nsUri, (int) version);
        } else {
            throw x.notFound();
        }
        x.send(200, modelInfo(store));
    }

    private void migrate(Exchange x) throws IOException {
        x.expect("POST");
        x.store().migrate(JsonQueries.migration(x.body()));
        x.send(200, modelInfo(x.store()));
    }
}
