package dev.strata.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.strata.ui.tests.Widgets.waitFor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.ChangeSet;
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

        Table table = waitFor(() -> Widgets.find(page.getWorkbenchWindow().getShell(), Table.class,
                t -> t.getColumnCount() == 5 && "Type".equals(t.getColumn(1).getText())), "the Stores table");
        TableItem memory = waitFor(() -> row(table, "memory"), "a row for the memory store");
        assertTrue(memory.getText(3).contains("ATOMIC"), memory.getText(3));
        assertTrue("running".equals(memory.getText(2)), memory.getText(2));

        // A commit made outside the UI must reach the view through Event Admin, without a refresh.
        String message = "stores test " + UUID.randomUUID();
        ChangeSet cs = new ChangeSet(UUID.randomUUID(), "ui-test", message, List.of(new Record(ObjectId.random(),
                new TypeRef(dev.strata.example.tasks.TasksPackage.eNS_URI, "Task"), 0, Map.of("title", "from outside"))),
                List.of(), List.of(), "grace");
        store.commit(cs);
        // As people read it: number, author and message, not the commit's id.
        TableItem last = waitFor(() -> {
            TableItem r = row(table, "memory");
            return r != null && r.getText(4).contains(message) ? r : null;
        }, "the commit '" + message + "' in the Last commit column");
        assertTrue(last.getText(4).startsWith("#") && last.getText(4).contains("grace"), last.getText(4));
        assertTrue(!last.getText(4).contains(cs.commitId().toString()), last.getText(4));
    }

    private static ModelStore memoryStore() throws InterruptedException {
        BundleContext context = FrameworkUtil.getBundle(StoresViewTest.class).getBundleContext();
        ServiceTracker<ModelStore, ModelStore> tracker = new ServiceTracker<>(context, ModelStore.class, null);
        tracker.open();
        ModelStore store = tracker.waitForService(TIMEOUT_MS);
        assertNotNull(store, "no ModelStore service");
        return store;
    }

    private static TableItem row(Table table, String store) {
        List<TableItem> rows = new ArrayList<>(List.of(table.getItems()));
        return rows.stream().filter(i -> store.equals(i.getText(0))).findFirst().orElse(null);
    }

}
