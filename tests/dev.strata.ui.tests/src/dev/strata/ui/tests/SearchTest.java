package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.check;
import static dev.strata.ui.tests.Widgets.click;
import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.onShell;
import static dev.strata.ui.tests.Widgets.row;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.keys.IBindingService;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectState;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TaskStatus;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.ui.StrataViews;
import dev.strata.ui.internal.SearchHandler;

/**
 * Search… (Ctrl+H): a query over the declared indexes and a text search, run from the dialog and
 * shown in the Search Results view; a double-click selects the object in the Model Explorer; a
 * condition no declared index serves is refused in the dialog, saying which index to declare.
 */
class SearchTest {

    private static final int OBJECT = 0;
    private static final int CLASS = 1;
    private static final int STATE = 2;
    private static final int MATCH = 3;

    @Test
    void aQueryOverAnIndexShowsItsObjectsAndADoubleClickRevealsOneInTheExplorer() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("searchquery")) {
            project(f, "Indexed", "Write docs", TaskStatus.DONE, "Fix the build", TaskStatus.OPEN, "Review", TaskStatus.DONE);
            IWorkbenchPage page = showExplorer();
            Shell shell = page.getWorkbenchWindow().getShell();

            var searched = onShell("Search", dialog -> {
                assertEquals("searchquery", field(dialog, Combo.class, "repository").getText(),
                        "the repository selected in the explorer is the one searched");
                choose(dialog, "class", "Task");
                Combo feature = field(dialog, Combo.class, "feature1");
                assertEquals(List.of("", "status", "created"), List.of(feature.getItems()),
                        "only the indexed attributes of Task are offered for conditions");
                choose(dialog, "feature1", "status");
                choose(dialog, "operator1", "=");
                field(dialog, Text.class, "value1").setText("DONE");
                click(dialog, "Search");
            });
            // Search… from the explorer's context menu on the repository.
            Tree tree = Widgets.selectInExplorer(shell, "searchquery").getParent();
            Menu menu = tree.getMenu();
            menu.notifyListeners(SWT.Show, new Event());
            MenuItem item = java.util.Arrays.stream(menu.getItems()).filter(i -> i.getText().replace("&", "").startsWith("Search…"))
                    .findFirst().orElseThrow(() -> new AssertionError("no Search… in the explorer's context menu"));
            assertTrue(item.getText().endsWith("Ctrl+H"), "the item shows its key binding: " + item.getText());
            item.notifyListeners(SWT.Selection, new Event());
            menu.notifyListeners(SWT.Hide, new Event());
            check(searched);

            Table results = resultsTable(shell);
            waitFor(() -> results.getItemCount() == 2 ? "ok" : null, "the two DONE tasks in Search Results");
            for (String label : List.of("Task Write docs", "Task Review")) {
                TableItem r = row(results, OBJECT, label);
                assertNotNull(r, label + " among the results");
                assertEquals("Task", r.getText(CLASS));
                assertEquals("clean", r.getText(STATE));
                assertEquals("status = DONE", r.getText(MATCH));
            }
            assertEquals("Task where status = DONE in searchquery: 2 objects", status(shell).getText());

            // A double-click shows the object in the explorer, selected, with the path to it opened.
            TableItem review = row(results, OBJECT, "Task Review");
            results.setSelection(review);
            Event open = new Event();
            open.item = review;
            results.notifyListeners(SWT.DefaultSelection, open);
            waitFor(() -> tree.getSelectionCount() == 1 && tree.getSelection()[0].getText().equals("Task Review") ? "ok" : null,
                    "Task Review selected in the explorer");
            assertEquals("Project Indexed", tree.getSelection()[0].getParentItem().getText());

            // More found than shown: the count says so.
            var bounded = onShell("Search", dialog -> {
                choose(dialog, "class", "Task");
                choose(dialog, "feature1", "status");
                field(dialog, Text.class, "value1").setText("DONE");
                Spinner max = field(dialog, Spinner.class, "max");
                max.setSelection(1);
                max.notifyListeners(SWT.Modify, new Event());
                click(dialog, "Search");
            });
            runSearchCommand(page);
            check(bounded);
            waitFor(() -> results.getItemCount() == 1 ? "ok" : null, "one row shown");
            assertEquals("Task where status = DONE in searchquery: first 1 of 2 objects", status(shell).getText());
        }
    }

    /**
     * A query sees the session as the user does: a task made in the explorer and not saved yet is
     * found, a stored one deleted in the session is not.
     */
    @Test
    void aQueryFindsUnsavedNewObjectsAndLeavesOutDeletedOnes() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("searchpending")) {
            project(f, "Pending", "Stored done", TaskStatus.DONE, "Deleted done", TaskStatus.DONE, "Open", TaskStatus.OPEN);
            IWorkbenchPage page = showExplorer();
            Shell shell = page.getWorkbenchWindow().getShell();
            TreeItem project = Widgets.selectInExplorer(shell, "searchpending", "Project Pending");
            Tree tree = project.getParent();
            Widgets.select(Widgets.menuItem(tree, "New Child", "Task"));
            waitFor(() -> Widgets.item(project.getItems(), "Task  [new]"), "the new task under the project");
            var sessions = Injected.sessions();
            Session session = sessions.session(f.repository());
            Project p = (Project) session.roots().get(0);
            Task created = p.getTasks().stream().filter(t -> t.getTitle() == null).findFirst().orElseThrow();
            sessions.set(created, dev.strata.example.tasks.TasksPackage.Literals.TASK__TITLE, "Unsaved done");
            sessions.set(created, dev.strata.example.tasks.TasksPackage.Literals.TASK__STATUS, TaskStatus.DONE);
            session.delete(p.getTasks().stream().filter(t -> "Deleted done".equals(t.getTitle())).findFirst().orElseThrow());
            assertEquals(ObjectState.NEW, session.state(created));

            var searched = onShell("Search", dialog -> {
                choose(dialog, "repository", "searchpending");
                choose(dialog, "class", "Task");
                choose(dialog, "feature1", "status");
                choose(dialog, "operator1", "=");
                field(dialog, Text.class, "value1").setText("DONE");
                click(dialog, "Search");
            });
            runSearchCommand(page);
            check(searched);
            Table results = resultsTable(shell);
            waitFor(() -> status(shell).getText().startsWith("Task where status = DONE in searchpending") ? "ok" : null,
                    "the query's count in Search Results");
            assertEquals("new", waitFor(() -> row(results, OBJECT, "Task Unsaved done"), "the unsaved task found")
                    .getText(STATE));
            assertEquals("status = DONE", row(results, OBJECT, "Task Unsaved done").getText(MATCH));
            assertEquals("clean", row(results, OBJECT, "Task Stored done").getText(STATE));
            assertEquals(null, row(results, OBJECT, "Task Deleted done"), "a task deleted in the session is not found");
            assertEquals(2, results.getItemCount());
            assertEquals("Task where status = DONE in searchpending: 2 objects", status(shell).getText());
            session.rollback();
            sessions.forgetEdits();
        }
    }

    @Test
    void aTextSearchFindsObjectsByPartOfTheirNameAndFollowsTheSession() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("searchtext")) {
            project(f, "Texts", "Write docs", TaskStatus.OPEN, "Fix the build", TaskStatus.OPEN, "Proofread DOCS", TaskStatus.DONE);
            IWorkbenchPage page = showExplorer();
            Shell shell = page.getWorkbenchWindow().getShell();
            // A task not committed yet is found too: the search covers what the session holds.
            Session session = Injected.sessions().session(f.repository());
            Project project = (Project) session.roots().get(0);
            Task draft = TasksFactory.eINSTANCE.createTask();
            draft.setTitle("Docs draft");
            project.getTasks().add(draft);

            assertEquals("Ctrl+H", PlatformUI.getWorkbench().getService(IBindingService.class)
                    .getBestActiveBindingFormattedFor(SearchHandler.COMMAND), "Search's key");
            search(page, "searchtext", "docs", 200);
            Table results = resultsTable(shell);
            waitFor(() -> results.getItemCount() == 3 ? "ok" : null, "three tasks whose title holds 'docs'");
            assertEquals("title = Write docs", row(results, OBJECT, "Task Write docs").getText(MATCH));
            assertEquals("title = Proofread DOCS", row(results, OBJECT, "Task Proofread DOCS").getText(MATCH));
            assertEquals("new", row(results, OBJECT, "Task Docs draft").getText(STATE));
            assertEquals(null, row(results, OBJECT, "Task Fix the build"), "a title without the text is not found");
            assertEquals("'docs' in searchtext: 3 objects", status(shell).getText());

            // Deleting a found object marks its row; the view follows the session.
            Task write = (Task) project.getTasks().stream().filter(t -> "Write docs".equals(t.getTitle())).findFirst().orElseThrow();
            session.delete(write);
            assertEquals(ObjectState.DELETED, session.state(write));
            waitFor(() -> "deleted".equals(row(results, OBJECT, "Task Write docs").getText(STATE)) ? "ok" : null,
                    "the deleted task marked in Search Results");
            session.rollback();
            Injected.sessions().forgetEdits();

            // More matches than asked for: the first ones are shown, and the count says how many there are.
            search(page, "searchtext", "WRITE", 5);
            waitFor(() -> status(shell).getText().startsWith("'WRITE'") ? "ok" : null, "the second search's status");
            assertEquals("'WRITE' in searchtext: 1 object", status(shell).getText());
            search(page, "searchtext", "o", 1);
            waitFor(() -> status(shell).getText().startsWith("'o'") ? "ok" : null, "the third search's status");
            assertEquals(1, results.getItemCount());
            // Write docs and Proofread DOCS (the draft was rolled back; Fix the build and the project Texts have no 'o').
            assertEquals("'o' in searchtext: first 1 of 2 objects", status(shell).getText());
        }
    }

    @Test
    void aConditionNoIndexServesIsRefusedInTheDialog() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("searchmissing")) {
            f.projectWithTask("Missing", "Anything");
            IWorkbenchPage page = showExplorer();
            var refused = onShell("Search", dialog -> {
                TitleAreaDialog d = (TitleAreaDialog) dialog.getData();
                Button search = find(dialog, Button.class, b -> "Search".equals(b.getText()));
                choose(dialog, "repository", "searchmissing");
                choose(dialog, "class", "Task");
                choose(dialog, "feature1", "status");
                field(dialog, Text.class, "value1").setText("DONE");
                assertTrue(search.isEnabled(), "status = DONE is served by the equality index");
                assertEquals(null, d.getErrorMessage());
                // A range needs an ordered index; status only has an equality one.
                choose(dialog, "operator1", ">=");
                assertFalse(search.isEnabled(), "no search without an index");
                assertTrue(d.getErrorMessage().startsWith(
                        "No declared index serves 'status in [DONE, )' on Task: declare an ordered index on Task.status"),
                        d.getErrorMessage());
                assertTrue(d.getErrorMessage().contains("annotate Task.status with source \"http://strata.dev/index\""),
                        d.getErrorMessage());
                // The order too: created is ordered, status is not.
                choose(dialog, "operator1", "=");
                choose(dialog, "order", "status");
                assertTrue(d.getErrorMessage().startsWith("No declared index serves 'order by status' on Task"), d.getErrorMessage());
                choose(dialog, "order", "created");
                assertTrue(search.isEnabled(), "created has an ordered index");
                // A value the attribute's type does not take is named too.
                field(dialog, Text.class, "value1").setText("FINISHED");
                assertTrue(d.getErrorMessage().startsWith("Condition 1: "), d.getErrorMessage());
                assertTrue(d.getErrorMessage().contains("FINISHED"), d.getErrorMessage());
                click(dialog, "Cancel");
            });
            // Search… from the explorer's tool bar.
            Shell shell = page.getWorkbenchWindow().getShell();
            ToolBar bar = waitFor(() -> find(shell, ToolBar.class, b -> searchItem(b) != null), "Search… on the explorer's tool bar");
            searchItem(bar).notifyListeners(SWT.Selection, new Event());
            check(refused);
        }
    }

    private static ToolItem searchItem(ToolBar bar) {
        return java.util.Arrays.stream(bar.getItems()).filter(i -> i.getToolTipText() != null
                && i.getToolTipText().startsWith("Search")).findFirst().orElse(null);
    }

    /** Commits a project holding tasks: title, status, title, status, … */
    private static void project(Fixtures f, String name, Object... tasks) {
        try (Session s = f.repository().openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName(name);
            for (int i = 0; i < tasks.length; i += 2) {
                Task t = TasksFactory.eINSTANCE.createTask();
                t.setTitle((String) tasks[i]);
                t.setStatus((TaskStatus) tasks[i + 1]);
                p.getTasks().add(t);
            }
            s.add(p);
            s.commit();
        }
    }

    private static IWorkbenchPage showExplorer() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.showView(StrataViews.EXPLORER);
        return page;
    }

    /** A text search through the dialog's Text tab. */
    private static void search(IWorkbenchPage page, String repository, String text, int max) throws Exception {
        var searched = onShell("Search", dialog -> {
            choose(dialog, "repository", repository);
            TabFolder mode = field(dialog, TabFolder.class, "mode");
            mode.setSelection(1);
            mode.notifyListeners(SWT.Selection, new Event());
            field(dialog, Text.class, "text").setText(text);
            Spinner spinner = field(dialog, Spinner.class, "max");
            spinner.setSelection(max);
            spinner.notifyListeners(SWT.Modify, new Event());
            click(dialog, "Search");
        });
        runSearchCommand(page);
        check(searched);
    }

    /** Runs Search… as Ctrl+H does, from the explorer. */
    private static void runSearchCommand(IWorkbenchPage page) throws Exception {
        page.showView(StrataViews.EXPLORER);
        page.getWorkbenchWindow().getService(IHandlerService.class).executeCommand(SearchHandler.COMMAND, null);
    }

    private static Table resultsTable(Composite shell) {
        return waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 4 && "Object".equals(t.getColumn(0).getText())
                && "Match".equals(t.getColumn(3).getText())), "the Search Results table");
    }

    private static Label status(Composite shell) {
        return waitFor(() -> field(shell, Label.class, "status"), "the Search Results status");
    }

    private static <T extends org.eclipse.swt.widgets.Control> T field(Composite root, Class<T> type, String name) {
        return find(root, type, c -> name.equals(c.getData("field")));
    }

    /** Picks an item of a read-only combo as a user does. */
    private static void choose(Composite dialog, String name, String text) {
        Combo c = field(dialog, Combo.class, name);
        assertNotNull(c, "the combo " + name);
        int at = c.indexOf(text);
        assertTrue(at >= 0, name + " offers '" + text + "': " + List.of(c.getItems()));
        c.select(at);
        c.notifyListeners(SWT.Selection, new Event());
    }
}
