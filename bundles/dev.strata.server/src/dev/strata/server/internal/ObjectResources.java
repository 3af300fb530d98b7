package dev.strata.server.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.wire.Json;
import dev.strata.wire.JsonQueries;
import dev.strata.wire.JsonRecords;
import dev.strata.wire.JsonValues;

/** Reading a store: objects by id, trees, roots, queries and counts. */
final class ObjectResources {

    private final Api.Stores stores;

    ObjectResources(Api.Stores stores) {
        this.stores = stores;
    }

    void addTo(Map<String, Resource> table) {
        table.put("objects", Resource.of(this::objects, ""));
        table.put("load", Resource.of(this::load, ""));
        table.put("trees", Resource.of(this::trees, ""));
        table.put("roots", Resource.of(this::roots, ""));
        table.put("query", Resource.of(this::query, "where"));
        table.put("counts", Resource.of(this::counts, "feature"));
    }

    /** GET objects?id=…&id=… (records of those that exist), GET objects/{id}. */
    private void objects(Exchange x) throws IOException {
        x.expect("GET");
        if (x.rest() == null) {
            List<ObjectId> list = new ArrayList<>();
            for (String id : x.parameters("id")) {
                list.add(Json.id(Json.object().textNode(id), "id"));
            }
            x.send(200, JsonRecords.records(x.readStore().loadAll(list).values()));
        } else {
            ObjectId id = x.idInPath();
            Record r = x.readStore().load(id).orElseThrow(() -> x.noSuchObject(id));
            x.send(200, JsonRecords.record(r));
        }
    }

    /** POST load {"ids": […]}: the same as GET objects, for more ids than a URL holds. */
    private void load(Exchange x) throws IOException {
        x.expect("POST");
        JsonNode body = x.body();
        ArrayNode a = Json.array(Json.required(body, "ids", ""), "ids");
        List<ObjectId> ids = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            ids.add(Json.id(a.get(i), "ids[" + i + "]"));
        }
        x.send(200, JsonRecords.records(x.readStore().loadAll(ids).values()));
    }

    private void trees(Exchange x) throws IOException {
        x.expect("GET");
        if (x.rest() == null) {
            throw x.notFound();
        }
        ObjectId id = x.idInPath();
        Map<ObjectId, Record> tree = x.readStore().loadTree(id);
        if (tree.isEmpty()) {
            throw x.noSuchObject(id);
        }
        x.send(200, JsonRecords.records(tree.values()));
    }

    private void roots(Exchange x) throws IOException {
        x.expect("GET");
        x.send(200, JsonRecords.records(x.readStore().roots()));
    }

    private void query(Exchange x) throws IOException {
        x.expect("POST");
        StoreModel model = stores.model(x.storeName(), x.store());
        x.send(200, JsonRecords.records(x.readStore().query(model.query(JsonQueries.query(x.body(), model.resolver())))));
    }

    private void counts(Exchange x) throws IOException {
        x.expect("GET");
        String typeName = x.parameter("type");
        String feature = x.parameter("feature");
        if (typeName == null || typeName.isBlank()) {
            throw Problem.badRequest("type", "query parameter 'type' is required (a class, e.g. Task)");
        }
        if (feature == null || feature.isBlank()) {
            throw Problem.badRequest("feature", "query parameter 'feature' is required (an indexed attribute)");
        }
        TypeRef type = JsonRecords.type(Json.object().textNode(typeName), "type",
                stores.model(x.storeName(), x.store()).resolver());
        Map<Object, Long> counts = x.readStore().countBy(type, feature);
        ObjectNode o = Json.object();
        o.put("type", JsonRecords.type(type));
        o.put("feature", feature);
        ArrayNode a = o.putArray("counts");
        counts.forEach((value, count) -> {
            ObjectNode c = a.addObject();
            c.set("value", JsonValues.value(value));
            c.put("count", count);
        });
        x.send(200, o);
    }
}
