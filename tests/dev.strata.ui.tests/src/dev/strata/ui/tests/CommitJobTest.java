package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.click;
import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.IJobChangeListener;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.ui.StrataViews;
import dev.strata.ui.internal.StrataJobs;

/**
 * Committing more than a thousand objects from Pending Changes runs as a job: the window keeps
 * going, the views leave the sessions alone meanwhile, and the objects end CLEAN in the store.
 */
class CommitJobTest {

    private static final int TASKS = 1_500;

    @Test
    void aLargeCommitRunsAsAJobAndEndsWithTheObjectsClean() throws Exception {
        List<IStatus> commitJobs = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        IJobChangeListener listener = new JobChangeAdapter() {
            @Override
            public void running(IJobChangeEvent event) {
                if (event.getJob().belongsTo(StrataJobs.COMMIT)) {
                    threads.add(Thread.currentThread().getName());
                }
            }

            @Override
            public void done(IJobChangeEvent event) {
                if (event.getJob().belongsTo(StrataJobs.COMMIT)) {
                    commitJobs.add(event.getResult());
                }
            }
        };
        Job.getJobManager().addJobChangeListener(listener);
        try (Fixtures f = Fixtures.memoryRepository("jobtest")) {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.PENDING);
            Composite shell = page.getWorkbenchWindow().getShell();
            Session session = Injected.sessions().session(f.repository());
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName("Large");
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                Task t = TasksFactory.eINSTANCE.createTask();
                t.setTitle("task " + i);
                p.getTasks().add(t);
                tasks.add(t);
            }
            session.add(p);
            Table pending = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() >= 3
                    && "State".equals(t.getColumn(0).getText()) && t.getItemCount() > TASKS), "the pending objects");
            assertEquals("NEW", pending.getItem(0).getText(0));

            click(shell, "Commit");
            // The click returned at once: the job holds the sessions until its end is handed back to the UI thread.
            assertTrue(Injected.sessions().isBusy(), "the commit runs as a job, not in the click");
            assertNotNull(find(shell, Label.class, l -> l.getText().equals("Committing " + (TASKS + 1) + " objects…")),
                    "the view saying a commit is running");

            waitFor(() -> !Injected.sessions().isBusy() ? "done" : null, "the end of the commit job");
            assertEquals(1, commitJobs.size(), "one commit job");
            assertEquals(IStatus.OK, commitJobs.get(0).getSeverity());
            assertTrue(threads.get(0).startsWith("Worker-"), "ran on a job worker thread: " + threads.get(0));
            assertEquals(ObjectState.CLEAN, session.state(p));
            for (Task t : tasks) {
                assertEquals(ObjectState.CLEAN, session.state(t), t.getTitle());
            }
            ObjectId lastId = session.idOf(tasks.get(TASKS - 1));
            assertEquals("task " + (TASKS - 1), f.store().load(lastId).orElseThrow().value("title"), "in the store");
            waitFor(() -> find(shell, Label.class, l -> l.getText().equals("Committed")), "the view saying it is done");
            waitFor(() -> pending.getItemCount() == 0 ? "ok" : null, "an empty pending list");
            // Its 1,501 objects would otherwise stay in the workbench for the tests that follow.
            session.close();
        } finally {
            Job.getJobManager().removeJobChangeListener(listener);
        }
    }
}
