package dev.strata.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.strata.ui.tests.Widgets.waitFor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.ChangeSet;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.ui.StrataViews;

/** Opens the Stores view in a real workbench and watches it follow the event bus. */
class StoresViewTest {

    private static final long TIMEOUT_MS = Widgets.TIMEOUT_MS;

    @Test
    void storesViewListsTheMemoryStoreAndShowsCommitsMadeElsewhere() throws Exception {
        ModelStore store = memoryStore();
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        IViewPart view = page.showView(StrataViews.STORES);
        assertNotNull(view);

        Tree table = Widgets.storesTree(page.getWorkbenchWindow().getShell());
        // Capabilities and the last commit are read in a job: "loading…" until then.
        TreeItem memory = waitFor(() -> {
            TreeItem r = row(table, "memory");
            return r != null && !r.getText(3).equals("loading…") ? r : null;
        }, "the memory store's capabilities");
        assertTrue(memory.getText(3).contains("ATOMIC"), memory.getText(3));
        assertTrue("running".equals(memory.getText(2)), memory.getText(2));

        // A commit made outside the UI must reach the view through Event Admin, without a refresh.
        String message = "stores test " + UUID.randomUUID();
        ChangeSet cs = new ChangeSet(UUID.randomUUID(), "ui-test", message, List.of(new Record(ObjectId.random(),
                new TypeRef(dev.strata.example.tasks.TasksPackage.eNS_URI, "Task"), 0, Map.of("title", "from outside"))),
                List.of(), List.of(), "grace");
        store.commit(cs);
        // As people read it: number, author and message, not the commit's id.
        TreeItem last = waitFor(() -> {
            TreeItem r = row(table, "memory");
            return r != null && r.getText(4).contains(message) ? r : null;
        }, "the commit '" + message + "' in the Last commit column");
        assertTrue(last.getText(4).startsWith("#") && last.getText(4).contains("grace"), last.getText(4));
        assertTrue(!last.getText(4).contains(cs.commitId().toString()), last.getText(4));
    }

