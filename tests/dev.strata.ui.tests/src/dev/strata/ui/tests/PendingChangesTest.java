package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.click;
import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.selectInExplorer;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Tag;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.ui.StrataViews;

/** Savepoints from the Pending Changes view, and refusals shown next to the objects they concern. */
class PendingChangesTest {

    /**
     * In the Strata perspective at the product's first window size (1200 × 800), the commit message
     * field is wide enough to read what one types, not squeezed beside the buttons.
     */
    @Test
    void theMessageFieldIsWideAtTheDefaultWindowSize() throws Exception {
        var window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = window.getActivePage();
        var before = page.getPerspective();
        org.eclipse.swt.graphics.Point size = window.getShell().getSize();
        try {
            PlatformUI.getWorkbench().showPerspective("dev.strata.ui.perspective", window);
            page.resetPerspective();
            window.getShell().setSize(1200, 800);
            page.showView(StrataViews.PENDING);
            Composite shell = window.getShell();
            window.getShell().layout(true, true);
            org.eclipse.swt.widgets.Text message = waitFor(() -> find(shell, org.eclipse.swt.widgets.Text.class,
                    t -> "message".equals(t.getData("field")) && t.isVisible() && t.getSize().x > 0),
                    "the Message field laid out");
            org.eclipse.swt.graphics.Rectangle view = message.getParent().getClientArea();
            assertTrue(view.width < 1200 && view.width > 400, "the view at its place in the perspective: " + view);
            assertTrue(message.getSize().x >= 200, "the Message field is " + message.getSize().x + " px wide in a "
                    + view.width + " px view");
            // The buttons stay on screen (they wrap below it rather than run off the view's edge).
            for (String label : List.of("Commit", "Rollback", "Undo", "Redo", "Savepoint", "Back to Savepoint")) {
                org.eclipse.swt.widgets.Button b = find(message.getParent(), org.eclipse.swt.widgets.Button.class,
                        x -> label.equals(x.getText()));
                org.eclipse.swt.graphics.Rectangle at = shell.getDisplay().map(b.getParent(), message.getParent(), b.getBounds());
                assertTrue(at.x + at.width <= view.width, label + " within the view: " + at + " in " + view);
            }
        } finally {
            window.getShell().setSize(size);
            if (before != null) {
                page.setPerspective(before);
            }
        }
    }

