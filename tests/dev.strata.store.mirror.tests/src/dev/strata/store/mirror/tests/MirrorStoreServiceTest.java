package dev.strata.store.mirror.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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

/** Mirrors made by configuration, as mkstore and the Stores view make them, over configured memory stores. */
class MirrorStoreServiceTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private static final Duration COPIED = Duration.ofSeconds(30);

    private final BundleContext context = FrameworkUtil.getBundle(MirrorStoreServiceTest.class).getBundleContext();
    private final Configurations configs = new Configurations(context);
    private final StrataAdmin admin = configs.admin();

    @AfterEach
    void removeConfigurations() {
        configs.removeAll();
    }

    @Test
    void theMirrorTypeIsInstalledWithItsSettings() {
        StoreType mirror = admin.storeType("mirror");
        assertEquals("dev.strata.store.mirror", mirror.factoryPid());
        assertEquals(List.of("primary.target", "replicas.target", "read.from", "retry.max.seconds"),
                mirror.settings().stream().map(s -> s.key()).toList());
        assertEquals(List.of("primary", "replica"), mirror.setting("read.from").orElseThrow().choices());
        assertEquals("60", mirror.setting("retry.max.seconds").orElseThrow().defaultValue());
    }

    @Test
    void aConfiguredMirrorCopiesToItsReplicasAndOneConfiguredLaterCatchesUp() throws Exception {
        String primary = configs.name("primary");
        String first = configs.name("first");
        String late = configs.name("late");
        String mirrored = configs.name("mirrored");
        admin.configureStore("memory", primary, Map.of());
        admin.configureStore("memory", first, Map.of());
        admin.configureStore("mirror", mirrored, Map.of("primary.target", "(strata.store=" + primary + ")",
                "replicas.target", "(|(strata.store=" + first + ")(strata.store=" + late + "))"));
        StoreStatus status = admin.awaitStore(mirrored, StrataAdmin.WAIT);
        assertEquals(StoreStatus.State.RUNNING, status.state(), status.detail());
        ModelStore store = admin.store(mirrored).orElseThrow();
        assertEquals("mirror", admin.typeOf(store));

        Repository repository = Repositories.builder("mirroredrepo", store).packages(M.ePackage).build();
        try (Session s = repository.openSession()) {
            s.add(M.newItem("copied"));
            s.commit("through the mirror");
        }
        ModelStore primaryStore = admin.store(primary).orElseThrow();
        Await.until("the first replica has the commit", COPIED,
                () -> admin.store(first).orElseThrow().roots().size() == 1);
        SameRecords.assertSame(primaryStore, admin.store(first).orElseThrow());
        assertEquals(1L, store.figures().get("replicas"));

        // A replica configured later: the mirror starts again with both, and the new one catches up.
        admin.configureStore("memory", late, Map.of());
        Await.until("the mirror runs with two replicas", COPIED,
                () -> admin.store(mirrored).map(m -> m.figures().get("replicas") == 2L).orElse(false));
        Await.until("the late replica has the commit", COPIED,
                () -> admin.store(late).orElseThrow().roots().size() == 1);
        SameRecords.assertSame(primaryStore, admin.store(late).orElseThrow());
        SameRecords.assertSame(primaryStore, admin.store(first).orElseThrow());
    }

    @Test
    void aReplicaFilterThatSelectsTheMirrorItselfIsRefusedSayingSo() {
        String primary = configs.name("primary");
        String mirrored = configs.name("loop");
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
                () -> admin.configureStore("mirror", mirrored, Map.of("primary.target", "(strata.store=" + primary + ")",
                        "replicas.target", "(strata.store.type=mirror)")));
        assertTrue(own.getMessage().contains("replicas.target '(strata.store.type=mirror)' selects the store itself"),
                own.getMessage());
        assertFalse(admin.storeExists(mirrored));
    }
}
