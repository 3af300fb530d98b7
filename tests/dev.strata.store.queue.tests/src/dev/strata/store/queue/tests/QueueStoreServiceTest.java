package dev.strata.store.queue.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StoreType;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.contract.Await;
import dev.strata.store.tests.support.Configurations;
import dev.strata.core.contract.ContractModel;

/** A queue made by configuration, as mkstore and the Stores view make one, over a configured file store. */
class QueueStoreServiceTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final BundleContext context = FrameworkUtil.getBundle(QueueStoreServiceTest.class).getBundleContext();
    private final Configurations configs = new Configurations(context);
    private final StrataAdmin admin = configs.admin();

    @AfterEach
    void removeConfigurations() {
        configs.removeAll();
    }

    @Test
    void theQueueTypeIsInstalledWithItsSettings() {
        StoreType queue = admin.storeType("queue");
        assertEquals("dev.strata.store.queue", queue.factoryPid());
        assertEquals(List.of("store.target", "journal.directory", "max.queued", "max.wait.ms", "coalesce", "retry.max.ms"),
                queue.settings().stream().map(s -> s.key()).toList());
        assertEquals("10000", queue.setting("max.queued").orElseThrow().defaultValue());
        assertEquals(1L, queue.setting("max.queued").orElseThrow().min());
    }

    @Test
    void aConfiguredQueueOverAFileStoreServesSessionsAndDrains() throws Exception {
        org.eclipse.emf.ecore.EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        Path dir = Files.createTempDirectory("strata-queue-service");
        Path journal = Files.createTempDirectory("strata-queue-service-journal");
        String files = configs.name("files");
        String queued = configs.name("queued");
        admin.configureStore("file", files, Map.of("directory", dir.toString()));
        admin.configureStore("queue", queued, Map.of("store.target", "(strata.store=" + files + ")",
                "journal.directory", journal.toString(), "max.queued", "100"));
        StoreStatus status = admin.awaitStore(queued, StrataAdmin.WAIT);
        assertEquals(StoreStatus.State.RUNNING, status.state(), status.detail());
        ModelStore store = admin.store(queued).orElseThrow();
        assertEquals("queue", admin.typeOf(store));

        Repository repository = Repositories.builder("queuedrepo", store).packages(M.ePackage).build();
        try (Session s = repository.openSession()) {
            EObject root = M.newItem("root");
            s.add(root);
            s.commit("through the queue");
            root.eSet(M.count, 3);
            s.commit("again");
        }
        try (Session s = repository.openSession()) {
            assertEquals(3, s.roots().get(0).eGet(M.count));
        }
        ModelStore files0 = admin.store(files).orElseThrow();
        Await.until("the file store has what was committed through the queue",
                () -> files0.roots().size() == 1 && Integer.valueOf(3).equals(files0.roots().get(0).value("count")));
        Await.until("the figures say so", () -> store.figures().get("queued") == 0 && store.figures().get("drained") == 2);
        assertTrue(Files.list(journal).anyMatch(p -> p.getFileName().toString().startsWith("queue-")), "the journal");
    }

    @Test
    void aTargetThatSelectsTheQueueItselfIsRefused() {
        String queued = configs.name("loop");
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> admin.configureStore("queue",
                queued, Map.of("store.target", "(strata.store=" + queued + ")")));
        assertTrue(own.getMessage().contains("selects the store itself"), own.getMessage());
        assertFalse(admin.storeExists(queued));
    }
}
