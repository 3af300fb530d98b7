package dev.strata.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.KillLoop;
import dev.strata.wire.Json;
import dev.strata.wire.JsonRecords;
import dev.strata.server.tests.harness.TestServer;

/**
 * Generated requests against every resource of a served store, from a fixed seed: random
 * mutations of valid requests (wrong types, nulls, unknown ids, types and features, bad versions,
 * malformed JSON, deep nesting, huge numbers, wrong content types). No answer may be a 5xx or carry
 * Java names, and no refused write may change the store (#13 item 9). Figures go to
 * {@code target/reliability/rest-fuzz.txt}; {@code -Dstrata.fuzz.seed} replays another seed.
 */
class RestFuzzTest {

    private static final int REQUESTS = 3_000;
    private static final int AT_LEAST = 2_500;
    private static final long MAX_MILLIS = 120_000;
    private static final String ITEM = ContractModel.NS_URI + "#Item";
    private static final Pattern JAVA_NAMES = Pattern.compile("java\\.|\\bat [a-z]+\\.|Exception");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Random random;
    private ModelStore store;
    private String base;
    private final List<ObjectId> known = new ArrayList<>();
    private final List<UUID> usedCommitIds = new ArrayList<>();
    /** Set once the valid start is in: from then on commit ids are sometimes used again. */
    private boolean fuzzing;

    /** One generated request. */
    private record Req(String method, String path, String contentType, byte[] body, String auth) {
        boolean writes() {
            return method.equals("POST") && !path.endsWith("/query") && !path.endsWith("/load");
        }

        String describe() {
            String b = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + path + " [" + contentType + "] " + (b.length() > 300 ? b.substring(0, 300) + "..." : b);
        }
    }

