package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.row;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.ModelStore;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.server.tests.harness.ServerFixture;
import dev.strata.server.tests.harness.TestServer;
import dev.strata.ui.StrataViews;

/**
 * A REST store configured as a user does, on a real Strata server (loopback) whose log is longer
 * than the server hands out at once: Stores shows it running with its last commit, History shows
 * its newest commits, a page of them, not the whole log and not an empty view.
 */
class RestStoreViewsTest {

    /** More commits than the server returns in one log request (1000). */
    private static final int COMMITS = 1100;

    @RegisterExtension
    static final ServerFixture fixture = new ServerFixture();

    @Test
    void aRestStoreWithALongLogShowsInStoresAndHistory() throws Exception {
        String remote = ServerFixture.unique("served");
        ModelStore served = fixture.server().serveMemoryStore(remote);
        Repository onServer = fixture.server().registerRepository(remote, served, TasksPackage.eINSTANCE);
        try (Session s = onServer.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName("Remote 0");
            s.add(p);
            s.commit("remote commit 0");
            for (int i = 1; i < COMMITS; i++) {
                p.setName("Remote " + i);
                s.commit("remote commit " + i);
            }
        }
        String last = "remote commit " + (COMMITS - 1);

        BundleContext context = FrameworkUtil.getBundle(RestStoreViewsTest.class).getBundleContext();
        StrataAdmin admin = context.getService(context.getServiceReference(StrataAdmin.class));
        String local = ServerFixture.unique("rest");
        admin.configureStore("rest", local, Map.of("url", fixture.server().base.toString(), "remote.store", remote,
                ".token", TestServer.TOKEN));
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        Composite shell = page.getWorkbenchWindow().getShell();
        try {
            StoreStatus status = admin.awaitStore(local, Duration.ofSeconds(15));
            assertTrue(status.running(), "the REST store runs: " + status);

            page.showView(StrataViews.STORES);
            Tree stores = Widgets.storesTree(shell);
            TreeItem storeRow = waitFor(() -> {
                TreeItem r = row(stores, 0, local);
                return r != null && r.getText(4).contains(last) ? r : null;
            }, "the REST store's last commit in Stores");
            assertEquals("rest", storeRow.getText(1));
            assertEquals("running", storeRow.getText(2));
            assertTrue(storeRow.getText(4).matches("#\\d+ .*"), storeRow.getText(4));
            String number = storeRow.getText(4).substring(1, storeRow.getText(4).indexOf(' '));

            page.showView(StrataViews.HISTORY);
            // The served memory store is a store of this framework too: pick the REST store's rows.
            Table history = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 6
                    && "#".equals(t.getColumn(1).getText()) && rowOf(t, local, last) != null),
                    "the REST store's newest commit in History");
            long shown = Arrays.stream(history.getItems()).filter(r -> local.equals(r.getText(0))).count();
            assertTrue(shown > 1 && shown < COMMITS, "a page of the newest commits, not all " + COMMITS + ": " + shown);
            TableItem newest = rowOf(history, local, last);
            assertEquals(number, newest.getText(1), "the same commit as in Stores");
        } finally {
            admin.remove(local);
            admin.awaitGone(local, Duration.ofSeconds(10));
            fixture.server().unserve(remote);
        }
    }

    private static TableItem rowOf(Table history, String store, String message) {
        return Arrays.stream(history.getItems()).filter(r -> store.equals(r.getText(0)) && message.equals(r.getText(4)))
                .findFirst().orElse(null);
    }
}
