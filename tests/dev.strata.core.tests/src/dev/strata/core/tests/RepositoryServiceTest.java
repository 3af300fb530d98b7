package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.strata.core.ModelStore;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.Veto;
import dev.strata.core.VetoException;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.Await;
import dev.strata.core.internal.MemoryStore;

/** Repositories made from Config Admin, vetoes from the service registry, events on Event Admin. */
class RepositoryServiceTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<Configuration> configurations = new ArrayList<>();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @AfterEach
    void tearDown() throws Exception {
        registrations.forEach(ServiceRegistration::unregister);
        for (Configuration c : configurations) {
            c.delete();
        }
    }

    private Repository configuredRepository(String name, String nsUri) throws Exception {
        return configuredRepository(name, nsUri, "memory");
    }

    private Repository configuredRepository(String name, String nsUri, String store) throws Exception {
        ConfigurationAdmin admin = Services.await(ConfigurationAdmin.class, null);
        if (!store.equals("memory")) {
            Configuration sc = admin.getFactoryConfiguration(MemoryStore.PID, store, "?");
            Dictionary<String, Object> sp = new Hashtable<>();
            sp.put("strata.store", store);
            sc.update(sp);
            configurations.add(sc);
        }
        Configuration c = admin.getFactoryConfiguration(Repository.PID, name, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("strata.repository", name);
        props.put("packages", new String[] { nsUri });
        props.put("store.target", "(strata.store=" + store + ")");
        c.update(props);
        configurations.add(c);
        return Services.await(Repository.class, "(strata.repository=" + name + ")");
    }

    private void listen(String... topics) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, topics);
        registrations.add(Services.context().registerService(EventHandler.class, events::add, props));
    }

    private Event next(String topic) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.getTopic().equals(topic)) {
                return e;
            }
        }
        throw new AssertionError("no event on " + topic + " within 10 s");
    }

    @Test
    void aFactoryConfigurationCreatesARepositoryWhoseCommitsAreAnnounced() throws Exception {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        Repository repo = configuredRepository("osgi-test", ContractModel.NS_URI);
        assertEquals("memory", repo.store().name());
        listen(Topics.commit("memory"), Topics.SESSION_CHANGED);

        try (Session s = repo.openSession()) {
            EObject item = s.add(M.newItem("announced-" + System.nanoTime()));
            Event dirty = next(Topics.SESSION_CHANGED);
            assertEquals(s.id(), dirty.getProperty(Topics.SESSION));
            assertEquals(1, dirty.getProperty(Topics.PENDING));
            s.commit("first");
            Event commit = next(Topics.commit("memory"));
            assertEquals(s.id(), commit.getProperty(Topics.SESSION));
            assertArrayEquals(new String[] { s.idOf(item).toString() }, (String[]) commit.getProperty(Topics.CREATED));
            assertArrayEquals(new String[] { TypeRef.of(M.item).toString() }, (String[]) commit.getProperty(Topics.TYPES));
            assertArrayEquals(new String[] { s.idOf(item) + "=1" }, (String[]) commit.getProperty(Topics.VERSIONS));
            Event clean = next(Topics.SESSION_CHANGED);
            assertEquals(0, clean.getProperty(Topics.PENDING));
        }
    }

    /**
     * The scheme's component learns of a new repository service just after the service is there:
     * try for a bounded time, as a tool started with the application would find it.
     */
    private static Resource strataResource(String uri) {
        return Await.result("EMF opens " + uri, () -> new ResourceSetImpl().getResource(URI.createURI(uri), true));
    }

    @Test
    void plainEmfOpensARepositoryByItsStrataUri() throws Exception {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        Repository repo = configuredRepository("emf-uri", ContractModel.NS_URI, "emf-uri-store");
        String name = "through-emf-" + System.nanoTime();
        // No Strata API below: EMF's own resource set, through the globally registered scheme.
        Resource r = strataResource("strata://emf-uri/");
        int before = r.getContents().size();
        r.getContents().add(M.newItem(name));
        assertTrue(r.isModified());
        r.save(null);
        assertTrue(!r.isModified());
        r.unload();
        try (Session s = repo.openSession()) {
            assertEquals(before + 1, s.roots().size());
            assertTrue(s.roots().stream().anyMatch(o -> name.equals(o.eGet(M.name))));
        }
        StrataException e = assertThrows(StrataException.class,
                () -> new ResourceSetImpl().getResource(URI.createURI("strata://no-such-repository/"), true));
        assertTrue(e.getMessage().contains("no-such-repository"), e.getMessage());
    }

    @Test
    void vetoServicesCheckEveryRepositorysCommits() throws Exception {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        Repository repo = configuredRepository("veto-test", ContractModel.NS_URI);
        Veto noForbidden = commit -> {
            for (EObject o : commit.created()) {
                if (String.valueOf(o.eGet(M.name)).startsWith("forbidden")) {
                    throw new VetoException(o.eGet(M.name) + " is forbidden by policy");
                }
            }
        };
        registrations.add(Services.context().registerService(Veto.class, noForbidden, null));
        try (Session s = repo.openSession()) {
            s.add(M.newItem("forbidden-" + System.nanoTime()));
            VetoException e = assertThrows(VetoException.class, s::commit);
            assertTrue(e.getMessage().contains("forbidden by policy"), e.getMessage());
        }
    }

    @Test
    void aRepositoryNamingAnUnknownPackageFailsWithAClearMessage() throws Exception {
        ConfigurationAdmin admin = Services.await(ConfigurationAdmin.class, null);
        Configuration c = admin.getFactoryConfiguration(Repository.PID, "broken", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("strata.repository", "broken");
        props.put("packages", new String[] { "http://nowhere.example/unknown" });
        c.update(props);
        configurations.add(c);
        var report = waitForFailure("dev.strata.core.internal.RepositoryComponent");
        assertTrue(report.contains("http://nowhere.example/unknown"), report);
        assertNotNull(Services.await(ModelStore.class, null));
    }

    private static String waitForFailure(String component) {
        return Await.result(component + " reports FAILED", () -> {
            for (var c : dev.strata.core.diagnostics.Health.check(Services.context(), false).components()) {
                if (c.name().equals(component) && "FAILED".equals(c.state())) {
                    return c.problem();
                }
            }
            return null;
        });
    }
}
