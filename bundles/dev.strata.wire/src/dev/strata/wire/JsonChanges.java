package dev.strata.wire;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;

/**
 * Change sets, commit results, logged commits, change-stream notices and conflicts on the wire.
 */
public final class JsonChanges {

    /** The most commits one answer to {@code GET /commits} holds; a client asks for more page by page. */
    public static final int LOG_PAGE = 1000;

    /** The container an object has now, for a change that does not say (null if unknown). */
    @FunctionalInterface
    public interface ContainerLookup {
        ObjectId containerOf(ObjectId id);

        /** Treats a change without a container as a change of a root object. */
        ContainerLookup ROOT = id -> null;
    }

    public static ObjectNode changeSet(ChangeSet cs) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("commitId", cs.commitId().toString());
        o.put("session", cs.session());
        o.put("message", cs.message());
        o.put("author", cs.author());
        ArrayNode created = o.putArray("created");
        cs.created().forEach(r -> created.add(JsonRecords.record(r)));
        ArrayNode changed = o.putArray("changed");
        for (ChangeSet.Change c : cs.changed()) {
            ObjectNode ch = changed.addObject();
            ch.put("id", c.id().toString());
            ch.put("type", JsonRecords.type(c.type()));
            ch.put("expectedVersion", c.expectedVersion());
            ch.put("container", c.container() == null ? null : c.container().toString());
            if (c.containerChanged()) {
                ch.put("oldContainer", c.oldContainer() == null ? null : c.oldContainer().toString());
            }
            ch.set("values", JsonRecords.values(c.newValues()));
            ch.set("oldValues", JsonRecords.values(c.oldValues()));
        }
        ArrayNode deleted = o.putArray("deleted");
        cs.deleted().forEach(d -> deleted.add(JsonRecords.record(d.last())));
        return o;
    }

    /**
     * A change set. A change that has no {@code container} member keeps the object where it is: the
     * lookup tells where that is. A change set without {@code commitId} gets a new one.
     *
     * @throws WireException naming the first field that is wrong
     */
    public static ChangeSet changeSet(JsonNode n, JsonRecords.TypeResolver resolver, ContainerLookup containers) {
        if (n == null || !n.isObject()) {
            throw new WireException("", "expected a change set object, got " + Json.shorten(n));
        }
        JsonNode cid = n.get("commitId");
        UUID commitId = cid == null || cid.isNull() ? UUID.randomUUID() : Json.uuid(cid, "commitId");
        String session = Json.text(n, "session", "", "");
        String message = Json.text(n, "message", "", "");
        String author = Json.text(n, "author", "", ""); // absent from older clients and servers
        List<Record> created = new ArrayList<>();
        ArrayNode ca = Json.optionalArray(n, "created", "");
        for (int i = 0; i < ca.size(); i++) {
            created.add(JsonRecords.record(ca.get(i), "created[" + i + "]", resolver, 0));
        }
        List<ChangeSet.Change> changed = new ArrayList<>();
        ArrayNode cha = Json.optionalArray(n, "changed", "");
        for (int i = 0; i < cha.size(); i++) {
            String f = "changed[" + i + "]";
            JsonNode c = cha.get(i);
            if (!c.isObject()) {
                throw new WireException(f, "expected a change object, got " + Json.shorten(c));
            }
            ObjectId id = Json.id(Json.required(c, "id", f), f + ".id");
            TypeRef type = JsonRecords.type(Json.required(c, "type", f), f + ".type", resolver);
            long expected = Json.number(Json.required(c, "expectedVersion", f), f + ".expectedVersion");
            ObjectId container = c.has("container") ? Json.optionalId(c, "container", f) : containers.containerOf(id);
            ObjectId oldContainer = c.has("oldContainer") ? Json.optionalId(c, "oldContainer", f) : container;
            Map<String, Object> newValues = JsonRecords.values(c.get("values"), f + ".values");
            Map<String, Object> oldValues = JsonRecords.values(c.get("oldValues"), f + ".oldValues");
            changed.add(new ChangeSet.Change(id, type, expected, container, oldContainer, newValues, oldValues));
        }
        List<ChangeSet.Deletion> deleted = new ArrayList<>();
        ArrayNode da = Json.optionalArray(n, "deleted", "");
        for (int i = 0; i < da.size(); i++) {
            deleted.add(new ChangeSet.Deletion(JsonRecords.record(da.get(i), "deleted[" + i + "]", resolver, -1)));
        }
        return new ChangeSet(commitId, session, message, created, changed, deleted, author);
    }

    public static ObjectNode commitResult(CommitResult r) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("commitId", r.commitId().toString());
        o.put("sequence", r.sequence());
        ObjectNode versions = o.putObject("versions");
        r.newVersions().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> versions.put(e.getKey().toString(), e.getValue()));
        o.put("duplicate", r.duplicate());
        return o;
    }

    public static CommitResult commitResult(JsonNode n) {
        UUID commitId = Json.uuid(Json.required(n, "commitId", ""), "commitId");
        long sequence = Json.number(Json.required(n, "sequence", ""), "sequence");
        Map<ObjectId, Long> versions = new LinkedHashMap<>();
        JsonNode v = n.get("versions");
        if (v != null && v.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> i = v.fields(); i.hasNext();) {
                Map.Entry<String, JsonNode> e = i.next();
                versions.put(Json.id(Json.NODES.textNode(e.getKey()), "versions"), Json.number(e.getValue(), "versions." + e.getKey()));
            }
        }
        return new CommitResult(commitId, sequence, versions, Json.bool(n, "duplicate", "", false));
    }

    public static ObjectNode loggedCommit(LoggedCommit c) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("sequence", c.sequence());
        if (c.time() != null) {
            o.put("time", c.time().toString()); // ISO-8601 in UTC, e.g. 2026-12-03T21:05:12.345Z
        }
        o.set("changes", changeSet(c.changes()));
        return o;
    }

    /** A logged commit; one without {@code time} (an older server's, or a commit logged without one) has none. */
    public static LoggedCommit loggedCommit(JsonNode n, String field) {
        long sequence = Json.number(Json.required(n, "sequence", field), Json.join(field, "sequence"));
        String time = Json.text(n, "time", field, null);
        Instant at;
        try {
            at = time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new WireException(Json.join(field, "time"), "expected an ISO-8601 instant such as"
                    + " 2026-12-03T21:05:12.345Z, got '" + time + "'", e);
        }
        try {
            return new LoggedCommit(sequence, changeSet(Json.required(n, "changes", field), JsonRecords.TypeResolver.FULL_NAMES_ONLY,
                    ContainerLookup.ROOT), at);
        } catch (WireException e) {
            throw new WireException(Json.join(field, "changes"), e.getMessage(), e);
        }
    }

    /**
     * What the change stream says about one commit: its sequence and id, and the objects it
     * created, changed (with their new version) and deleted, each with its type. Values are left
     * out: listeners learn what changed and read what they need.
     */
    public static ObjectNode notice(LoggedCommit c) {
        ChangeSet cs = c.changes();
        ObjectNode o = Json.NODES.objectNode();
        o.put("sequence", c.sequence());
        o.put("commitId", cs.commitId().toString());
        o.put("session", cs.session());
        o.put("message", cs.message());
        ArrayNode created = o.putArray("created");
        cs.created().forEach(r -> created.addObject().put("id", r.id().toString()).put("type", JsonRecords.type(r.type())));
        ArrayNode changed = o.putArray("changed");
        cs.changed().forEach(ch -> changed.addObject().put("id", ch.id().toString()).put("type", JsonRecords.type(ch.type()))
                .put("version", ch.expectedVersion() + 1));
        ArrayNode deleted = o.putArray("deleted");
        cs.deleted().forEach(d -> deleted.addObject().put("id", d.id().toString())
                .put("type", JsonRecords.type(d.last().type())));
        return o;
    }

    /**
     * A commit as the change stream announced it: a change set holding ids and types only (no
     * values), and the result with the new versions. Enough to post {@code CommitEvents.of}.
     */
    public record Notice(ChangeSet changes, CommitResult result) {
    }

    public static Notice notice(JsonNode n) {
        long sequence = Json.number(Json.required(n, "sequence", ""), "sequence");
        UUID commitId = Json.uuid(Json.required(n, "commitId", ""), "commitId");
        Map<ObjectId, Long> versions = new LinkedHashMap<>();
        List<Record> created = new ArrayList<>();
        ArrayNode ca = Json.optionalArray(n, "created", "");
        for (int i = 0; i < ca.size(); i++) {
            String f = "created[" + i + "]";
            Record r = new Record(Json.id(Json.required(ca.get(i), "id", f), f + ".id"),
                    JsonRecords.type(Json.required(ca.get(i), "type", f), f + ".type", JsonRecords.TypeResolver.FULL_NAMES_ONLY), 0, Map.of());
            created.add(r);
            versions.put(r.id(), 1L);
        }
        List<ChangeSet.Change> changed = new ArrayList<>();
        ArrayNode cha = Json.optionalArray(n, "changed", "");
        for (int i = 0; i < cha.size(); i++) {
            String f = "changed[" + i + "]";
            JsonNode c = cha.get(i);
            ObjectId id = Json.id(Json.required(c, "id", f), f + ".id");
            long version = Json.number(Json.required(c, "version", f), f + ".version");
            changed.add(new ChangeSet.Change(id, JsonRecords.type(Json.required(c, "type", f), f + ".type",
                    JsonRecords.TypeResolver.FULL_NAMES_ONLY), version - 1, null, Map.of(), Map.of()));
            versions.put(id, version);
        }
        List<ChangeSet.Deletion> deleted = new ArrayList<>();
        ArrayNode da = Json.optionalArray(n, "deleted", "");
        for (int i = 0; i < da.size(); i++) {
            String f = "deleted[" + i + "]";
            deleted.add(new ChangeSet.Deletion(new Record(Json.id(Json.required(da.get(i), "id", f), f + ".id"),
                    JsonRecords.type(Json.required(da.get(i), "type", f), f + ".type", JsonRecords.TypeResolver.FULL_NAMES_ONLY), 0, Map.of())));
        }
        ChangeSet cs = new ChangeSet(commitId, Json.text(n, "session", "", ""), Json.text(n, "message", "", ""), created,
                changed, deleted);
        return new Notice(cs, new CommitResult(commitId, sequence, versions, false));
    }

    /** The JSON of a refused commit's conflicts: id, expected and actual version of each. */
    public static ArrayNode conflicts(List<ConflictException.Conflict> conflicts) {
        ArrayNode a = Json.NODES.arrayNode();
        for (ConflictException.Conflict c : conflicts) {
            ObjectNode o = a.addObject();
            o.put("id", c.id().toString());
            o.put("expectedVersion", c.expectedVersion());
            o.put("actualVersion", c.actualVersion());
        }
        return a;
    }

    public static List<ConflictException.Conflict> conflicts(JsonNode n, String field) {
        ArrayNode a = Json.array(n, field);
        List<ConflictException.Conflict> list = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String f = field + "[" + i + "]";
            JsonNode c = a.get(i);
            list.add(new ConflictException.Conflict(Json.id(Json.required(c, "id", f), f + ".id"),
                    Json.number(Json.required(c, "expectedVersion", f), f + ".expectedVersion"),
                    Json.number(Json.required(c, "actualVersion", f), f + ".actualVersion")));
        }
        return list;
    }

    private JsonChanges() {
    }
}
