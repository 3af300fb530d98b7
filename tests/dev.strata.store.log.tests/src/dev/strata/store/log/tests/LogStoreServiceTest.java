package dev.strata.store.log.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.strata.core.CommitResult;
import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StoreType;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.store.tests.support.Configurations;
import dev.strata.core.contract.ContractModel;

/** A log store made by configuration over a configured file store. */
class LogStoreServiceTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final BundleContext context = FrameworkUtil.getBundle(LogStoreServiceTest.class).getBundleContext();
    private final Configurations configs = new Configurations(context);
    private final StrataAdmin admin = configs.admin();

    @AfterEach
    void removeConfigurations() {
        configs.removeAll();
    }

    @Test
    void theLogTypeIsInstalledWithItsSettings() {
        StoreType type = admin.storeType("log");
        assertEquals("dev.strata.store.log", type.factoryPid());
        assertEquals(List.of("store.target", "file", "operations"), type.settings().stream().map(s -> s.key()).toList());
        assertEquals("writes", type.setting("operations").orElseThrow().defaultValue());
    }

    @Test
    void aConfiguredLogStoreWritesTheCommitsMadeThroughIt() throws Exception {
        org.eclipse.emf.ecore.EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        Path dir = Files.createTempDirectory("strata-log-service");
        Path file = dir.resolve("audit").resolve("tasks.jsonl");
        String files = configs.name("files");
        String logged = configs.name("logged");
        admin.configureStore("file", files, Map.of("directory", dir.resolve("store").toString()));
        admin.configureStore("log", logged, Map.of("store.target", "(strata.store=" + files + ")", "file", file.toString()));
        StoreStatus status = admin.awaitStore(logged, StrataAdmin.WAIT);
        assertEquals(StoreStatus.State.RUNNING, status.state(), status.detail());
        ModelStore store = admin.store(logged).orElseThrow();
        assertEquals("log", admin.typeOf(store));

        Repository repository = Repositories.builder("loggedrepo", store).packages(M.ePackage).build();
        CommitResult result;
        try (Session s = repository.openSession()) {
            s.add(M.newItem("audited"));
            result = s.commit("through the log");
        }
        assertEquals(1, admin.store(files).orElseThrow().roots().size());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(json.readTree(line));
        }
        JsonNode commit = lines.getLast();
        assertEquals("commit", commit.get("op").asText());
        assertEquals(result.commitId().toString(), commit.get("commit").asText());
        assertEquals(logged, commit.get("store").asText());
        assertTrue(lines.stream().noneMatch(n -> n.get("op").asText().startsWith("load")), "reads are not written by default");
    }

    @Test
    void aRelativeFileStopsTheStoreSayingWhy() {
        String files = configs.name("files");
        String logged = configs.name("relative");
        admin.configureStore("file", files, Map.of("directory", tempDir()));
        admin.configureStore("log", logged, Map.of("store.target", "(strata.store=" + files + ")", "file", "audit.jsonl"));
        StoreStatus status = admin.awaitStore(logged, StrataAdmin.WAIT);
        assertEquals(StoreStatus.State.FAILED, status.state(), status.detail());
        assertTrue(status.detail().contains("file 'audit.jsonl' is not an absolute path"), status.detail());
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("strata-log-service").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