    /**
     * The view's actions can be pressed only when they would do something, and Undo / Redo say
     * which edit: with nothing pending, Commit, Rollback, Undo, Redo and Back to Savepoint are
     * disabled (before, all were enabled at all times and did nothing).
     */
    @Test
    void actionsAreEnabledOnlyWhenTheyWouldDoSomething() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("pendingactions")) {
            ObjectId taskId = f.projectWithTask("Acts", "before");
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.PENDING);
            Composite shell = page.getWorkbenchWindow().getShell();
            var sessions = Injected.sessions();
            sessions.all().forEach(Session::rollback); // what earlier tests left pending
            sessions.forgetEdits();
            Task task = (Task) sessions.session(f.repository()).get(taskId);
            click(shell, "Savepoint"); // always possible; it also refreshes the view's actions
            click(shell, "Back to Savepoint");
            waitFor(() -> enabled(shell, "Commit", "Rollback", "Undo", "Redo").isEmpty() ? "none" : null,
                    "Commit, Rollback, Undo and Redo disabled with nothing pending");

            sessions.set(task, dev.strata.example.tasks.TasksPackage.Literals.TASK__TITLE, "after");
            waitFor(() -> enabled(shell, "Commit", "Rollback", "Undo", "Redo").equals(List.of("Commit", "Rollback", "Undo"))
                    ? "ok" : null, "Commit, Rollback and Undo enabled after an edit, Redo not");
            assertEquals("Undo Set title", Widgets.button(shell, "Undo").getToolTipText());

            click(shell, "Undo");
            waitFor(() -> enabled(shell, "Undo", "Redo").equals(List.of("Redo")) ? "ok" : null, "Redo enabled after Undo");
            assertEquals("Redo Set title", Widgets.button(shell, "Redo").getToolTipText());
            click(shell, "Redo");
            waitFor(() -> enabled(shell, "Commit").equals(List.of("Commit")) ? "ok" : null, "the edit pending again");

            click(shell, "Rollback");
            waitFor(() -> enabled(shell, "Commit", "Rollback", "Undo", "Redo", "Back to Savepoint").isEmpty() ? "none" : null,
                    "nothing to do once rolled back (the savepoint gone with it)");
            assertEquals("before", task.getTitle());
        }
    }

    /** Which of these buttons are enabled, in the order given. */
    private static List<String> enabled(Composite shell, String... labels) {
        return java.util.Arrays.stream(labels).filter(l -> Widgets.button(shell, l).isEnabled()).toList();
    }

    /**
     * Every edit shows in the list and the explorer, not only the first: a second object, another
     * value of an object already changed, a return to a savepoint.
     */
    @Test
    void everyEditShowsInTheListAndTheExplorer() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("pendinglive")) {
            ObjectId firstId;
            ObjectId secondId;
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Live");
                Task first = TasksFactory.eINSTANCE.createTask();
                first.setTitle("first");
                Task second = TasksFactory.eINSTANCE.createTask();
                second.setTitle("second");
                p.getTasks().addAll(List.of(first, second));
                s.add(p);
                s.commit();
                firstId = s.idOf(first);
                secondId = s.idOf(second);
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.EXPLORER);
            page.showView(StrataViews.PENDING);
            Composite shell = page.getWorkbenchWindow().getShell();
            Session session = Injected.sessions().session(f.repository());
            Task first = (Task) session.get(firstId);
            Task second = (Task) session.get(secondId);
            Table pending = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 4
                    && "Problem".equals(t.getColumn(3).getText())), "the pending list");

            first.setTitle("first, edited");
            waitFor(() -> changes(pending, "title: first → first, edited"), "the first edit listed");
            second.setTitle("second, edited");
            waitFor(() -> changes(pending, "title: second → second, edited"), "the second changed object listed");
            assertEquals(2, pending.getItemCount(), "one row per changed object");
            first.setPriority(4);
            waitFor(() -> changes(pending, "priority: 0 → 4"), "a further change to a listed object");

            // The explorer marks the second object too, not only the first one changed.
            TreeItem project = selectInExplorer(shell, "pendinglive", "Project Live");
            Widgets.expand(project.getParent(), project);
            waitFor(() -> {
                long marked = java.util.Arrays.stream(project.getItems())
                        .filter(i -> i.getText().contains("[dirty]")).count();
                return marked == 2 ? "ok" : null;
            }, "both changed tasks marked [dirty] in the explorer");

            click(shell, "Savepoint");
            first.setTitle("first, after the savepoint");
            waitFor(() -> changes(pending, "→ first, after the savepoint"), "an edit after the savepoint");
            click(shell, "Back to Savepoint");
            waitFor(() -> changes(pending, "title: first → first, edited"), "the value at the savepoint again");
            assertEquals(null, changes(pending, "after the savepoint"), "the undone edit is gone from the list");
            click(shell, "Rollback");
            waitFor(() -> pending.getItemCount() == 0 ? "ok" : null, "an empty list after rollback");
        }
    }

    /** The row whose changes column holds the text, or null. */
    private static TableItem changes(Table table, String text) {
        for (TableItem i : table.getItems()) {
            if (i.getText(2).contains(text)) {
                return i;
            }
        }
        return null;
    }

    /**
     * A list shows a few values: a change beyond them is shown from where the lists part, not as
     * two equal texts.
     */
    @Test
    void aChangeFarDownALongListShowsWhereItIs() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("pendinglong")) {
            ObjectId projectId;
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Long list");
                for (int i = 0; i < 30; i++) {
                    Task t = TasksFactory.eINSTANCE.createTask();
                    t.setTitle("t" + i);
                    p.getTasks().add(t);
                }
                s.add(p);
                s.commit();
                projectId = s.idOf(p);
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.PENDING);
            Composite shell = page.getWorkbenchWindow().getShell();
            Session session = Injected.sessions().session(f.repository());
            Project p = (Project) session.get(projectId);
            Table pending = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 4
                    && "Problem".equals(t.getColumn(3).getText())), "the pending list");
            try {
                p.getTasks().move(29, 25); // t25 to the end
                TableItem row = waitFor(() -> changes(pending, "tasks: "), "the project's change listed");
                assertEquals("tasks: [… 25 the same, Task 't25', Task 't26', Task 't27', Task 't28', Task 't29']"
                        + " → [… 25 the same, Task 't26', Task 't27', Task 't28', Task 't29', Task 't25']", row.getText(2));
            } finally {
                session.rollback();
            }
        }
    }

    @Test
    void savepointsAndRefusalsNextToTheirObjects() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("pendingtest")) {
            ObjectId taskId = f.projectWithTask("Pending", "v0", p -> {
                Tag docs = TasksFactory.eINSTANCE.createTag();
                docs.setSlug("docs");
                p.getTags().add(docs);
            });
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.PENDING);
            Composite shell = page.getWorkbenchWindow().getShell();
            Session session = Injected.sessions().session(f.repository());
            Task task = (Task) session.get(taskId);

            // Savepoint: later edits go, earlier ones stay.
            task.setTitle("v1");
            click(shell, "Savepoint");
            task.setTitle("v2");
            task.setPriority(3);
            click(shell, "Back to Savepoint");
            assertEquals("v1", task.getTitle());
            assertEquals(0, task.getPriority());
            assertEquals(ObjectState.DIRTY, session.state(task));
            click(shell, "Rollback");
            assertEquals("v0", task.getTitle());

            // A unique index refuses a second tag 'docs': the reason shows on that tag's row.
            Tag again = TasksFactory.eINSTANCE.createTag();
            again.setSlug("docs");
            ((Project) task.eContainer()).getTags().add(again);
            click(shell, "Commit");
            Table pending = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 4
                    && "Problem".equals(t.getColumn(3).getText()) && t.getItemCount() > 0), "the pending list");
            TableItem row = waitFor(() -> {
                for (TableItem i : pending.getItems()) {
                    if (i.getText(1).contains("docs") && i.getText(3).contains("unique")) {
                        return i;
                    }
                }
                return null;
            }, "the veto next to the new tag");
            assertEquals("NEW", row.getText(0));
            assertEquals(ObjectState.NEW, session.state(again), "a refused commit keeps the changes");
            click(shell, "Rollback");
            waitFor(() -> pending.getItemCount() == 0 ? "ok" : null, "an empty list after rollback");
            assertTrue(session.pending().isEmpty());
        }
    }
}
