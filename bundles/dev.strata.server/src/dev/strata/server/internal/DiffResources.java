package dev.strata.server.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.compare.Compare;
import dev.strata.compare.Diff;
import dev.strata.compare.FeatureChange;
import dev.strata.compare.ListEdit;
import dev.strata.compare.ObjectChange;
import dev.strata.core.At;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.store.PastStores;
import dev.strata.wire.Json;
import dev.strata.wire.JsonRecords;
import dev.strata.wire.JsonValues;

/**
 * {@code GET diff?from=a&to=b}: what differs between the store just after commit a and just after
 * commit b, object by object and feature by feature (dev.strata.compare), for the objects the
 * commits between them touched. Lists come as steps (insert, remove, move), references as ids.
 */
final class DiffResources {

    void addTo(Map<String, Resource> table) {
        table.put("diff", Resource.of(this::diff, ""));
    }

    private void diff(Exchange x) throws IOException {
        x.expect("GET");
        x.expectNoRest();
        long from = x.longParameter("from", -1);
        long to = x.longParameter("to", -1);
        if (from < 0 || to < 0) {
            throw Problem.badRequest(from < 0 ? "from" : "to", "diff needs the commit sequences 'from' and 'to'"
                    + " (e.g. diff?from=3&to=7)");
        }
        if (from > to) {
            throw Problem.badRequest("from", "'from' (" + from + ") is after 'to' (" + to + "); swap them");
        }
        ModelStore store = x.store();
        ModelStore before = PastStores.at(store, At.commit(from));
        ModelStore after = PastStores.at(store, At.commit(to));
        Set<ObjectId> touched = PastStores.touchedBetween(store, from, to);
        Diff d = Compare.diff(touched, before::loadAll, after::loadAll);
        ObjectNode o = Json.object();
        o.put("from", from);
        o.put("to", to);
        o.set("added", JsonRecords.records(d.added()).get("records"));
        o.set("removed", JsonRecords.records(d.removed()).get("records"));
        ArrayNode changed = o.putArray("changed");
        for (ObjectChange c : d.changed()) {
            ObjectNode ch = changed.addObject();
            ch.put("id", c.id().toString());
            ch.put("type", JsonRecords.type(c.type()));
            if (c.containerChanged()) {
                ch.put("oldContainer", c.oldContainer() == null ? null : c.oldContainer().toString());
                ch.put("newContainer", c.newContainer() == null ? null : c.newContainer().toString());
            }
            ArrayNode features = ch.putArray("features");
            for (FeatureChange f : c.features()) {
                ObjectNode fo = features.addObject();
                fo.put("feature", f.feature());
                switch (f) {
                    case FeatureChange.ValueChange v -> {
                        fo.set("old", JsonValues.value(v.oldValue()));
                        fo.set("new", JsonValues.value(v.newValue()));
                    }
                    case FeatureChange.ListChange l -> {
                        ArrayNode edits = fo.putArray("edits");
                        l.edits().forEach(e -> edits.add(edit(e)));
                    }
                }
            }
        }
        x.send(200, o);
    }

    private static ObjectNode edit(ListEdit e) {
        ObjectNode o = Json.object();
        switch (e) {
            case ListEdit.Insert i -> o.put("insert", i.index()).set("value", JsonValues.value(i.value()));
            case ListEdit.Remove r -> o.put("remove", r.index()).set("value", JsonValues.value(r.value()));
            case ListEdit.Move m -> o.put("move", m.from()).put("to", m.to()).set("value", JsonValues.value(m.value()));
        }
        return o;
    }
}