    @Test
    void noGeneratedRequestGetsA5xxJavaNamesOrChangesDataWhenRefused() throws Exception {
        long seed = Long.getLong("strata.fuzz.seed", 0x5EED_2026_13L);
        System.out.println("RestFuzzTest seed " + seed + " (rerun with -Dstrata.fuzz.seed=" + seed + ")");
        random = new Random(seed);
        assertNotNull(ContractModel.INSTANCE.ePackage);
        try (TestServer server = TestServer.start(Map.of())) {
            String name = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
            store = server.serveMemoryStore(name);
            server.registerRepository(name + "-repo", store, ContractModel.INSTANCE.ePackage);
            base = server.base + "/stores/" + name;
            seed(server);
            fuzzing = true;

            Map<Integer, Integer> byStatus = new TreeMap<>();
            int requests = 0;
            int fiveHundreds = 0;
            int javaNames = 0;
            int changedByRefused = 0;
            List<String> failures = new ArrayList<>();
            long start = System.currentTimeMillis();
            while (requests < REQUESTS && System.currentTimeMillis() - start < MAX_MILLIS) {
                Req req = next();
                String before = req.writes() ? dump() : null;
                HttpResponse<String> r = send(req);
                requests++;
                byStatus.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() >= 500) {
                    fiveHundreds++;
                    note(failures, "5xx", req, r);
                }
                // The packages resource describes the model, whose data types name their Java classes (java.net.URI).
                boolean model = req.path().startsWith("/packages") && r.statusCode() == 200;
                if (!model && JAVA_NAMES.matcher(r.body()).find()) {
                    javaNames++;
                    note(failures, "java names", req, r);
                }
                if (before != null && r.statusCode() >= 300) {
                    String after = dump();
                    if (!before.equals(after)) {
                        changedByRefused++;
                        note(failures, "data changed by a refused write", req, r);
                    }
                }
                if (r.statusCode() == 200 && req.writes()) {
                    refreshKnown();
                }
            }
            long seconds = (System.currentTimeMillis() - start + 999) / 1000;
            StringBuilder figures = new StringBuilder();
            figures.append("REST fuzz (RestFuzzTest)\n");
            figures.append("seed: ").append(seed).append('\n');
            figures.append("requests: ").append(requests).append('\n');
            figures.append("by status: ").append(byStatus).append('\n');
            figures.append("5xx: ").append(fiveHundreds).append('\n');
            figures.append("bodies with Java names: ").append(javaNames).append('\n');
            figures.append("refused writes that changed data: ").append(changedByRefused).append('\n');
            figures.append("seconds: ").append(seconds).append('\n');
            KillLoop.write("rest-fuzz", figures.toString());

            assertTrue(requests >= AT_LEAST, "only " + requests + " requests in " + MAX_MILLIS / 1000 + " s");
            assertEquals(List.of(), failures, figures.toString());
            assertTrue(byStatus.keySet().stream().anyMatch(s -> s == 200) && byStatus.keySet().stream()
                    .anyMatch(s -> s == 400), "the mix must hold accepted and refused requests: " + byStatus);
        }
    }

    private static void note(List<String> failures, String what, Req req, HttpResponse<String> r) {
        if (failures.size() < 25) {
            failures.add(what + ": " + req.describe() + " -> " + r.statusCode() + " " + r.body());
        }
    }

    private HttpResponse<String> send(Req req) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + req.path())).timeout(Duration.ofSeconds(20));
        if (req.method().equals("GET")) {
            b.GET();
        } else {
            b.POST(HttpRequest.BodyPublishers.ofByteArray(req.body() == null ? new byte[0] : req.body()));
            if (req.contentType() != null) {
                b.header("Content-Type", req.contentType());
            }
        }
        if (req.auth() != null) {
            b.header("Authorization", req.auth());
        }
        HttpRequest request = b.build();
        try {
            return answered(req, http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (java.io.IOException e) {
            if (!previousClosed) {
                throw new java.io.IOException("No answer to " + req.describe() + " (after " + previous + "): "
                        + e.getMessage(), e);
            }
            // Jetty refuses a request it cannot parse (GET /objects/%00) with its own 400 page and
            // closes the connection without saying so; the client may have reused it meanwhile.
            return answered(req, http.send(request, HttpResponse.BodyHandlers.ofString()));
        }
    }

    private String previous = "nothing";
    /** The previous answer came from Jetty itself, which then closes the connection. */
    private boolean previousClosed;

    private HttpResponse<String> answered(Req req, HttpResponse<String> r) {
        previous = req.describe() + " -> " + r.statusCode() + " " + r.headers().map();
        previousClosed = r.statusCode() == 400
                && r.headers().firstValue("Content-Type").orElse("").startsWith("text/html");
        return r;
    }

    /** Everything a request could change: records, roots, log head, indexes, model versions. */
    private String dump() {
        StringBuilder sb = new StringBuilder();
        List<Record> roots = new ArrayList<>(store.roots());
        roots.sort(Comparator.comparing(Record::id));
        for (Record root : roots) {
            store.loadTree(root.id()).values().stream().sorted(Comparator.comparing(Record::id))
                    .forEach(r -> sb.append(JsonRecords.record(r)).append('\n'));
        }
        store.loadAll(known).values().stream().sorted(Comparator.comparing(Record::id))
                .forEach(r -> sb.append(JsonRecords.record(r)).append('\n'));
        List<?> log = store.log(0, Integer.MAX_VALUE);
        sb.append("log ").append(log.size()).append(' ').append(log.isEmpty() ? "" : log.get(log.size() - 1));
        sb.append("\nindexes ").append(store.indexes()).append("\nversions ").append(new TreeMap<>(store.modelVersions()))
                .append("\nmigrations ").append(store.appliedMigrations());
        return sb.toString();
    }

    private void refreshKnown() {
        for (Record r : store.roots()) {
            if (!known.contains(r.id())) {
                known.add(r.id());
            }
        }
    }

    // ------------------------------------------------------------------ a valid start

    private void seed(TestServer server) throws Exception {
        ObjectNode ordered = Json.object();
        ArrayNode defs = ordered.putArray("indexes");
        defs.addObject().put("type", "Item").put("feature", "count").put("kind", "ordered");
        defs.addObject().put("type", "Item").put("feature", "ratio").put("kind", "ordered");
        defs.addObject().put("type", "Item").put("feature", "name").put("kind", "unique");
        HttpResponse<String> r = send(json("POST", "/indexes", ordered));
        assertEquals(200, r.statusCode(), r.body());
        for (int i = 0; i < 12; i++) {
            r = send(json("POST", "/commits", validCreate()));
            assertEquals(200, r.statusCode(), r.body());
        }
        ObjectNode version = Json.object().put("nsUri", ContractModel.NS_URI).put("version", 1);
        r = send(json("POST", "/model/versions", version));
        assertEquals(200, r.statusCode(), r.body());
        refreshKnown();
    }

    // ------------------------------------------------------------------ generation

    private Req next() {
        int kind = random.nextInt(100);
        if (kind < 40) {
            return json("POST", "/commits", mutate(validCommit()));
        } else if (kind < 50) {
            return json("POST", "/query", mutate(validQuery()));
        } else if (kind < 56) {
            return json("POST", "/indexes", mutate(validIndexes()));
        } else if (kind < 61) {
            return json("POST", "/indexes/rebuild", mutate(Json.object().set("index", validIndex())));
        } else if (kind < 65) {
            return json("POST", "/model/versions", mutate(Json.object().put("nsUri", pick(ContractModel.NS_URI,
                    "http://strata.dev/other/" + random.nextInt(3))).put("version", random.nextInt(4))));
        } else if (kind < 68) {
            return json("POST", "/migrations", mutate(validMigration()));
        } else if (kind < 71) {
            ObjectNode o = Json.object();
            o.put("ecore", pick("", "<x/>", "not xml", "<ecore:EPackage xmlns:ecore=\"http://www.eclipse.org/emf/2002/Ecore\""
                    + " name=\"p\" nsURI=\"http://strata.dev/fuzz/" + random.nextInt(5) + "\" nsPrefix=\"p\"/>"));
            return json("POST", "/model/packages", mutate(o));
        } else if (kind < 75) {
            ObjectNode o = Json.object();
            ArrayNode ids = o.putArray("ids");
            ids.add(someId().toString());
            return json("POST", "/load", mutate(o));
        } else if (kind < 82) {
            return malformed();
        } else if (kind < 92) {
            return get();
        } else if (kind < 96) {
            Req valid = json("POST", "/commits", validCommit());
            return new Req("POST", valid.path(), pick("text/plain", "application/xml", "multipart/form-data",
                    "application/x-www-form-urlencoded", null), valid.body(), TestServer.bearer());
        } else {
            Req valid = json(random.nextBoolean() ? "POST" : "GET", pick("/commits", "/roots", "/query"),
                    validCommit());
            return new Req(valid.method(), valid.path(), Json.JSON, valid.body(), pick(null, "Bearer wrong",
                    "Basic !!", "Bearer"));
        }
    }

    private Req json(String method, String path, JsonNode body) {
        return new Req(method, path, Json.JSON, body.toString().getBytes(StandardCharsets.UTF_8), TestServer.bearer());
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private ObjectId someId() {
        return known.isEmpty() || random.nextInt(4) == 0 ? ObjectId.random() : known.get(random.nextInt(known.size()));
    }

    private UUID commitId() {
        if (fuzzing && !usedCommitIds.isEmpty() && random.nextInt(10) == 0) {
            return usedCommitIds.get(random.nextInt(usedCommitIds.size()));
        }
        UUID id = UUID.randomUUID();
        usedCommitIds.add(id);
        return id;
    }

    private ObjectNode validValues() {
        ObjectNode v = Json.object();
        v.put("name", "item-" + random.nextInt(1_000_000));
        if (random.nextBoolean()) {
            v.put("count", random.nextInt(10));
        }
        if (random.nextBoolean()) {
            v.put("ratio", random.nextInt(100) / 4.0);
        }
        if (random.nextBoolean()) {
            v.putObject("when").put("$date", "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "T10:00:00Z");
        }
        if (random.nextBoolean()) {
            v.put("color", pick("red", "green", "blue"));
        }
        if (random.nextBoolean()) {
            v.putObject("big").put("$long", random.nextLong());
        }
        if (random.nextBoolean()) {
            v.putArray("tags").add("a").add("b");
        }
        if (random.nextBoolean()) {
            v.putArray("scores").add(1).add(2);
        }
        return v;
    }

    private ObjectNode validCreate() {
        ObjectNode cs = Json.object();
        cs.put("commitId", commitId().toString());
        ObjectNode r = cs.putArray("created").addObject();
        r.put("id", ObjectId.random().toString());
        r.put("type", random.nextBoolean() ? "Item" : ITEM);
        r.set("values", validValues());
        return cs;
    }

    private ObjectNode validCommit() {
        int what = random.nextInt(5);
        if (what == 0 || known.isEmpty()) {
            return validCreate();
        }
        if (what == 4) {
            // An id the store has, created again.
            ObjectNode again = validCreate();
            ((ObjectNode) again.get("created").get(0)).put("id", known.get(random.nextInt(known.size())).toString());
            return again;
        }
        ObjectNode cs = Json.object();
        cs.put("commitId", commitId().toString());
        ObjectId id = known.get(random.nextInt(known.size()));
        Record r = store.load(id).orElse(null);
        long version = r == null ? 1 : r.version();
        if (what == 1) {
            // A parent created with a child it contains.
            ArrayNode created = cs.putArray("created");
            String parent = ObjectId.random().toString();
            String child = ObjectId.random().toString();
            ObjectNode p = created.addObject().put("id", parent).put("type", "Item");
            p.set("values", validValues());
            ((ObjectNode) p.get("values")).putArray("children").addObject().put("$ref", child);
            ObjectNode c = created.addObject().put("id", child).put("type", "Item").put("container", parent);
            c.set("values", validValues());
        } else if (what == 2) {
            ObjectNode ch = cs.putArray("changed").addObject();
            ch.put("id", id.toString()).put("type", "Item").put("expectedVersion", version);
            ObjectNode values = ch.putObject("values");
            values.put("count", random.nextInt(10));
            values.put("text", "t" + random.nextInt(100));
        } else {
            ObjectNode d = cs.putArray("deleted").addObject();
            d.put("id", id.toString()).put("type", "Item").put("version", version);
        }
        return cs;
    }

    private ObjectNode validQuery() {
        ObjectNode q = Json.object();
        q.put("type", "Item");
        ArrayNode where = q.putArray("where");
        int what = random.nextInt(3);
        if (what == 0) {
            where.addObject().put("feature", "count").put("eq", random.nextInt(10));
        } else if (what == 1) {
            where.addObject().put("feature", "count").put("from", 2).put("to", 7);
        } else {
            ObjectNode c = where.addObject().put("feature", "when");
            c.putObject("from").put("$date", "2026-01-01T00:00:00Z");
        }
        if (random.nextBoolean()) {
            q.put("orderBy", pick("count", "-count", "when"));
        }
        if (random.nextBoolean()) {
            q.put("limit", random.nextInt(20));
        }
        return q;
    }

    private ObjectNode validIndex() {
        return Json.object().put("type", "Item").put("feature", pick("count", "color", "when", "ratio", "name"))
                .put("kind", pick("equality", "ordered", "unique"));
    }

    private ObjectNode validIndexes() {
        ObjectNode o = Json.object();
        o.putArray("indexes").add(validIndex());
        return o;
    }

    private ObjectNode validMigration() {
        ObjectNode m = Json.object();
        m.put("nsUri", ContractModel.NS_URI).put("from", random.nextInt(3)).put("to", 1 + random.nextInt(3));
        m.putArray("steps").addObject().put("op", "addFeature").put("class", "Item").put("feature", "extra")
                .put("default", "x");
        return m;
    }

    // ------------------------------------------------------------------ mutations

    /** Applies one to three mutations at random places of a valid document. */
    private JsonNode mutate(ObjectNode valid) {
        if (random.nextInt(8) == 0) {
            return valid; // some stay valid: the store must keep changing
        }
        JsonNode doc = valid;
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            doc = mutateSomewhere(doc);
        }
        return doc;
    }

    private JsonNode mutateSomewhere(JsonNode doc) {
        List<JsonNode> containers = new ArrayList<>();
        collect(doc, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            int op = random.nextInt(4);
            if (names.isEmpty() || op == 0) {
                o.set(pick("id", "type", "values", "expectedVersion", "version", "container", "nope", "$long", "feature",
                        "eq", "from", "to", "created", "changed", "deleted", "commitId", "kind", "index", "ids", "where",
                        "orderBy", "limit", "nsUri", "steps", "op", "name", "count", "when", "tags"), strange());
            } else if (op == 1) {
                o.remove(names.get(random.nextInt(names.size())));
            } else {
                o.set(names.get(random.nextInt(names.size())), strange());
            }
            return doc;
        }
        ArrayNode a = (ArrayNode) target;
        if (a.isEmpty() || random.nextBoolean()) {
            a.add(strange());
        } else {
            a.set(random.nextInt(a.size()), strange());
        }
        return doc;
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            n.forEach(c -> collect(c, out));
        }
    }

    /** A value of a kind the place may not expect. */
    private JsonNode strange() {
        return switch (random.nextInt(30)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.arrayNode().add(NODES.nullNode());
            case 2 -> NODES.numberNode(-1);
            case 3 -> NODES.numberNode(Long.MAX_VALUE);
            case 4 -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 5 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
            case 6 -> NODES.numberNode(3.0);
            case 7 -> NODES.textNode("3");
            case 8 -> NODES.textNode("");
            case 9 -> NODES.booleanNode(true);
            case 10 -> NODES.textNode(ObjectId.random().toString());
            case 11 -> NODES.textNode(pick("Nope", "http://strata.dev/none#Item", ContractModel.NS_URI + "#Nope",
                    "#", "Item#", ITEM));
            case 12 -> NODES.objectNode().put("$long", pick("x", "99999999999999999999", "5"));
            case 13 -> NODES.objectNode().put("$ref", pick("not-an-id", ObjectId.random().toString()));
            case 14 -> NODES.objectNode().put("$date", pick("yesterday", "2026-13-45", "2026-01-01"));
            case 15 -> NODES.objectNode().put("$nope", 1);
            case 16 -> NODES.objectNode().put("a", 1);
            case 17 -> NODES.arrayNode().add(1).add("two").add(NODES.nullNode());
            case 18 -> deep(random.nextInt(40)); // deeper ones are written as text (malformed())
            case 19 -> NODES.numberNode(0);
            case 20 -> NODES.numberNode(Integer.MIN_VALUE);
            case 21 -> NODES.textNode(pick("count", "when", "tags", "bytes", "children", "nope", "name", "ratio"));
            case 22 -> NODES.textNode(pick("equality", "ordered", "unique", "fulltext"));
            case 23 -> NODES.objectNode().put("$char", "ab");
            case 24 -> NODES.objectNode().put("$nil", true);
            case 25 -> NODES.textNode("\u0000\ud800x");
            case 26 -> known.isEmpty() ? NODES.nullNode() : NODES.textNode(known.get(random.nextInt(known.size())).toString());
            case 27 -> NODES.objectNode().put("$entry", "x").put("$value", 1);
            case 28 -> NODES.numberNode(-0.0);
            default -> NODES.objectNode().put("$decimal", pick("1.50", "abc", "1e99999"));
        };
    }

    private static JsonNode deep(int depth) {
        JsonNode n = NODES.numberNode(1);
        for (int i = 0; i < depth; i++) {
            n = i % 2 == 0 ? NODES.arrayNode().add(n) : NODES.objectNode().set("x", n);
        }
        return n;
    }

    private Req malformed() {
        String valid = validCommit().toString();
        String path = pick("/commits", "/query", "/indexes", "/indexes/rebuild", "/model/versions", "/migrations",
                "/load", "/model/packages");
        byte[] body = switch (random.nextInt(10)) {
            case 9 -> {
                // Well-formed but nested deeper than any parser should follow (as text: Jackson writes 1,000 at most).
                int depth = 1_000 + random.nextInt(5_000);
                ObjectNode cs = validCreate();
                ((ObjectNode) cs.get("created").get(0).get("values")).put("tags", "DEEP");
                yield cs.toString().replace("\"DEEP\"", "[".repeat(depth) + "1" + "]".repeat(depth))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 0 -> valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
            case 1 -> (valid + " trailing").getBytes(StandardCharsets.UTF_8);
            case 2 -> "[".repeat(3_000 + random.nextInt(20_000)).getBytes(StandardCharsets.UTF_8);
            case 3 -> new byte[0];
            case 4 -> new byte[] { (byte) 0xC3, (byte) 0x28, '{', '}' };
            case 5 -> ("\uFEFF" + valid).getBytes(StandardCharsets.UTF_8);
            case 6 -> "{\"commitId\": 1e99999999}".getBytes(StandardCharsets.UTF_8);
            case 7 -> "null".getBytes(StandardCharsets.UTF_8);
            default -> ("{\"a\":" + "1".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8);
        };
        return new Req("POST", path, Json.JSON, body, TestServer.bearer());
    }

    private Req get() {
        String path = switch (random.nextInt(12)) {
            case 0 -> "/objects/" + pick(someId().toString(), "not-an-id", "%00", "..");
            case 1 -> "/objects?id=" + pick(someId().toString(), "bad", "") + "&id=" + someId();
            case 2 -> "/trees/" + pick(someId().toString(), "zzz");
            case 3 -> "/roots";
            case 4 -> "/counts?type=" + pick("Item", "Nope", "", ITEM) + "&feature=" + pick("count", "color", "nope", "tags",
                    "");
            case 5 -> "/commits?after=" + pick("0", "-5", "x", "99999999999999999999") + "&max=" + pick("10", "-1", "5000", "y");
            case 6 -> "/indexes";
            case 7 -> "/packages?format=" + pick("json", "xmi", "yaml");
            case 8 -> "/model";
            case 9 -> "/nope/deeper/still/more";
            case 10 -> "";
            default -> "/events?after=" + pick("x", "1.5", "");
        };
        if (path.startsWith("/events") && path.endsWith("=")) {
            path = "/events?after=x"; // a valid stream would stay open
        }
        return new Req("GET", path, null, null, TestServer.bearer());
    }
}
