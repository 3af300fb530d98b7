package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.store.ForwardingStore;
import dev.strata.ui.StrataViews;

/** A store that keeps figures (a cache's hits and misses) shows them in the Stores view's Status column. */
class StoreFiguresViewTest {

    @Test
    void aStoresFiguresShowInItsStatus() throws Exception {
        String name = "figures-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("hits", 12L);
        figures.put("misses", 3L);
        ModelStore memory = Repositories.memoryStore(name);
        ModelStore counted = new ForwardingStore() {
            @Override
            protected ModelStore delegate() {
                return memory;
            }

            @Override
            public Map<String, Long> figures() {
                return java.util.Collections.unmodifiableMap(figures); // in the order the store keeps them
            }
        };
        BundleContext context = FrameworkUtil.getBundle(StoreFiguresViewTest.class).getBundleContext();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ModelStore.NAME, name);
        ServiceRegistration<ModelStore> registration = context.registerService(ModelStore.class, counted, props);
        try {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.STORES);
            // Rows are made anew on each refresh: find the row each time.
            String status = waitFor(() -> {
                TreeItem row = Widgets.row(Widgets.storesTree(page.getWorkbenchWindow().getShell()), 0, name);
                return row != null && row.getText(2).contains("hits=") ? row.getText(2) : null;
            }, "the store " + name + " with its figures in Stores");
            assertEquals("running · hits=12 misses=3", status);
        } finally {
            registration.unregister();
        }
    }
}
