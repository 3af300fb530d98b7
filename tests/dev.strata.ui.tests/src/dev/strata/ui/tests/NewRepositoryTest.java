package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.check;
import static dev.strata.ui.tests.Widgets.click;
import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.item;
import static dev.strata.ui.tests.Widgets.onShell;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.UUID;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchCommandConstants;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.contract.DynamicModels;
import dev.strata.ui.StrataViews;
import dev.strata.ui.internal.RepositoryDialog;

/**
 * Bring your own model, no code: New Repository in the Stores view binds an .ecore file (dynamic
 * EMF) to a store; the repository shows in the explorer, and its objects are created, saved and
 * shown there.
 */
class NewRepositoryTest {

    private static final BundleContext CONTEXT = FrameworkUtil.getBundle(NewRepositoryTest.class).getBundleContext();

    @TempDir
    Path dir;

    @Test
    void aRepositoryFromAnEcoreFileShowsInTheExplorerAndIsEdited() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String nsUri = "http://example.org/strata/ui-library/" + suffix;
        Path ecore = DynamicModels.writeLibrary(dir.resolve("library.ecore"), nsUri);
        String storeName = "uidyn-" + suffix;
        String repoName = "uilib-" + suffix;
        EventAdmin events = CONTEXT.getService(CONTEXT.getServiceReference(EventAdmin.class));
        ModelStore store = Repositories.memoryStore(storeName, events);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ModelStore.NAME, storeName);
        ServiceRegistration<ModelStore> registration = CONTEXT.registerService(ModelStore.class, store, props);
        StrataAdmin admin = CONTEXT.getService(CONTEXT.getServiceReference(StrataAdmin.class));
        try {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.EXPLORER);
            page.showView(StrataViews.STORES);
            Composite shell = page.getWorkbenchWindow().getShell();

            var created = onShell("New Repository", dialog -> {
                Button ok = find(dialog, Button.class, b -> "OK".equals(b.getText()));
                assertFalse(ok.isEnabled(), "OK waits for a name and a model");
                find(dialog, Text.class, t -> "name".equals(t.getData("field"))).setText(repoName);
                Combo stores = find(dialog, Combo.class, c -> "store".equals(c.getData("field")));
                stores.select(stores.indexOf(storeName));
                assertFalse(ok.isEnabled(), "a name alone is not a repository");
                // The file chooser is native on GTK: add the file as choosing it does.
                ((RepositoryDialog) dialog.getData()).addModelFile(ecore.toString());
                assertTrue(ok.isEnabled(), "OK once there is a model");
                click(dialog, "OK");
            });
            click(shell, "New repository…");
            check(created);

            assertTrue(admin.awaitRepository(repoName, StrataAdmin.WAIT), "the repository service of the new configuration");
            Repository repo = admin.repository(repoName).orElseThrow();
            assertEquals(storeName, repo.store().name(), "on the store chosen in the dialog");
            page.showView(StrataViews.EXPLORER);
            Tree tree = waitFor(() -> find(shell, Tree.class, t -> item(t.getItems(), repoName) != null),
                    "the new repository in the Model Explorer");

            // An object of the dynamic model, made and saved as a user does; the explorer shows it.
            EPackage library = EPackage.Registry.INSTANCE.getEPackage(nsUri);
            EClass libraryClass = (EClass) library.getEClassifier("Library");
            Session session = Injected.sessions().session(repo);
            EObject city = EcoreUtil.create(libraryClass);
            session.add(city);
            Injected.sessions().set(city, libraryClass.getEStructuralFeature("name"), "City");
            page.showView(StrataViews.PENDING);
            page.showView(StrataViews.EXPLORER);
            page.getWorkbenchWindow().getService(IHandlerService.class)
                    .executeCommand(IWorkbenchCommandConstants.FILE_SAVE, null);
            assertEquals(1, store.roots().size(), () -> "the saved root in the store; Pending Changes says: "
                    + find(shell, org.eclipse.swt.widgets.Label.class, l -> l.getText().startsWith("Not committed")
                            || l.getText().startsWith("Committed")).getText() + "; pending " + session.pending());
            assertEquals("City", store.roots().get(0).value("name"));
            waitFor(() -> {
                TreeItem repoItem = item(tree.getItems(), repoName);
                if (!repoItem.getExpanded()) {
                    Widgets.expand(tree, repoItem);
                }
                // Labelled by EMF.Edit's reflective provider or by the name attribute: type and name either way.
                TreeItem shown = item(repoItem.getItems(), "Library");
                return shown != null && shown.getText().contains("City") ? shown : null;
            }, "the saved object under its repository in the explorer");

            // A second repository on the same store is allowed, but the dialog says it shares the objects.
            page.showView(StrataViews.STORES);
            var warned = onShell("New Repository", dialog -> {
                Combo stores = find(dialog, Combo.class, c -> "store".equals(c.getData("field")));
                stores.select(stores.indexOf(storeName));
                stores.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
                Text message = find(dialog, Text.class, t -> t.getText().contains("already holds"));
                assertTrue(message.getText().contains("'" + repoName + "'"), () -> "names the repository: " + message.getText());
                click(dialog, "Cancel");
            });
            click(shell, "New repository…");
            check(warned);
        } finally {
            admin.remove(repoName);
            admin.awaitGone(repoName, StrataAdmin.WAIT);
            registration.unregister();
        }
    }
}
