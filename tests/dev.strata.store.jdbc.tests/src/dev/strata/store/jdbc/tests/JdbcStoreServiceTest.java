package dev.strata.store.jdbc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.ChangeSet;
import dev.strata.core.IndexDef;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.admin.StrataConfig;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.jdbc.JdbcModelStore;

/** A JDBC store made from a Config Admin factory configuration: configuration alone picks the store. */
class JdbcStoreServiceTest {

    @Test
    void aConfiguredJdbcStoreIsRegisteredAsAModelStore() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(JdbcStoreServiceTest.class).getBundleContext();
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cm = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        cm.open();
        ConfigurationAdmin admin = cm.waitForService(10_000);
        assertNotNull(admin);
        Path dir = Files.createTempDirectory("strata-jdbc-service");
        Configuration config = admin.getFactoryConfiguration(StrataConfig.JDBC_STORE_PID, "svc", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("strata.store", "svcjdbc");
        // Without DATABASE_TO_LOWER: H2 then upper-cases unquoted names, and the store must still work.
        props.put("url", "jdbc:h2:file:" + dir.resolve("db"));
        config.update(props);
        try {
            ServiceTracker<ModelStore, ModelStore> t = new ServiceTracker<>(context,
                    context.createFilter("(&(objectClass=" + ModelStore.class.getName() + ")(strata.store=svcjdbc))"), null);
            t.open();
            ModelStore store = t.waitForService(10_000);
            assertNotNull(store, "no jdbc store service within 10 s");
            ServiceReference<ModelStore> ref = t.getServiceReference();
            assertEquals("jdbc", ref.getProperty(ModelStore.TYPE));
            assertTrue(store instanceof JdbcModelStore);
            assertEquals("H2", ((JdbcModelStore) store).database());
            ContractModel m = ContractModel.INSTANCE;
            store.useModel(List.of(m.ePackage), IndexDef.declaredIn(List.of(m.ePackage)));
            ObjectId id = ObjectId.random();
            store.commit(new ChangeSet(UUID.randomUUID(), "svc", "", List.of(new Record(id, TypeRef.of(m.item), 0,
                    Map.of("name", "configured"))), List.of(), List.of()));
            assertEquals("configured", store.load(id).orElseThrow().value("name"));
            assertTrue(Files.exists(dir.resolve("db.mv.db")), "the H2 file is where the configuration says");
        } finally {
            config.delete();
        }
    }
}
