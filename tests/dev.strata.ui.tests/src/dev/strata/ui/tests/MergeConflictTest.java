package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.click;
import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import dev.strata.core.MergeConflict;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Session;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.ui.StrataViews;

/**
 * Merge conflicts as the workbench shows them: the workbench session and a session opened straight
 * on the repository change the same task; Commit in Pending Changes merges what it can and shows
 * each decision left as a row of its own (base, theirs, mine), decided per conflict with Take
 * Theirs or in the three-way merge dialog.
 */
class MergeConflictTest {

    /** The workbench with Pending Changes showing, and the task both sides edit. */
    private record Setup(Fixtures fixtures, Composite shell, ObjectId taskId, Session workbench, Task task, Table pending) {
    }

    private static Setup setUp(Fixtures f) throws Exception {
        ObjectId taskId = f.projectWithTask("Shared", "Original");
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.showView(StrataViews.PENDING);
        Composite shell = page.getWorkbenchWindow().getShell();
        Session workbench = Injected.sessions().session(f.repository());
        Task task = (Task) workbench.get(taskId);
        Table pending = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 4
                && "Problem".equals(t.getColumn(3).getText())), "the pending list");
        return new Setup(f, shell, taskId, workbench, task, pending);
    }

    /** Another session commits these feature values of the task first. */
    private static void commitElsewhere(Setup s, String title, Integer priority) {
        try (Session other = s.fixtures().repository().openSession()) {
            other.setAuthor("bob");
            Task t = (Task) other.get(s.taskId());
            if (title != null) {
                t.setTitle(title);
            }
            if (priority != null) {
                t.setPriority(priority);
            }
            other.commit("changed elsewhere");
        }
    }

    /** The rows of merge conflicts, as shown. */
    private static List<TableItem> conflictRows(Table pending) {
        List<TableItem> rows = new ArrayList<>();
        for (TableItem i : pending.getItems()) {
            if (i.getText(0).startsWith("↳")) {
                rows.add(i);
            }
        }
        return rows;
    }

    private static TableItem refusedWithOneConflict(Setup s) {
        click(s.shell(), "Commit");
        return waitFor(() -> conflictRows(s.pending()).size() == 1 ? conflictRows(s.pending()).get(0) : null,
                "one merge conflict row");
    }

    /** Commit in the view; the pending list empties. */
    private static void commitsCleanly(Setup s) {
        click(s.shell(), "Commit");
        waitFor(() -> s.pending().getItemCount() == 0 ? "ok" : null, "an empty pending list after the commit");
    }

    private static String status(Composite shell, String prefix) {
        return waitFor(() -> find(shell, Label.class, l -> l.getText().startsWith(prefix)), "a status '" + prefix + "…'")
                .getText();
    }

    @Test
    void eachConflictIsARowAndTakeTheirsDecidesOnlyThatFeature() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("mergerows")) {
            Setup s = setUp(f);
            int priority = s.task().getPriority() + 4;
            Injected.sessions().set(s.task(), TasksPackage.Literals.TASK__TITLE, "Mine");
            Injected.sessions().set(s.task(), TasksPackage.Literals.TASK__PRIORITY, priority);
            commitElsewhere(s, "Theirs", null);

            TableItem row = refusedWithOneConflict(s);
            assertEquals("↳ CHANGED_BOTH", row.getText(0));
            assertEquals("Task 'Mine' · title", row.getText(1));
            assertEquals("base 'Original' · theirs 'Theirs' · mine 'Mine'", row.getText(2));
            assertTrue(row.getText(3).contains("Merge…"), row.getText(3));
            String status = status(s.shell(), "Not committed");
            assertTrue(status.contains("1 of your change(s) merged by themselves, 1 need a decision"), status);
            TableItem object = s.pending().getItem(s.pending().indexOf(row) - 1);
            assertEquals("CONFLICT", object.getText(0), "the object's own row just above");
            assertTrue(object.getText(3).contains("1 decision(s) below: title"), object.getText(3));
            assertTrue(object.getText(3).contains("by bob: 'changed elsewhere'"), object.getText(3));

            Widgets.select(s.pending(), row);
            Button merge = find(s.shell(), Button.class, b -> "Merge…".equals(b.getText()));
            assertTrue(merge.isEnabled(), "a conflict of a feature's value can be merged");
            click(s.shell(), "Take Theirs");

            TableItem dirty = waitFor(() -> s.pending().getItemCount() == 1
                    && "DIRTY".equals(s.pending().getItem(0).getText(0)) ? s.pending().getItem(0) : null,
                    "the task pending without a conflict");
            assertTrue(conflictRows(s.pending()).isEmpty());
            assertTrue(dirty.getText(2).contains("priority"), "the change that merged stays: " + dirty.getText(2));
            assertFalse(dirty.getText(2).contains("title"), "theirs taken for the title: " + dirty.getText(2));
            assertEquals("", dirty.getText(3));
            assertEquals("Theirs", s.task().getTitle());

            commitsCleanly(s);
            Record stored = f.store().load(s.taskId()).orElseThrow();
            assertEquals("Theirs", stored.value("title"));
            assertEquals(priority, ((Number) stored.value("priority")).intValue());
        }
    }

    @Test
    void anObjectWithTwoConflictsIsRebasedOnceBothAreDecided() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("mergetwo")) {
            Setup s = setUp(f);
            int base = s.task().getPriority();
            Injected.sessions().set(s.task(), TasksPackage.Literals.TASK__TITLE, "Mine");
            Injected.sessions().set(s.task(), TasksPackage.Literals.TASK__PRIORITY, base + 1);
            commitElsewhere(s, "Theirs", base + 2);
            click(s.shell(), "Commit");
            waitFor(() -> conflictRows(s.pending()).size() == 2 ? "ok" : null, "two merge conflict rows");
            String status = status(s.shell(), "Not committed");
            assertTrue(status.contains("0 of your change(s) merged by themselves, 2 need a decision"), status);
            TableItem title = Widgets.row(s.pending(), 1, "Task 'Mine' · title");
            assertNotNull(title, "the title's row");

            Widgets.select(s.pending(), title);
            click(s.shell(), "Take Theirs");
            TableItem decided = waitFor(() -> {
                TableItem r = Widgets.row(s.pending(), 1, "Task 'Mine' · title");
                return r != null && r.getText(3).startsWith("decided: theirs") ? r : null;
            }, "the title marked decided while the priority waits");
            assertEquals(2, conflictRows(s.pending()).size(), "the object waits for its other decision");
            assertEquals("Mine", s.task().getTitle(), "nothing applied before every conflict is decided");

            TableItem priority = waitFor(() -> Widgets.row(s.pending(), 1, "Task 'Mine' · priority"), "the priority's row");
            Widgets.select(s.pending(), priority);
            click(s.shell(), "Keep Mine");
            TableItem dirty = waitFor(() -> s.pending().getItemCount() == 1
                    && "DIRTY".equals(s.pending().getItem(0).getText(0)) ? s.pending().getItem(0) : null,
                    "the task rebased, pending with the kept priority");
            assertEquals("priority: " + (base + 2) + " → " + (base + 1), dirty.getText(2));
            assertNotNull(decided);
            commitsCleanly(s);
            Record stored = f.store().load(s.taskId()).orElseThrow();
            assertEquals("Theirs", stored.value("title"));
            assertEquals(base + 1, ((Number) stored.value("priority")).intValue());
        }
    }

    @Test
    void theMergeDialogShowsThreeSidesAndUsesTheEditedValue() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("mergedialog")) {
            Setup s = setUp(f);
            Injected.sessions().set(s.task(), TasksPackage.Literals.TASK__TITLE, "Mine");
            commitElsewhere(s, "Theirs", null);
            TableItem row = refusedWithOneConflict(s);
            MergeConflict conflict = s.workbench().conflicts().get(0);

            List<String> shown = new ArrayList<>();
            AtomicReference<Throwable> dialog = Widgets.onShell("Merge title of " + conflict.label(), d -> {
                for (StyledText t : texts(d)) {
                    shown.add((t.getEditable() ? "editable:" : "") + t.getText());
                }
                StyledText mine = find(d, StyledText.class, t -> t.getEditable() && "Mine".equals(t.getText()));
                assertNotNull(mine, "mine, editable: " + shown);
                mine.setText("Merged by hand");
                click(d, "Use Edited Value");
            });
            // Through the context menu, as a right-click offers it.
            Widgets.select(s.pending(), row);
            Menu menu = s.pending().getMenu();
            menu.notifyListeners(SWT.Show, new Event());
            MenuItem mergeItem = java.util.Arrays.stream(menu.getItems()).filter(i -> "Merge…".equals(i.getText()))
                    .findFirst().orElseThrow();
            assertTrue(mergeItem.isEnabled(), "offered on a conflict row");
            mergeItem.notifyListeners(SWT.Selection, new Event());
            Widgets.check(dialog);
            assertTrue(shown.contains("Original"), "base shown: " + shown);
            assertTrue(shown.contains("Theirs"), "theirs shown: " + shown);
            assertFalse(shown.contains("editable:Theirs") || shown.contains("editable:Original"), "only mine is edited: "
                    + shown);

            waitFor(() -> s.pending().getItemCount() == 1 && "DIRTY".equals(s.pending().getItem(0).getText(0))
                    ? "ok" : null, "the task pending with the merged title");
            assertTrue(s.pending().getItem(0).getText(2).contains("title: Theirs → Merged by hand"),
                    s.pending().getItem(0).getText(2));
            commitsCleanly(s);
            assertEquals("Merged by hand", f.store().load(s.taskId()).orElseThrow().value("title"));
        }
    }

    @Test
    void anEditedValueThatDoesNotParseIsSaidAndTheDialogStaysOpen() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("mergeparse")) {
            Setup s = setUp(f);
            int base = s.task().getPriority();
            Injected.sessions().set(s.task(), TasksPackage.Literals.TASK__PRIORITY, base + 1);
            commitElsewhere(s, null, base + 2);
            TableItem row = refusedWithOneConflict(s);
            assertEquals("base " + base + " · theirs " + (base + 2) + " · mine " + (base + 1), row.getText(2));
            MergeConflict conflict = s.workbench().conflicts().get(0);

            List<String> problems = new ArrayList<>();
            AtomicReference<Throwable> dialog = Widgets.onShell("Merge priority of " + conflict.label(), d -> {
                StyledText mine = find(d, StyledText.class, t -> t.getEditable());
                mine.setText("lots");
                click(d, "Use Edited Value");
                assertFalse(d.isDisposed(), "the dialog stays open on a value that does not parse");
                Label problem = find(d, Label.class, l -> "problem".equals(l.getData("field")));
                problems.add(problem.getText());
                mine.setText("42");
                click(d, "Use Edited Value");
            });
            Widgets.select(s.pending(), row);
            click(s.shell(), "Merge…");
            Widgets.check(dialog);
            assertEquals(1, problems.size());
            assertTrue(problems.get(0).contains("'lots'") && problems.get(0).contains("priority"),
                    "the error names the text and the feature: " + problems.get(0));

            waitFor(() -> s.pending().getItemCount() == 1 && conflictRows(s.pending()).isEmpty() ? "ok" : null,
                    "the conflict decided");
            commitsCleanly(s);
            assertEquals(42, ((Number) f.store().load(s.taskId()).orElseThrow().value("priority")).intValue());
        }
    }

    /** A commit large enough to run as a job shows its refusal the same way when the job ends. */
    @Test
    void aRefusedCommitJobShowsTheConflictRowsToo() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("mergejob")) {
            Setup s = setUp(f);
            Injected.sessions().set(s.task(), TasksPackage.Literals.TASK__TITLE, "Mine");
            dev.strata.example.tasks.Project more = dev.strata.example.tasks.TasksFactory.eINSTANCE.createProject();
            more.setName("More");
            int tasks = 1_010; // more than the 1,000 pending objects Pending Changes commits without a job
            for (int i = 0; i < tasks; i++) {
                Task t = dev.strata.example.tasks.TasksFactory.eINSTANCE.createTask();
                t.setTitle("task " + i);
                more.getTasks().add(t);
            }
            s.workbench().add(more);
            commitElsewhere(s, "Theirs", null);

            click(s.shell(), "Commit");
            assertTrue(Injected.sessions().isBusy(), "the commit runs as a job");
            waitFor(() -> !Injected.sessions().isBusy() ? "done" : null, "the end of the commit job");
            TableItem row = waitFor(() -> conflictRows(s.pending()).size() == 1 ? conflictRows(s.pending()).get(0) : null,
                    "the merge conflict row after the job");
            assertEquals("base 'Original' · theirs 'Theirs' · mine 'Mine'", row.getText(2));
            String status = status(s.shell(), "Not committed (repository 'mergejob')");
            assertTrue(status.contains("1 need a decision"), status);
            assertEquals(java.util.Optional.empty(), f.store().load(s.workbench().idOf(more)), "nothing written");

            Widgets.select(s.pending(), row);
            click(s.shell(), "Keep Mine");
            waitFor(() -> conflictRows(s.pending()).isEmpty() ? "ok" : null, "the conflict decided");
            click(s.shell(), "Commit");
            waitFor(() -> !Injected.sessions().isBusy() && s.pending().getItemCount() == 0 ? "ok" : null,
                    "the second commit job done");
            assertEquals("Mine", f.store().load(s.taskId()).orElseThrow().value("title"));
            assertEquals("More", f.store().load(s.workbench().idOf(more)).orElseThrow().value("name"));
            // Its objects would otherwise stay in the workbench for the tests that follow.
            s.workbench().close();
        }
    }

    @Test
    void changesToDifferentFeaturesOfOneObjectSimplyCommit() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("mergequiet")) {
            Setup s = setUp(f);
            int theirs = s.task().getPriority() + 3;
            Injected.sessions().set(s.task(), TasksPackage.Literals.TASK__TITLE, "Mine");
            commitElsewhere(s, null, theirs);
            waitFor(() -> s.pending().getItemCount() == 1 ? "ok" : null, "the task pending");

            commitsCleanly(s);
            assertEquals("Committed", status(s.shell(), "Committed"));
            assertTrue(conflictRows(s.pending()).isEmpty());
            Record stored = f.store().load(s.taskId()).orElseThrow();
            assertEquals("Mine", stored.value("title"));
            assertEquals(theirs, ((Number) stored.value("priority")).intValue());
            assertEquals(3, stored.version(), "one commit elsewhere, one merged commit here");
        }
    }

    private static List<StyledText> texts(Shell shell) {
        List<StyledText> found = new ArrayList<>();
        collect(shell, found);
        return found;
    }

    private static void collect(org.eclipse.swt.widgets.Control c, List<StyledText> found) {
        if (c instanceof StyledText t) {
            found.add(t);
        }
        if (c instanceof Composite parent) {
            for (org.eclipse.swt.widgets.Control child : parent.getChildren()) {
                collect(child, found);
            }
        }
    }
}
