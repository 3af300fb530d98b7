package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.expand;
import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.item;
import static dev.strata.ui.tests.Widgets.row;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.Session;
import dev.strata.example.tasks.Task;
import dev.strata.ui.StrataViews;

/**
 * History's Open As of This Commit: the Model Explorer shows the repository as it was after the
 * commit, read-only, beside the live one; Properties shows the old values without editors; Close
 * Past State removes it.
 */
class OpenAsOfCommitTest {

    @Test
    void aCommitsStateIsShownReadOnlyBesideTheLiveRepository() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("asoftest")) {
            ObjectId taskId = f.projectWithTask("AsOf", "First title");
            try (Session s = f.repository().openSession()) {
                Task t = (Task) s.get(taskId);
                t.setTitle("Second title");
                s.commit("retitled once");
                t.setTitle("Third title");
                s.commit("retitled twice");
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            Composite shell = page.getWorkbenchWindow().getShell();
            try {
                page.showView(StrataViews.PROPERTIES);
                page.showView(StrataViews.EXPLORER);
                Widgets.selectInExplorer(shell, "asoftest", "Project AsOf", "Task Third title");

                page.showView(StrataViews.HISTORY);
                Table history = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 6
                        && row(t, 4, "retitled once") != null && row(t, 4, "retitled twice") != null),
                        "both retitles in History");
                TableItem once = row(history, 4, "retitled once");
                String sequence = once.getText(1);
                // Offered for exactly one commit: two selected together are a range to compare.
                history.setSelection(new TableItem[] { once, row(history, 4, "retitled twice") });
                history.notifyListeners(SWT.Selection, new Event());
                assertFalse(historyItem(history, "Open As of This Commit").getEnabled(), "not offered for two commits");
                Widgets.select(history, once);
                Widgets.select(historyItem(history, "Open As of This Commit"));

                String pastLabel = "asoftest as of commit " + sequence + " at ";
                Tree tree = waitFor(() -> find(shell, Tree.class, t -> item(t.getItems(), pastLabel) != null),
                        "the past state in the Model Explorer");
                TreeItem pastNode = item(tree.getItems(), pastLabel);
                assertTrue(pastNode.getText().endsWith("(read-only)"), pastNode.getText());
                TreeItem pastTask = taskUnder(tree, pastNode);
                assertEquals("Task Second title", pastTask.getText(), "the title as of the commit");
                TreeItem liveTask = taskUnder(tree, item(tree.getItems(), "asoftest  ["));
                assertEquals("Task Third title", liveTask.getText(), "the live repository shows the title now");

                // A commit made now changes the live repository, not the fixed past state.
                try (Session s = f.repository().openSession()) {
                    ((Task) s.get(taskId)).setTitle("Fourth title");
                    s.commit("retitled again");
                }
                waitFor(() -> item(liveTask.getParentItem().getItems(), "Task Fourth title"), "the new commit, live");
                assertEquals("Task Second title", taskUnder(tree, pastNode).getText(), "the past state stays as it was");

                // Properties: the old value, said to be as of the commit, and no editor.
                Task past = (Task) pastTask.getData();
                page.showView(StrataViews.EXPLORER);
                select(tree, pastTask);
                page.showView(StrataViews.PROPERTIES);
                Table properties = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 3
                        && "Feature".equals(t.getColumn(0).getText()) && row(t, 0, "title") != null),
                        "the past task's properties");
                assertEquals("Second title", row(properties, 0, "title").getText(1));
                waitFor(() -> find(shell, Label.class, l -> l.getText().equals(
                        "Task 'Second title'  (asoftest as of commit " + sequence + ", read-only)")),
                        "Properties saying which commit the values are of");
                Widgets.clickValueCell(properties, "title");
                Label refused = waitFor(() -> find(shell, Label.class, l -> l.getText().startsWith("Not changed:")),
                        "the edit refused");
                assertTrue(refused.getText().contains("read-only"), refused.getText());
                assertNull(find(properties, Text.class, Text::isVisible), "no cell editor opens");
                assertEquals("Second title", past.getTitle());

                // The workbench's Properties view gets the same values, without editors.
                IPropertySource source = Platform.getAdapterManager().getAdapter(past, IPropertySource.class);
                assertNotNull(source, "the past task has properties for the workbench's sheet");
                IPropertyDescriptor title = Arrays.stream(source.getPropertyDescriptors())
                        .filter(d -> "Title".equals(d.getDisplayName())).findFirst().orElseThrow();
                assertEquals("Second title", source.getPropertyValue(title.getId()));
                assertNull(title.createPropertyEditor(properties), "no editor for a past value");
                assertTrue(title.getDescription().contains("as of commit " + sequence), title.getDescription());

                // Every editing item of the explorer is disabled on it; the menu says why.
                page.showView(StrataViews.EXPLORER);
                select(tree, pastTask);
                assertNotNull(Widgets.menuItem(tree, "asoftest as of commit " + sequence + " is read-only"));
                for (String edit : new String[] { "Cut", "Copy", "Paste", "Delete", "Lock", "Unlock" }) {
                    assertFalse(Widgets.menuItem(tree, edit).getEnabled(), edit + " on a past object");
                }
                for (String create : new String[] { "New Child", "New Sibling" }) {
                    assertFalse(Widgets.menuItem(tree, create, "(nothing can be created here)").getEnabled(), create);
                }
                // Nothing is dropped into a past state, nor taken out of one (as a drag would hand it over).
                dev.strata.ui.internal.ExplorerDrop drop = Widgets.dropAdapter(tree);
                Object liveProject = liveTask.getParentItem().getData();
                Object pastProject = pastTask.getParentItem().getData();
                assertFalse(drop.drop(liveProject, org.eclipse.jface.viewers.ViewerDropAdapter.LOCATION_ON,
                        org.eclipse.swt.dnd.DND.DROP_COPY, new org.eclipse.jface.viewers.StructuredSelection(past)),
                        "a past task copied into the live project");
                assertFalse(drop.drop(pastProject, org.eclipse.jface.viewers.ViewerDropAdapter.LOCATION_ON,
                        org.eclipse.swt.dnd.DND.DROP_MOVE, new org.eclipse.jface.viewers.StructuredSelection(
                                liveTask.getData())), "a live task moved into the past project");
                assertEquals("Second title", past.getTitle());

                // Close Past State removes the node; the live repository stays.
                select(tree, pastNode);
                Widgets.select(Widgets.menuItem(tree, "Close Past State"));
                waitFor(() -> item(tree.getItems(), pastLabel) == null ? "gone" : null, "the past state removed");
                assertNotNull(item(tree.getItems(), "asoftest  ["), "the live repository stays");
                assertTrue(Injected.pastStates().all().isEmpty(), "its session is closed");
                assertNull(find(shell, Label.class, l -> l.getText().contains("is shown read-only")),
                        "History no longer says the closed state is shown");
            } finally {
                Injected.pastStates().all().forEach(Injected.pastStates()::close);
                page.hideView(page.findView(StrataViews.HISTORY));
            }
        }
    }

    /** A past state that cannot be opened: History's status line says why, and the explorer gets nothing. */
    @Test
    void aStateThatCannotBeOpenedIsSaidInHistory() throws Exception {
        var context = org.osgi.framework.FrameworkUtil.getBundle(OpenAsOfCommitTest.class).getBundleContext();
        var events = context.getService(context.getServiceReference(org.osgi.service.event.EventAdmin.class));
        dev.strata.core.Repository inner = dev.strata.core.Repositories.builder("asofrefused",
                dev.strata.core.Repositories.memoryStore("asofrefused", events))
                .packages(dev.strata.example.tasks.TasksPackage.eINSTANCE).events(events).build();
        // As a repository whose store keeps no history that far back answers.
        dev.strata.core.Repository refusing = (dev.strata.core.Repository) java.lang.reflect.Proxy.newProxyInstance(
                OpenAsOfCommitTest.class.getClassLoader(), new Class<?>[] { dev.strata.core.Repository.class },
                (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof dev.strata.core.At at) {
                        throw new dev.strata.core.StrataException("the log of 'asofrefused' does not reach " + at);
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (Session s = inner.openSession()) {
            dev.strata.example.tasks.Project p = dev.strata.example.tasks.TasksFactory.eINSTANCE.createProject();
            p.setName("Refused");
            s.add(p);
            s.commit("too old to open");
        }
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put(dev.strata.core.Repository.NAME, "asofrefused");
        var registration = context.registerService(dev.strata.core.Repository.class, refusing, props);
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        Composite shell = page.getWorkbenchWindow().getShell();
        try {
            page.showView(StrataViews.HISTORY);
            Table history = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 6
                    && row(t, 4, "too old to open") != null), "the commit in History");
            TableItem commit = row(history, 4, "too old to open");
            Widgets.select(history, commit);
            Widgets.select(historyItem(history, "Open As of This Commit"));
            Label said = waitFor(() -> find(shell, Label.class, l -> l.getText().contains(
                    "asofrefused as of commit " + commit.getText(1) + " could not be opened: the log of 'asofrefused'"
                            + " does not reach commit " + commit.getText(1))), "why it was not opened");
            assertFalse(said.getText().contains("shown read-only"), said.getText());
            assertTrue(Injected.pastStates().all().isEmpty(), "no past state is shown");
        } finally {
            registration.unregister();
            page.hideView(page.findView(StrataViews.HISTORY));
        }
    }

    /** Opens History's context menu as a right click does, and returns its item with this text. */
    private static MenuItem historyItem(Table history, String text) {
        Menu menu = history.getMenu();
        menu.notifyListeners(SWT.Show, new Event());
        return Arrays.stream(menu.getItems()).filter(i -> text.equals(i.getText())).findFirst().orElseThrow();
    }

    /** The task under a repository's (or past state's) node, opened as a user opens it. */
    private static TreeItem taskUnder(Tree tree, TreeItem top) {
        expand(tree, top);
        TreeItem project = waitFor(() -> item(top.getItems(), "Project AsOf"), "the project under " + top.getText());
        expand(tree, project);
        return waitFor(() -> item(project.getItems(), "Task "), "the task under " + top.getText());
    }

    private static void select(Tree tree, TreeItem item) {
        tree.setSelection(item);
        Event click = new Event();
        click.item = item;
        tree.notifyListeners(SWT.Selection, click);
    }
}