    /** Lock in the explorer's context menu: the Stores view names who holds what, Unlock clears it. */
    @Test
    void aLockTakenInTheExplorerShowsInStoresUntilUnlocked() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("lockview")) {
            // The store as a service, as configured stores are: the Stores view lists services.
            BundleContext context = FrameworkUtil.getBundle(StoresViewTest.class).getBundleContext();
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(ModelStore.NAME, f.store().name());
            ServiceRegistration<ModelStore> service = context.registerService(ModelStore.class, f.store(), props);
            try {
                lockAndUnlock(f);
            } finally {
                service.unregister();
            }
        }
    }

    private static void lockAndUnlock(Fixtures f) throws Exception {
        ObjectId task = f.projectWithTask("Locking", "Guarded");
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.showView(StrataViews.STORES);
        page.showView(StrataViews.EXPLORER);
        org.eclipse.swt.widgets.Composite shell = page.getWorkbenchWindow().getShell();
        org.eclipse.swt.widgets.TreeItem item = Widgets.selectInExplorer(shell, f.repository().name(),
                "Project Locking", "Task Guarded");
        Widgets.select(Widgets.menuItem(item.getParent(), "Lock"));
        dev.strata.core.LockInfo held = waitFor(() -> f.store().locks().isEmpty() ? null : f.store().locks().get(0),
                "the lock in the store");
        assertEquals(task, held.id());
        assertEquals(dev.strata.core.LockMode.WRITE, held.mode());

        page.showView(StrataViews.STORES);
        Tree table = Widgets.storesTree(shell);
        String store = f.store().name();
        TreeItem shown = waitFor(() -> {
            TreeItem r = row(table, store);
            return r != null && r.getText(5).startsWith("WRITE Task 'Guarded' by ") ? r : null;
        }, "who holds the lock, in Stores");
        assertTrue(shown.getText(5).contains(held.holder()), shown.getText(5));

        page.showView(StrataViews.EXPLORER);
        Widgets.select(Widgets.menuItem(item.getParent(), "Unlock"));
        assertTrue(f.store().locks().isEmpty(), "Unlock let it go: " + f.store().locks());
        page.showView(StrataViews.STORES);
        waitFor(() -> {
            TreeItem r = row(table, store);
            return r != null && "none".equals(r.getText(5)) ? r : null;
        }, "no lock left, in Stores");

        // Another process's lock announces nothing here: the view reads the stores again while shown.
        f.store().lock("another-process", "bob", java.util.List.of(task), dev.strata.core.LockMode.READ,
                java.time.Duration.ofMinutes(1));
        try {
            waitFor(() -> {
                TreeItem r = row(table, store);
                return r != null && r.getText(5).startsWith("READ Task 'Guarded' by bob") ? r : null;
            }, "a lock taken elsewhere, in Stores without a commit");
        } finally {
            f.store().unlock("another-process", java.util.List.of(task));
        }
    }

    /**
     * A store's log is read off the UI thread: while it is being read the row says "loading…" and the
     * window answers; a log that cannot be read says why, in Stores and in History, instead of a
     * blank cell or an empty view.
     */
    @Test
    void aSlowLogShowsLoadingAndAFailedOneSaysWhy() throws Exception {
        ModelStore memory = memoryStore();
        String slowName = "slowlog-" + UUID.randomUUID().toString().substring(0, 8);
        String brokenName = "brokenlog-" + UUID.randomUUID().toString().substring(0, 8);
        CountDownLatch release = new CountDownLatch(1);
        ModelStore slow = withLog(memory, slowName, () -> {
            try {
                // Bounded, so that a log read on the UI thread delays the test instead of hanging it.
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        });
        ModelStore broken = withLog(memory, brokenName, () -> {
            throw new IllegalStateException("server at http://127.0.0.1:9 refused the connection");
        });
        BundleContext context = FrameworkUtil.getBundle(StoresViewTest.class).getBundleContext();
        List<ServiceRegistration<ModelStore>> registered = new ArrayList<>();
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        try {
            for (ModelStore s : List.of(slow, broken)) {
                Dictionary<String, Object> props = new Hashtable<>();
                props.put(ModelStore.NAME, s.name());
                registered.add(context.registerService(ModelStore.class, s, props));
            }
            long start = System.currentTimeMillis();
            page.showView(StrataViews.STORES);
            assertTrue(System.currentTimeMillis() - start < 10_000, "the view opened without waiting for the log");
            Tree table = Widgets.storesTree(page.getWorkbenchWindow().getShell());
            TreeItem loading = waitFor(() -> row(table, slowName), "the slow store's row");
            assertEquals("loading…", loading.getText(4), "the log is still being read");
            TreeItem failed = waitFor(() -> {
                TreeItem r = row(table, brokenName);
                return r != null && r.getText(4).startsWith("log not readable") ? r : null;
            }, "the broken store's failure in Stores");
            assertEquals("log not readable: server at http://127.0.0.1:9 refused the connection", failed.getText(4));
            assertTrue(failed.getText(3).contains("ATOMIC"), "its capabilities still shown: " + failed.getText(3));

            release.countDown();
            waitFor(() -> "none yet".equals(row(table, slowName).getText(4)) ? "ok" : null,
                    "the slow store's empty log once read");

            page.showView(StrataViews.HISTORY);
            Label status = waitFor(() -> Widgets.find(page.getWorkbenchWindow().getShell(), Label.class,
                    l -> l.getText().contains("the log of store '" + brokenName + "' could not be read")),
                    "the broken store's failure in History's status");
            assertTrue(status.getText().contains("refused the connection"), status.getText());
        } finally {
            release.countDown();
            registered.forEach(ServiceRegistration::unregister);
            if (page.findView(StrataViews.HISTORY) != null) {
                page.hideView(page.findView(StrataViews.HISTORY));
            }
        }
    }

    /** The store under another name, whose recent log is what {@code log} gives (or throws). */
    private static ModelStore withLog(ModelStore store, String name, Supplier<List<LoggedCommit>> log) {
        return (ModelStore) Proxy.newProxyInstance(StoresViewTest.class.getClassLoader(), new Class<?>[] { ModelStore.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "recentLog" -> log.get();
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> name;
                    default -> {
                        try {
                            yield method.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    private static ModelStore memoryStore() throws InterruptedException {
        BundleContext context = FrameworkUtil.getBundle(StoresViewTest.class).getBundleContext();
        ServiceTracker<ModelStore, ModelStore> tracker = new ServiceTracker<>(context, ModelStore.class, null);
        tracker.open();
        ModelStore store = tracker.waitForService(TIMEOUT_MS);
        assertNotNull(store, "no ModelStore service");
        return store;
    }

    private static TreeItem row(Tree tree, String store) {
        return Widgets.row(tree, 0, store);
    }

}
