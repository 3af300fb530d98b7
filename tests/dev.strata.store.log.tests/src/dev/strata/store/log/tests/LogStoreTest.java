package dev.strata.store.log.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.strata.core.CommitResult;
import dev.strata.core.MissingIndexException;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.log.LogModelStore;
import dev.strata.store.log.LogStores;

/** What a log store writes for commits and reads, and what it does when its file takes no lines. */
class LogStoreTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<LogModelStore> opened = new ArrayList<>();

    private LogModelStore open(ModelStore wrapped, Path file, LogModelStore.Operations operations) {
        LogModelStore log = LogStores.open("logged", wrapped, file, operations, new dev.strata.core.contract.RecordedEvents());
        opened.add(log);
        return log;
    }

    @AfterEach
    void close() {
        opened.forEach(LogModelStore::close);
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static Path file() throws IOException {
        return Files.createTempDirectory("strata-log").resolve("sub").resolve("logged.jsonl");
    }

    private static ObjectId commitTree(Repository repo, List<CommitResult> results) {
        try (Session s = repo.openSession()) {
            EObject root = M.newItem("root");
            root.eSet(M.count, 7);
            @SuppressWarnings("unchecked")
            List<EObject> children = (List<EObject>) root.eGet(M.children);
            children.add(M.newItem("child"));
            s.add(root);
            results.add(s.commit("a tree"));
            return s.idOf(root);
        }
    }

    @Test
    void aCommitAndReadsAreWrittenAsOneJsonLineEach() throws IOException {
        Path file = file();
        ModelStore base = Repositories.memoryStore("base");
        LogModelStore log = open(base, file, LogModelStore.Operations.ALL);
        Repository repo = Repositories.builder("r", log).packages(M.ePackage).build();
        Instant before = Instant.now();
        List<CommitResult> results = new ArrayList<>();
        ObjectId root = commitTree(repo, results);
        CommitResult result = results.get(0);

        JsonNode commit = lines(file).stream().filter(n -> n.get("op").asText().equals("commit")).findFirst().orElseThrow();
        assertEquals("logged", commit.get("store").asText());
        assertEquals(result.commitId().toString(), commit.get("commit").asText());
        assertEquals(result.sequence(), commit.get("sequence").asLong());
        assertEquals(2, commit.get("created").asInt());
        assertEquals(0, commit.get("changed").asInt());
        assertTrue(commit.get("ids").toString().contains(root.toString()), commit.toString());
        assertFalse(Instant.parse(commit.get("time").asText()).isBefore(before.minusSeconds(1)), commit.toString());
        assertTrue(commit.get("us").asLong() >= 0, commit.toString());
        assertFalse(commit.has("error"), commit.toString());

        int before2 = lines(file).size();
        assertEquals(2, log.loadTree(root).size());
        assertEquals(1, log.query(Query.on(TypeRef.of(M.item)).eq("count", 7)).size());
        List<JsonNode> after = lines(file);
        assertEquals(before2 + 2, after.size());
        JsonNode tree = after.get(before2);
        assertEquals("loadTree", tree.get("op").asText());
        assertEquals(root.toString(), tree.get("ids").get(0).asText());
        assertEquals(2, tree.get("size").asInt());
        JsonNode query = after.get(before2 + 1);
        assertEquals("query", query.get("op").asText());
        assertTrue(query.get("query").asText().contains("count = 7"), query.toString());
        assertEquals(1, query.get("size").asInt());
        assertEquals(Map.of("lines", (long) after.size(), "unwritten", 0L), log.figures());
    }

    @Test
    void aFailedOperationIsWrittenWithItsError() throws IOException {
        Path file = file();
        LogModelStore log = open(Repositories.memoryStore("base"), file, LogModelStore.Operations.ALL);
        Repositories.builder("r", log).packages(M.ePackage).build();
        assertThrows(MissingIndexException.class, () -> log.query(Query.on(TypeRef.of(M.item)).eq("text", "x")));
        JsonNode last = lines(file).getLast();
        assertEquals("query", last.get("op").asText());
        assertTrue(last.get("error").asText().startsWith("MissingIndexException: "), last.toString());
        assertFalse(last.has("size"), last.toString());
    }

    @Test
    void writesOnlyLeavesReadsOut() throws IOException {
        Path file = file();
        LogModelStore log = open(Repositories.memoryStore("base"), file, LogModelStore.Operations.WRITES);
        Repository repo = Repositories.builder("r", log).packages(M.ePackage).build();
        ObjectId root = commitTree(repo, new ArrayList<>());
        int written = lines(file).size();
        log.loadTree(root);
        log.roots();
        assertEquals(written, lines(file).size(), "reads are not written");
        List<String> ops = lines(file).stream().map(n -> n.get("op").asText()).toList();
        assertTrue(ops.contains("commit") && ops.contains("initModelVersion") && ops.contains("declareIndexes"), ops.toString());
        assertFalse(ops.contains("loadTree") || ops.contains("roots"), ops.toString());
    }

    /** /dev/full opens but takes no byte: the disk-full case. */
    @Test
    void aLogThatCannotBeWrittenFailsTheOperationAndRefusesTheNext() {
        Path full = Path.of("/dev/full");
        ModelStore base = Repositories.memoryStore("base");
        Repository baseRepo = Repositories.builder("b", base).packages(M.ePackage).build();
        LogModelStore log = open(base, full, LogModelStore.Operations.WRITES);
        dev.strata.core.ChangeSet changes;
        try (Session s = baseRepo.openSession()) {
            s.add(M.newItem("root"));
            changes = s.pendingChanges();
        }
        StoreException first = assertThrows(StoreException.class, () -> log.commit(changes));
        String all = first.getMessage();
        assertTrue(all.contains("Log store 'logged': commit went through to store 'base' but its line could not be written to /dev/full"),
                all);
        assertEquals(1, base.roots().size(), "the commit was applied: the log says so instead of hiding it");
        assertEquals(1L, log.figures().get("unwritten"));

        StoreException refused = assertThrows(StoreException.class, () -> log.initModelVersion("http://example.org/x", 1));
        assertTrue(refused.getMessage().startsWith("Log store 'logged' cannot write its log /dev/full ("), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("initModelVersion is refused until it can"), refused.getMessage());
        assertFalse(base.modelVersions().containsKey("http://example.org/x"), "the refused operation did not reach the store");
        assertEquals(1, base.roots().size());
    }

    @Test
    void aRelativeFileIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> open(Repositories.memoryStore("base"), Path.of("logs/x.jsonl"), LogModelStore.Operations.ALL));
        assertEquals("Log store 'logged': file 'logs/x.jsonl' is not an absolute path", e.getMessage());
    }
}
