package dev.strata.store.rest.internal;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.event.EventAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.store.rest.RestModelStore;
import dev.strata.store.rest.RestStoreOptions;
import dev.strata.wire.Json;
import dev.strata.wire.JsonChanges;
import dev.strata.wire.JsonLocks;
import dev.strata.wire.JsonModels;
import dev.strata.wire.JsonQueries;
import dev.strata.wire.JsonRecords;
import dev.strata.wire.JsonValues;
import dev.strata.wire.WireException;

/**
 * A store on a Strata server. Every call is one HTTP request (a commit may be several, retried
 * with the same commit id after a network failure). With an Event Admin it also follows the
 * server's change stream and announces other clients' commits locally; when the stream shows that
 * commits were missed (the server's store is another one, or the client was away longer than its
 * log reaches), it forgets what it cached of the server and posts {@link CommitEvents#resync}.
 */
public final class RestStore implements RestModelStore {

    private static final System.Logger LOG = System.getLogger(RestStore.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    /** Ids sent in one load request; larger requests are split. */
    private static final int LOAD_CHUNK = 10_000;
    /** Own commit ids remembered so that the stream does not announce them a second time. */
    private static final int OWN_COMMITS = 10_000;

    private final String name;
    private final String remote;
    private final URI storeUrl;
    private final Http http;
    private final EventAdmin events;
    private final ChangeStream stream;
    /** Commit ids this client sent: in flight (with notices the stream delivered meanwhile) or done. */
    private final Map<UUID, List<JsonChanges.Notice>> inFlight = new LinkedHashMap<>();
    private final Map<UUID, Boolean> own = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > OWN_COMMITS;
        }
    };
    private volatile Set<Capability> capabilities;

    public RestStore(String name, RestStoreOptions options, EventAdmin events) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid store name '" + name
                    + "': use letters, digits, '-' and '_' only (it becomes part of an event topic)");
        }
        this.name = name;
        this.remote = options.remoteStore() == null || options.remoteStore().isBlank() ? name : options.remoteStore();
        String base = options.server().toString().replaceAll("/+$", "");
        this.storeUrl = URI.create(base + "/stores/" + URLEncoder.encode(remote, StandardCharsets.UTF_8));
        this.http = new Http(name, storeUrl, options);
        this.events = events;
        long position = -1;
        String epoch = "";
        try {
            JsonNode info = http.get("", Http.Retry.NONE);
            capabilities = capabilitiesOf(info);
            position = Json.number(info, "sequence", "", -1);
            epoch = Json.text(info, "epoch", "", "");
        } catch (StoreException e) {
            // The server may come later: calls retry, and the stream starts where the server is then.
            LOG.log(Level.WARNING, e.getMessage());
        }
        this.stream = events == null ? null : new ChangeStream(name, http, position, epoch, new ChangeStream.Listener() {
            @Override
            public void commit(JsonChanges.Notice notice) {
                announce(notice);
            }

            @Override
            public void resynced(long head, String reason) {
                resync(head, reason);
            }
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI url() {
        return storeUrl;
    }

    @Override
    public boolean streaming() {
        return stream != null && stream.connected();
    }

    @Override
    public long streamPosition() {
        return stream == null ? -1 : stream.position();
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> c = capabilities;
        if (c == null) {
            try {
                c = capabilitiesOf(http.get("", Http.Retry.NONE));
                capabilities = c;
            } catch (StoreException e) {
                // What a server store always gives; durability is unknown until it answers.
                c = EnumSet.of(Capability.ATOMIC, Capability.QUERYABLE);
            }
        }
        EnumSet<Capability> result = c.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(c);
        if (stream != null) {
            result.add(Capability.NOTIFIES);
        } else {
            result.remove(Capability.NOTIFIES);
        }
        return result;
    }

    private static Set<Capability> capabilitiesOf(JsonNode info) {
        EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
        JsonNode caps = info.get("capabilities");
        if (caps != null && caps.isArray()) {
            for (JsonNode c : caps) {
                try {
                    set.add(Capability.valueOf(c.asText()));
                } catch (IllegalArgumentException e) {
                    // A newer server's capability this client does not know.
                }
            }
        }
        return set;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<Record> load(ObjectId id) {
        JsonNode n = http.getOrNull("/objects/" + id);
        return n == null ? Optional.empty() : Optional.of(record(n));
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        Map<ObjectId, Record> result = new LinkedHashMap<>();
        List<ObjectId> list = new ArrayList<>(ids);
        for (int from = 0; from < list.size(); from += LOAD_CHUNK) {
            ObjectNode body = Json.object();
            ArrayNode a = body.putArray("ids");
            list.subList(from, Math.min(list.size(), from + LOAD_CHUNK)).forEach(id -> a.add(id.toString()));
            for (Record r : records(http.post("/load", body, Http.Retry.IDEMPOTENT))) {
                result.put(r.id(), r);
            }
        }
        return result;
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        JsonNode n = http.getOrNull("/trees/" + rootId);
        Map<ObjectId, Record> result = new LinkedHashMap<>();
        if (n != null) {
            records(n).forEach(r -> result.put(r.id(), r));
        }
        return result;
    }

    @Override
    public List<Record> roots() {
        return records(http.get("/roots", Http.Retry.IDEMPOTENT));
    }

    @Override
    public Collection<IndexDef> indexes() {
        return decode(() -> JsonQueries.indexes(http.get("/indexes", Http.Retry.IDEMPOTENT), JsonRecords.TypeResolver.FULL_NAMES_ONLY));
    }

    @Override
    public List<Record> query(Query query) {
        return records(http.post("/query", JsonQueries.query(query), Http.Retry.IDEMPOTENT));
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        JsonNode n = http.get("/counts?type=" + encode(JsonRecords.type(type)) + "&feature=" + encode(feature),
                Http.Retry.IDEMPOTENT);
        return decode(() -> {
            Map<Object, Long> counts = new LinkedHashMap<>();
            ArrayNode a = Json.array(Json.required(n, "counts", ""), "counts");
            for (int i = 0; i < a.size(); i++) {
                counts.put(JsonValues.value(a.get(i).get("value"), "counts[" + i + "].value"),
                        Json.number(Json.required(a.get(i), "count", "counts[" + i + "]"), "counts[" + i + "].count"));
            }
            return counts;
        });
    }

    @Override
    public Map<String, Integer> modelVersions() {
        JsonNode n = http.get("/model", Http.Retry.IDEMPOTENT);
        return decode(() -> {
            Map<String, Integer> versions = new LinkedHashMap<>();
            JsonNode v = n.get("versions");
            if (v != null && v.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> i = v.fields(); i.hasNext();) {
                    Map.Entry<String, JsonNode> e = i.next();
                    versions.put(e.getKey(), (int) Json.number(e.getValue(), "versions." + e.getKey()));
                }
            }
            return versions;
        });
    }

    @Override
    public List<String> appliedMigrations() {
        JsonNode n = http.get("/model", Http.Retry.IDEMPOTENT);
        return decode(() -> {
            List<String> ids = new ArrayList<>();
            ArrayNode a = Json.array(Json.required(n, "migrations", ""), "migrations");
            for (int i = 0; i < a.size(); i++) {
                ids.add(Json.text(a.get(i), "migrations[" + i + "]"));
            }
            return ids;
        });
    }

    /** The server's store's epoch: this store's log is that store's. */
    @Override
    public String epoch() {
        return decode(() -> Json.text(http.get("", Http.Retry.IDEMPOTENT), "epoch", "", ""));
    }

    @Override
    public long logFloor() {
        return decode(() -> Json.number(http.get("", Http.Retry.IDEMPOTENT), "logFloor", "", 0));
    }

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        // The server answers at most a page of commits at a time; a larger max is asked for page by page.
        List<LoggedCommit> all = new ArrayList<>();
        long after = afterSequence;
        while (all.size() < max) {
            int page = Math.min(max - all.size(), JsonChanges.LOG_PAGE);
            List<LoggedCommit> got = commits(http.get("/commits?after=" + after + "&max=" + page, Http.Retry.IDEMPOTENT));
            all.addAll(got);
            if (got.size() < page) {
                break; // the end of the log
            }
            after = got.get(got.size() - 1).sequence();
        }
        return all;
    }

    /**
     * One request for up to a page of the newest commits. More than a page, or a server from
     * before {@code ?last=} (its answer does not echo {@code last}), is read through {@link #log}.
     */
    @Override
    public List<LoggedCommit> recentLog(int max) {
        if (max <= 0) {
            return List.of();
        }
        if (max <= JsonChanges.LOG_PAGE) {
            JsonNode n = http.get("/commits?last=" + max, Http.Retry.IDEMPOTENT);
            if (n.has("last")) {
                return commits(n);
            }
        }
        return RestModelStore.super.recentLog(max);
    }

    private List<LoggedCommit> commits(JsonNode n) {
        return decode(() -> {
            ArrayNode a = Json.array(Json.required(n, "commits", ""), "commits");
            List<LoggedCommit> list = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) {
                list.add(JsonChanges.loggedCommit(a.get(i), "commits[" + i + "]"));
            }
            return list;
        });
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void declareIndexes(Collection<IndexDef> indexes) {
        http.post("/indexes", JsonQueries.indexes(indexes), Http.Retry.IDEMPOTENT);
    }

    /** The server's store learns the model too (a JDBC store lays out its tables by it). */
    @Override
    public void useModel(List<EPackage> packages, Collection<IndexDef> indexes) {
        ObjectNode body = Json.object();
        body.put("ecore", JsonModels.ecore(packages));
        body.set("indexes", JsonQueries.indexes(indexes).get("indexes"));
        http.post("/model/packages", body, Http.Retry.IDEMPOTENT);
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        ObjectNode body = Json.object();
        body.set("index", JsonQueries.index(index));
        http.post("/indexes/rebuild", body, Http.Retry.IDEMPOTENT);
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        ObjectNode body = Json.object();
        body.put("nsUri", nsUri);
        body.put("version", version);
        http.post("/model/versions", body, Http.Retry.IDEMPOTENT);
    }

    @Override
    public void migrate(Migration migration) {
        // Not idempotent: a migration is retried only when it certainly did not reach the server.
        http.post("/migrations", JsonQueries.migration(migration), Http.Retry.UNSENT_ONLY);
    }

    @Override
    public CommitResult commit(ChangeSet changes) {
        UUID id = changes.commitId();
        synchronized (inFlight) {
            inFlight.put(id, new ArrayList<>());
        }
        CommitResult result = null;
        Http.Outcome outcome = null;
        try {
            outcome = http.commit(JsonChanges.changeSet(changes));
            JsonNode body = outcome.body();
            result = decode(() -> JsonChanges.commitResult(body));
            return result;
        } finally {
            List<JsonChanges.Notice> heard;
            synchronized (inFlight) {
                heard = inFlight.remove(id);
                if (result != null) {
                    own.put(id, Boolean.TRUE);
                }
            }
            if (result == null) {
                // The commit may have been applied although this client never heard the answer: what
                // the stream said about it meanwhile is announced as a commit made elsewhere.
                heard.forEach(this::post);
            } else if (events != null && (!result.duplicate() || outcome.attempts() > 1)) {
                // A duplicate answer after a lost response is this call's own commit: announce it once.
                events.postEvent(CommitEvents.of(name, changes, result));
            }
        }
    }

    /** A notice from the change stream: another client's commit, unless it is one of ours. */
    private void announce(JsonChanges.Notice notice) {
        UUID id = notice.changes().commitId();
        synchronized (inFlight) {
            if (own.containsKey(id)) {
                return;
            }
            List<JsonChanges.Notice> pending = inFlight.get(id);
            if (pending != null) {
                pending.add(notice);
                return;
            }
        }
        post(notice);
    }

    /**
     * The stream lost track of the server's commits: drop what this client cached about the server
     * (another store may answer now) and tell the application to read again.
     */
    private void resync(long head, String reason) {
        capabilities = null;
        if (events != null) {
            events.postEvent(CommitEvents.resync(name, head, reason));
        }
    }

    private void post(JsonChanges.Notice notice) {
        if (events != null) {
            events.postEvent(CommitEvents.of(name, notice.changes(), notice.result()));
        }
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
        http.close();
    }

    // ------------------------------------------------------------------ helpers

    private Record record(JsonNode n) {
        return decode(() -> JsonRecords.record(n, "", JsonRecords.TypeResolver.FULL_NAMES_ONLY, -1));
    }

    private List<Record> records(JsonNode n) {
        return decode(() -> JsonRecords.records(n));
    }

    /** A server answer that does not have the expected form is the server's fault, named as such. */
    private <T> T decode(java.util.function.Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (WireException e) {
            throw new StoreException("Store '" + name + "': the server at " + storeUrl + " answered with JSON this"
                    + " client does not understand (" + e.getMessage() + ")", e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "REST store '" + name + "' on " + storeUrl;
    }

    // ------------------------------------------------------------------ explicit locks (held by the server's store)

    @Override
    public void lock(String owner, String holder, Collection<ObjectId> ids, dev.strata.core.LockMode mode,
            java.time.Duration lease) {
        dev.strata.core.store.LockTable.checkLease(lease);
        ObjectNode body = lockBody(owner, ids);
        body.put("holder", holder == null ? "" : holder);
        body.put("mode", mode.name());
        body.put("leaseMs", Math.max(1, lease.toMillis()));
        http.post("/locks", body, Http.Retry.UNSENT_ONLY);
    }

    @Override
    public void unlock(String owner, Collection<ObjectId> ids) {
        http.post("/locks/release", lockBody(owner, ids), Http.Retry.IDEMPOTENT);
    }

    @Override
    public List<dev.strata.core.LockInfo> locks() {
        return decode(() -> JsonLocks.locks(http.get("/locks", Http.Retry.IDEMPOTENT).get("locks"), "locks"));
    }

    private static ObjectNode lockBody(String owner, Collection<ObjectId> ids) {
        ObjectNode body = Json.object();
        body.put("owner", owner);
        ArrayNode list = body.putArray("ids");
        ids.forEach(id -> list.add(id.toString()));
        return body;
    }
}
