package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.check;
import static dev.strata.ui.tests.Widgets.click;
import static dev.strata.ui.tests.Widgets.onShell;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.admin.StrataConfig;
import dev.strata.ui.StrataViews;

/**
 * Stores that wrap stores, configured as users do, show in the Stores view as a tree: a read-only
 * view over a cache over a file store is one stack three deep, open, each layer with its own type,
 * status and figures; a store two stacks wrap is under both; and when a layer's configuration goes,
 * the store it wrapped is at the top again.
 */
class StoreStacksViewTest {

    private static final BundleContext CONTEXT = FrameworkUtil.getBundle(StoreStacksViewTest.class).getBundleContext();

    @Test
    void aStackIsATreeOfItsLayersEachWithItsOwnStatus() throws Exception {
        StrataAdmin admin = CONTEXT.getService(CONTEXT.getServiceReference(StrataAdmin.class));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String files = "stackfiles-" + suffix;
        String cache = "stackcache-" + suffix;
        String view = "stackview-" + suffix;
        String other = "stackother-" + suffix;
        List<String> made = List.of(view, other, cache, files);
        try {
            admin.configureStore("file", files, Map.of("directory", Files.createTempDirectory("strata-ui-stack").toString()));
            admin.configureStore("cache", cache, Map.of("store.target", StrataConfig.storeTarget(files), "max.objects", "50"));
            admin.configureStore("readonly", view, Map.of("store.target", StrataConfig.storeTarget(cache)));
            admin.configureStore("readonly", other, Map.of("store.target", StrataConfig.storeTarget(files)));
            for (String s : made) {
                assertTrue(admin.awaitStore(s, StrataAdmin.WAIT).running(), s + " runs");
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.STORES);
            Composite window = page.getWorkbenchWindow().getShell();
            Tree tree = Widgets.storesTree(window);

            // Rows are made anew on each refresh: look them up each time, until every layer's cells are read.
            TreeItem top = waitFor(() -> {
                TreeItem t = top(tree, view);
                TreeItem base = t == null || t.getItemCount() != 1 || t.getItem(0).getItemCount() != 1 ? null
                        : t.getItem(0).getItem(0);
                return base != null && base.getText(3).contains("ATOMIC") && !t.getText(3).contains("loading") ? t : null;
            }, "the stack " + view + " → " + cache + " → " + files + " with its capabilities read");
            TreeItem middle = top.getItem(0);
            TreeItem base = middle.getItem(0);
            assertTrue(top.getExpanded() && middle.getExpanded(), "stacks are shown open");
            assertEquals(List.of(view, "readonly"), List.of(top.getText(0), top.getText(1)));
            assertEquals(List.of(cache, "cache"), List.of(middle.getText(0), middle.getText(1)));
            assertEquals(List.of(files, "file"), List.of(base.getText(0), base.getText(1)));
            // Each layer its own status and figures.
            assertEquals("running · refused=0", top.getText(2));
            assertTrue(middle.getText(2).startsWith("running · hits=") && middle.getText(2).contains(" max.objects=50"),
                    middle.getText(2));
            assertEquals("running", base.getText(2));
            assertFalse(top.getText(3).contains("ATOMIC"), "a read-only store commits nothing: " + top.getText(3));
            assertTrue(base.getText(3).contains("ATOMIC"), base.getText(3));
            // The file store is under both stores that wrap it, and not at the top.
            TreeItem second = top(tree, other);
            assertEquals(1, second.getItemCount());
            assertEquals(files, second.getItem(0).getText(0));
            assertEquals("running", second.getItem(0).getText(2));
            assertNull(top(tree, cache), "a wrapped store is not at the top");
            assertNull(top(tree, files), "a wrapped store is not at the top");

            // A stack the user closed stays closed when the rows are made anew (here: the other stack goes).
            Event close = new Event();
            close.item = top;
            tree.notifyListeners(SWT.Collapse, close);
            top.setExpanded(false);
            admin.removeStore(other);
            assertTrue(admin.awaitGone(other, StrataAdmin.WAIT));
            TreeItem closed = waitFor(() -> top(tree, other) == null ? top(tree, view) : null, "the other stack gone");
            assertFalse(closed.getExpanded(), "the stack the user closed is still closed");
            Widgets.expand(tree, closed);

            // Remove the cache from inside its stack, as a user does: select its row, Remove store, confirm.
            TreeItem cacheRow = waitFor(() -> Widgets.row(tree, 0, cache), "the cache's row");
            Widgets.select(tree, cacheRow);
            var removed = onShell("Remove Store", dialog -> click(dialog, "Remove"));
            click(window, "Remove store");
            check(removed);

            TreeItem alone = waitFor(() -> {
                TreeItem t = top(tree, files);
                return t != null && Widgets.row(tree, 0, cache) == null ? t : null;
            }, "the file store back at the top once the cache's configuration is gone");
            assertEquals(0, alone.getItemCount());
            assertEquals("running", alone.getText(2));
            TreeItem waiting = waitFor(() -> {
                TreeItem t = top(tree, view);
                return t != null && t.getText(2).startsWith("waiting for") ? t : null;
            }, "the read-only store, alone, waiting for the store it reads");
            assertEquals(0, waiting.getItemCount(), "its filter selects no store now");
        } finally {
            for (String s : made) {
                admin.removeStore(s);
            }
        }
    }

    /** The row at the top of the tree for this store, or null. */
    private static TreeItem top(Tree tree, String store) {
        for (TreeItem i : tree.getItems()) {
            if (store.equals(i.getText(0))) {
                return i;
            }
        }
        return null;
    }
}
