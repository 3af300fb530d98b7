package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.click;
import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Session;
import dev.strata.example.tasks.Task;
import dev.strata.ui.StrataViews;

/**
 * A conflict as a user meets it: a task edited in Properties, the same task committed with another
 * title by a session opened directly on the repository, Commit refused; then Take Theirs or Keep
 * Mine on the object's row in Pending Changes, which settles the object as a whole.
 */
class ConflictResolutionTest {

    /** The workbench, its views, and the task with a refused edit. */
    private record Conflict(Fixtures fixtures, Composite shell, IWorkbenchPage page, ObjectId taskId,
            Table pending, Table properties, TableItem row) {
    }

    private static Conflict meetConflict(Fixtures f) throws Exception {
        return meetConflict(f, (other, taskId) -> ((Task) other.get(taskId)).setTitle("Theirs"), "changed elsewhere");
    }

    /** As above, with what the other session does to the task and the words its row's problem holds. */
    private static Conflict meetConflict(Fixtures f, java.util.function.BiConsumer<Session, ObjectId> elsewhere,
            String problem) throws Exception {
        ObjectId taskId = f.projectWithTask("Shared", "Original");
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.showView(StrataViews.PENDING);
        page.showView(StrataViews.PROPERTIES);
        page.showView(StrataViews.EXPLORER);
        Composite shell = page.getWorkbenchWindow().getShell();
        String repo = f.repository().name();
        Widgets.selectInExplorer(shell, repo, "Project Shared", "Task Original");
        page.showView(StrataViews.PROPERTIES);
        Table properties = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 3
                && "Feature".equals(t.getColumn(0).getText()) && Widgets.row(t, 1, "Original") != null),
                "the properties of the selected task");
        Widgets.editValue(properties, "title", "Mine");

        // Someone else commits another title first, straight on the repository.
        try (Session other = f.repository().openSession()) {
            other.setAuthor("bob");
            elsewhere.accept(other, taskId);
            other.commit("retitled elsewhere");
        }

        page.showView(StrataViews.PENDING);
        Table pending = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 4
                && "Problem".equals(t.getColumn(3).getText()) && t.getItemCount() > 0), "the pending list");
        click(shell, "Commit");
        TableItem row = waitFor(() -> {
            for (TableItem i : pending.getItems()) {
                if (i.getText(3).contains(problem)) {
                    return i;
                }
            }
            return null;
        }, "the conflict next to the task");
        return new Conflict(f, shell, page, taskId, pending, properties, row);
    }

    @Test
    void theProblemNamesTheConflictAndTakeTheirsShowsTheStoredTask() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("conflicttheirs")) {
            Conflict c = meetConflict(f);
            String problem = c.row().getText(3);
            assertEquals("CONFLICT", c.row().getText(0));
            assertTrue(problem.contains("the store has version 2, this one is 1"), problem);
            // Base, theirs and mine are on the conflict's own row (MergeConflictTest); the object's row points there.
            assertTrue(problem.contains("1 decision(s) below: title"), problem);
            assertTrue(problem.contains("by commit #") && problem.contains(" by bob: 'retitled elsewhere'"), problem);
            Button takeTheirs = find(c.shell(), Button.class, b -> "Take Theirs".equals(b.getText()));
            assertFalse(takeTheirs.isEnabled(), "nothing selected yet");

            Widgets.select(c.pending(), c.row());
            assertTrue(takeTheirs.isEnabled(), "a conflicting row is selected");
            click(c.shell(), "Take Theirs");

            waitFor(() -> c.pending().getItemCount() == 0 ? "ok" : null, "the row gone from Pending Changes");
            c.page().showView(StrataViews.PROPERTIES);
            waitFor(() -> Widgets.row(c.properties(), 1, "Theirs"), "the stored title in Properties");
            c.page().showView(StrataViews.EXPLORER);
            TreeItem project = Widgets.selectInExplorer(c.shell(), "conflicttheirs", "Project Shared");
            waitFor(() -> Widgets.item(project.getItems(), "Task Theirs"), "the stored title in the explorer");
            Record stored = f.store().load(c.taskId()).orElseThrow();
            assertEquals("Theirs", stored.value("title"), "the store keeps the other commit");
            assertEquals(2, stored.version(), "taking theirs commits nothing");
        }
    }

    /** Taking theirs of a task deleted elsewhere: the Model Explorer's row for it goes too. */
    @Test
    void takeTheirsOfATaskDeletedElsewhereTakesItsRowOutOfTheExplorer() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("conflictgone")) {
            Conflict c = meetConflict(f, (other, taskId) -> other.delete(other.get(taskId)), "");
            c.page().showView(StrataViews.EXPLORER);
            TreeItem project = Widgets.selectInExplorer(c.shell(), "conflictgone", "Project Shared");
            waitFor(() -> java.util.Arrays.stream(project.getItems()).anyMatch(i -> i.getText().contains("Task Mine"))
                    ? "ok" : null, "the edited task's row before the decision");
            c.page().showView(StrataViews.PENDING);
            Widgets.select(c.pending(), c.row());
            click(c.shell(), "Take Theirs");
            waitFor(() -> c.pending().getItemCount() == 0 ? "ok" : null, "the row gone from Pending Changes");
            c.page().showView(StrataViews.EXPLORER);
            waitFor(() -> java.util.Arrays.stream(project.getItems()).noneMatch(i -> i.getText().contains("Task"))
                    ? "ok" : null, "no row left for the task deleted elsewhere");
            assertTrue(f.store().load(c.taskId()).isEmpty(), "the store keeps the deletion");
        }
    }

    @Test
    void keepMineLetsTheNextCommitOverwriteTheOtherChange() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("conflictmine")) {
            Conflict c = meetConflict(f);
            Widgets.select(c.pending(), c.row());
            // This time through the list's context menu, as a right-click offers it.
            Menu menu = c.pending().getMenu();
            menu.notifyListeners(SWT.Show, new Event());
            MenuItem keepMine = java.util.Arrays.stream(menu.getItems())
                    .filter(i -> "Keep Mine".equals(i.getText())).findFirst().orElseThrow();
            assertTrue(keepMine.isEnabled(), "offered on a conflicting row");
            keepMine.notifyListeners(SWT.Selection, new Event());

            TableItem kept = waitFor(() -> c.pending().getItemCount() == 1
                    && "DIRTY".equals(c.pending().getItem(0).getText(0)) ? c.pending().getItem(0) : null,
                    "the task pending again, no longer in conflict");
            assertEquals("", kept.getText(3), "the problem is cleared");
            assertTrue(kept.getText(2).contains("title: Theirs → Mine"), "measured against the stored title: "
                    + kept.getText(2));
            click(c.shell(), "Commit");
            waitFor(() -> c.pending().getItemCount() == 0 ? "ok" : null, "an empty pending list after the commit");
            Record stored = f.store().load(c.taskId()).orElseThrow();
            assertEquals("Mine", stored.value("title"));
            assertEquals(3, stored.version());
            c.page().showView(StrataViews.PROPERTIES);
            waitFor(() -> Widgets.row(c.properties(), 1, "Mine"), "the committed title in Properties");
        }
    }
}
