package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.row;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.edit.command.AddCommand;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.ui.StrataViews;
import dev.strata.ui.internal.StrataJobs;

/**
 * The Compare view follows the selection: for a task with a pending edit it shows the committed
 * and the session value of each feature, the differing one marked; for a commit selected in History
 * it shows the objects and versions the commit touched, with old and new values. A many-valued
 * feature that changed shows the steps that change it (inserted, removed, moved), not both lists.
 */
class CompareViewTest {

    @Test
    void showsADirtyAttributesCommittedAndSessionValuesAndWhatACommitChanged() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("comparetest")) {
            ObjectId taskId;
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Compared");
                Task t = TasksFactory.eINSTANCE.createTask();
                t.setTitle("Original");
                t.setPriority(1);
                p.getTasks().add(t);
                s.add(p);
                s.commit();
                taskId = s.idOf(t);
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            assertNotNull(page.showView(StrataViews.COMPARE));
            page.showView(StrataViews.EXPLORER);
            Composite shell = page.getWorkbenchWindow().getShell();

            Session session = Injected.sessions().session(f.repository());
            Task task = (Task) session.get(taskId);
            Injected.sessions().set(task, TasksPackage.Literals.TASK__TITLE, "Edited");
            assertEquals(ObjectState.DIRTY, session.state(task));

            Widgets.selectInExplorer(shell, "comparetest", "Project Compared", "> Task Edited");

            Table compare = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 3
                    && "Committed".equals(t.getColumn(1).getText()) && t.getItemCount() > 0), "the comparison of the task");
            TableItem title = waitFor(() -> row(compare, 0, "> title"), "the title marked as differing");
            assertEquals("Original", title.getText(1), "committed value");
            assertEquals("Edited", title.getText(2), "session value");
            TableItem priority = row(compare, 0, "priority");
            assertNotNull(priority, "an unchanged feature, not marked");
            assertEquals("1", priority.getText(1));
            assertEquals("1", priority.getText(2));
            assertNotEquals(priority.getBackground(1), title.getBackground(1), "the difference is highlighted");
            waitFor(() -> find(shell, Label.class, l -> l.getText().startsWith("Task 'Edited' — dirty")
                    && l.getText().contains("1 of")), "the header naming state and differences");

            // Once rolled back the task is clean and nothing differs.
            session.rollback();
            Injected.sessions().forgetEdits();
            waitFor(() -> row(compare, 0, "title") != null && "Original".equals(row(compare, 0, "title").getText(2))
                    ? "ok" : null, "the comparison after rollback, with nothing marked");

            // A commit made elsewhere, selected in History: the object, its versions, old → new values.
            try (Session outside = f.repository().openSession()) {
                Task t = (Task) outside.get(taskId);
                t.setTitle("Outside");
                t.setPriority(3);
                outside.setAuthor("alice");
                outside.commit("renamed outside");
            }
            Table changes = selectNewestCommit(page, shell, "renamed outside");
            TableItem changedTitle = waitFor(() -> row(changes, 2, "title"), "the changed title");
            assertEquals("Original", changedTitle.getText(3));
            assertEquals("Outside", changedTitle.getText(4));
            TableItem changedPriority = row(changes, 2, "priority");
            assertNotNull(changedPriority, "the changed priority");
            assertEquals("1", changedPriority.getText(3));
            assertEquals("3", changedPriority.getText(4));
            TableItem first = changes.getItem(0);
            assertEquals("Task 'Outside'", first.getText(0), "the object the commit changed, by its label");
            assertEquals("1 → 2", first.getText(1), "its versions");
            org.eclipse.swt.widgets.Label header = waitFor(() -> find(shell, org.eclipse.swt.widgets.Label.class,
                    l -> l.getText().startsWith("Commit #") && l.getText().contains("renamed outside")), "the commit's header");
            assertTrue(header.getText().contains(" by alice"), "who committed: " + header.getText());
            assertTrue(header.getText().matches(".*\\d{1,2}:\\d{2}.*"), "when: " + header.getText());
        }
    }

    @Test
    void showsAManyValuedChangeAsTheStepThatMakesIt() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("comparelist")) {
            ObjectId alphaId;
            ObjectId gammaId;
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Listed");
                Task alpha = task(p, "Alpha");
                Task beta = task(p, "Beta");
                task(p, "Gamma");
                alpha.getDependsOn().add(beta);
                s.add(p);
                s.commit();
                alphaId = s.idOf(alpha);
                gammaId = s.idOf(p.getTasks().get(2));
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.COMPARE);
            page.showView(StrataViews.EXPLORER);
            Composite shell = page.getWorkbenchWindow().getShell();

            Session session = Injected.sessions().session(f.repository());
            Task alpha = (Task) session.get(alphaId);
            Task gamma = (Task) session.get(gammaId);
            Injected.sessions().execute(AddCommand.create(Injected.sessions().domain(), alpha,
                    TasksPackage.Literals.TASK__DEPENDS_ON, gamma, 0));
            Widgets.selectInExplorer(shell, "comparelist", "Project Listed", "> Task Alpha");

            Table compare = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 3
                    && "Committed".equals(t.getColumn(1).getText()) && row(t, 0, "> dependsOn") != null),
                    "the changed dependsOn");
            // One step, not the old and new lists side by side.
            List<String> steps = new ArrayList<>();
            for (TableItem i : compare.getItems()) {
                if ("> dependsOn".equals(i.getText(0))) {
                    steps.add(i.getText(1) + "|" + i.getText(2));
                }
            }
            assertEquals(List.of("|Task 'Gamma' inserted at 0"), steps);
            assertNull(row(compare, 2, "[Task 'Gamma', Task 'Beta']"), "the new list is not shown whole");
            assertEquals("Alpha", row(compare, 0, "title").getText(2), "an unchanged feature, by value");
            waitFor(() -> find(shell, Label.class, l -> l.getText().startsWith("Task 'Alpha' — dirty")
                    && l.getText().matches(".*; 1 of \\d+ features differ")), "the header counting dependsOn once");

            // Committed, the commit in History shows the same step (ids: the log keeps no labels).
            session.commit("Gamma first");
            Table changes = selectNewestCommit(page, shell, "Gamma first");
            TableItem step = waitFor(() -> row(changes, 2, "dependsOn"), "the changed dependsOn of the commit");
            assertEquals("", step.getText(3));
            assertEquals(gammaId + " inserted at 0", step.getText(4));
            // The log has no title for a change that did not touch it: the object goes by class and id.
            assertTrue(step.getText(0).startsWith("Task "), "the object, on its first row: " + step.getText(0));
            assertEquals("1 → 2", step.getText(1));
        }
    }

    /** Two commits selected together in History: Compare shows what differs between the store after each. */
    @Test
    void twoCommitsSelectedInHistoryAreComparedAsTheStoreWasAfterEach() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("comparerange")) {
            ObjectId taskId = f.projectWithTask("Ranged", "First title");
            try (Session s = f.repository().openSession()) {
                Task t = (Task) s.get(taskId);
                t.setTitle("Second title");
                s.commit("range start");
                t.setPriority(4);
                s.commit("range middle");
                t.setTitle("Third title");
                s.commit("range end");
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.COMPARE);
            page.showView(StrataViews.HISTORY);
            Composite shell = page.getWorkbenchWindow().getShell();
            Table history = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 6
                    && "#".equals(t.getColumn(1).getText()) && row(t, 4, "range start") != null
                    && row(t, 4, "range end") != null), "the commits in History");
            selectTogether(history, row(history, 4, "range start"), row(history, 4, "range end"));
            checkRange(page, shell);
        }
    }

    /**
     * The range is compared in a job: with the store's reads held back, selecting the two commits
     * returns at once, the window answers and Compare says it is comparing; once the store answers
     * it shows the same rows as from a quick store. What the user selects meanwhile wins.
     */
    @Test
    void twoCommitsOfASlowStoreAreComparedOffTheUiThread() throws Exception {
        try (Fixtures f = Fixtures.gatedRepository("compareslow")) {
            GatedStore gated = (GatedStore) f.store();
            ObjectId taskId = f.projectWithTask("Ranged", "First title");
            long start;
            long end;
            try (Session s = f.repository().openSession()) {
                Task t = (Task) s.get(taskId);
                t.setTitle("Second title");
                start = s.commit("slow range start").sequence();
                t.setPriority(4);
                s.commit("slow range middle");
                t.setTitle("Third title");
                end = s.commit("slow range end").sequence();
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.COMPARE);
            page.showView(StrataViews.HISTORY);
            Composite shell = page.getWorkbenchWindow().getShell();
            try {
                Table history = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 6
                        && "#".equals(t.getColumn(1).getText()) && row(t, 4, "slow range start") != null
                        && row(t, 4, "slow range end") != null), "the commits in History");
                String comparing = "Comparing commits #" + start + " and #" + end + " of store 'compareslow'…";

                // Selected again while the first comparison waits: that one's answer is not shown.
                gated.hold();
                selectTogether(history, row(history, 4, "slow range start"), row(history, 4, "slow range end"));
                waitFor(() -> find(shell, Label.class, l -> comparing.equals(l.getText())), "Compare saying it compares");
                waitFor(() -> gated.waiting() > 0 ? "ok" : null, "the comparison's store read waiting at the gate");
                java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
                shell.getDisplay().asyncExec(() -> answered.set(true));
                waitFor(() -> answered.get() ? "ok" : null, "the UI thread running other work while the store is read");
                assertTrue(gated.waiting() > 0, "the store is still being read");
                Job[] running = Job.getJobManager().find(StrataJobs.COMPARE);
                assertEquals(1, running.length, "one comparison running");
                java.util.concurrent.atomic.AtomicBoolean handled = afterItsDone(running[0], shell);
                Widgets.select(history, row(history, 4, "slow range middle"));
                waitFor(() -> find(shell, Label.class, l -> l.getText().startsWith("Commit #" + (start + 1))),
                        "the single commit selected meanwhile, in Compare");
                gated.release();
                waitFor(() -> handled.get() ? "ok" : null, "the first comparison ended and its answer handled");
                assertNotNull(find(shell, Label.class, l -> l.getText().startsWith("Commit #" + (start + 1))),
                        "the commit selected last is still shown");
                assertNull(find(shell, Label.class, l -> l.getText().contains("→ after commit #")),
                        "the range selected before it is not shown over it");

                // Held back again and then answered: the same rows and header as from a quick store.
                gated.hold();
                selectTogether(history, row(history, 4, "slow range start"), row(history, 4, "slow range end"));
                waitFor(() -> find(shell, Label.class, l -> comparing.equals(l.getText())), "Compare saying it compares");
                waitFor(() -> gated.waiting() > 0 ? "ok" : null, "the comparison's store read waiting at the gate");
                Table changes = find(shell, Table.class, t -> t.getColumnCount() == 5
                        && "Before".equals(t.getColumn(3).getText()));
                assertEquals(0, changes.getItemCount(), "no rows of what was shown before while comparing");
                gated.release();
                checkRange(page, shell);
            } finally {
                gated.release();
            }
        }
    }

    /** Selects two rows of History together, as a ctrl-click does. */
    private static void selectTogether(Table history, TableItem a, TableItem b) {
        history.setSelection(new TableItem[] { a, b });
        org.eclipse.swt.widgets.Event e = new org.eclipse.swt.widgets.Event();
        e.item = b;
        history.notifyListeners(org.eclipse.swt.SWT.Selection, e);
    }

    /**
     * Set on the UI thread once the job is done and what its earlier listeners (the view's) posted to
     * the UI thread has run: a job's listeners are told in order, and asyncExec runs in order.
     */
    private static java.util.concurrent.atomic.AtomicBoolean afterItsDone(Job job, Composite shell) {
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        org.eclipse.swt.widgets.Display display = shell.getDisplay();
        job.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
            @Override
            public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                display.asyncExec(() -> ran.set(true));
            }
        });
        return ran;
    }

    /** Compare shows the range from the start to the end commit of those tests: the title's and priority's change, the versions, the header. */
    private static void checkRange(IWorkbenchPage page, Composite shell) throws Exception {
        Table changes = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 5
                && "Before".equals(t.getColumn(3).getText()) && row(t, 2, "priority") != null), "the range in Compare");
        TableItem title = waitFor(() -> row(changes, 2, "title"), "the title's change over the range");
        assertEquals("Second title", title.getText(3));
        assertEquals("Third title", title.getText(4));
        assertEquals("4", row(changes, 2, "priority").getText(4));
        // The task's versions at both ends: 2 after the first commit, 4 after the last (not one commit's v → v+1).
        TableItem task = java.util.Arrays.stream(changes.getItems()).filter(i -> i.getText(0).startsWith("Task"))
                .findFirst().orElseThrow();
        assertEquals("2 → 4", task.getText(1), "the task's versions over the range");
        page.showView(StrataViews.COMPARE);
        String header = waitFor(() -> find(shell, org.eclipse.swt.widgets.Label.class,
                l -> l.getText().contains("→ after commit #")), "the range's header").getText();
        assertTrue(header.contains("1 object(s) differ"), header);
    }

    /**
     * A commit of more objects than Compare lists shows the first ones and says how many are not
     * listed; the header counts them all. Before, every object's rows were built and shown (800,000
     * rows for a 200,000-object import: the workbench froze for seconds).
     */
    @Test
    void aLargeCommitListsItsFirstObjectsAndSaysHowManyMore() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("comparelarge")) {
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Large");
                for (int i = 0; i < 5_100; i++) {
                    task(p, "t" + i);
                }
                s.add(p);
                s.commit("a large commit");
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.COMPARE);
            Composite shell = page.getWorkbenchWindow().getShell();
            Table changes = selectNewestCommit(page, shell, "a large commit");
            waitFor(() -> changes.getItemCount() > 5_000 ? changes : null, "the commit's rows");
            TableItem last = changes.getItem(changes.getItemCount() - 1);
            assertEquals("… 101 more objects, not listed (the first 5,000 are)", last.getText(0));
            assertEquals("", last.getText(4));
            long objects = java.util.Arrays.stream(changes.getItems()).filter(i -> !i.getText(0).isEmpty()).count();
            assertEquals(5_000 + 1, objects, "the rows of 5,000 objects, then the row of those not listed");
            org.eclipse.swt.widgets.Label header = waitFor(() -> find(shell, org.eclipse.swt.widgets.Label.class,
                    l -> l.getText().startsWith("Commit #") && l.getText().contains("a large commit")), "the commit's header");
            assertTrue(header.getText().contains("5101 created"), header.getText());
        }
    }

    /** Selects in History the newest commit, which has this message; returns Compare's table of what it did. */
    private static Table selectNewestCommit(IWorkbenchPage page, Composite shell, String message) throws Exception {
        page.showView(StrataViews.HISTORY);
        Table history = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 6
                && "#".equals(t.getColumn(1).getText()) && t.getItemCount() > 0
                && message.equals(t.getItem(0).getText(4))), "the commit in History");
        Widgets.select(history, history.getItem(0));
        return waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 5
                && "Before".equals(t.getColumn(3).getText()) && t.getItemCount() > 0), "the commit in Compare");
    }

    private static Task task(Project p, String title) {
        Task t = TasksFactory.eINSTANCE.createTask();
        t.setTitle(title);
        p.getTasks().add(t);
        return t;
    }

    @Test
    void aCompareViewOpenedAfterTheSelectionShowsWhatWasSelected() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("comparelater")) {
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Later");
                Task t = TasksFactory.eINSTANCE.createTask();
                t.setTitle("Picked");
                p.getTasks().add(t);
                s.add(p);
                s.commit();
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            IViewPart open = page.findView(StrataViews.COMPARE);
            if (open != null) {
                page.hideView(open);
            }
            page.showView(StrataViews.EXPLORER);
            Composite shell = page.getWorkbenchWindow().getShell();
            Widgets.selectInExplorer(shell, "comparelater", "Project Later", "Task Picked");
            page.showView(StrataViews.COMPARE); // created now: the explorer's selection is not the active one
            waitFor(() -> find(shell, Label.class, l -> l.getText().startsWith("Task 'Picked'")),
                    "the header of the task selected before Compare opened");
            Table compare = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 3
                    && "Committed".equals(t.getColumn(1).getText()) && row(t, 0, "title") != null), "its features");
            assertEquals("Picked", row(compare, 0, "title").getText(1));
        }
    }
}
