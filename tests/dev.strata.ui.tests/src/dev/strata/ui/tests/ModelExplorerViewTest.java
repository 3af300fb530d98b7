package dev.strata.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.ui.StrataViews;

/** The Model Explorer shows repositories and their objects, and follows commits made elsewhere. */
class ModelExplorerViewTest {

    private static final long TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);

    @Test
    void showsARepositorysObjectsWithLabelsAndFollowsCommitsMadeElsewhere() throws Exception {
        var context = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext();
        EventAdmin events = context.getService(context.getServiceReference(EventAdmin.class));
        Repository repo = Repositories.builder("uitest", Repositories.memoryStore("uitest", events))
                .packages(TasksPackage.eINSTANCE).events(events).build();
        try (Session s = repo.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName("Explored");
            Task t = TasksFactory.eINSTANCE.createTask();
            t.setTitle("Visible task");
            p.getTasks().add(t);
            s.add(p);
            s.commit();
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, "uitest");
        ServiceRegistration<Repository> reg = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext()
                .registerService(Repository.class, repo, props);
        try {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            assertNotNull(page.showView(StrataViews.EXPLORER));
            Tree tree = waitFor(() -> findTree(page.getWorkbenchWindow().getShell()), "the explorer tree");
            TreeItem repoItem = waitFor(() -> item(tree.getItems(), "uitest"), "the repository node");
            repoItem.setExpanded(true);
            tree.getDisplay().readAndDispatch();
            // Expanding through SWT does not ask JFace for children; expand the way a user's click does.
            Event.expand(tree, repoItem);
            TreeItem project = waitFor(() -> item(repoItem.getItems(), "Project Explored"), "the project, labelled by its item provider");
            assertNotNull(project.getImage(), "an icon from the item provider");

            // Another session commits a second project: the explorer shows it without a refresh.
            try (Session other = repo.openSession()) {
                Project q = TasksFactory.eINSTANCE.createProject();
                q.setName("Arrived");
                other.add(q);
                other.commit();
            }
            waitFor(() -> item(repoItem.getItems(), "Project Arrived"), "a project committed by another session");
        } finally {
            reg.unregister();
        }
    }

    /** Sends the expand event a mouse click would. */
    private static final class Event {
        static void expand(Tree tree, TreeItem item) {
            org.eclipse.swt.widgets.Event e = new org.eclipse.swt.widgets.Event();
            e.item = item;
            tree.notifyListeners(org.eclipse.swt.SWT.Expand, e);
            item.setExpanded(true);
        }
    }

    private static <T> T waitFor(Supplier<T> what, String description) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            T value = what.get();
            if (value != null) {
                return value;
            }
            if (!display.readAndDispatch()) {
                display.timerExec(20, () -> { });
                display.sleep();
            }
        }
        return fail("did not see " + description + " within " + TIMEOUT_MS + " ms");
    }

    private static Tree findTree(Control control) {
        if (control instanceof Tree t && t.getItemCount() > 0 && t.getItem(0).getText().contains("[")) {
            return t;
        }
        if (control instanceof Composite c) {
            for (Control child : c.getChildren()) {
                Tree found = findTree(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static TreeItem item(TreeItem[] items, String prefix) {
        for (TreeItem i : items) {
            if (i.getText().startsWith(prefix)) {
                return i;
            }
        }
        return null;
    }
}
