package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.item;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.ui.StrataViews;

/**
 * 100,000 commits made outside the workbench as fast as the store takes them, while the explorer
 * and properties show the changing tasks: the views end showing the final values, every view
 * refreshes at most about 30 times a second, and the UI thread keeps answering. Measured figures
 * (event rate, refresh rate, UI latency) are printed and written to target/benchmarks/ui-burst.md.
 */
class BurstTest {

    private static final int TASKS = 100;
    private static final int CHANGES = 100_000;
    private static final long TIME_LIMIT_MS = 180_000;

    @Test
    void aBurstOfCommitsNeverFloodsTheUiAndEndsInTheFinalState() throws Exception {
        var context = FrameworkUtil.getBundle(BurstTest.class).getBundleContext();
        EventAdmin events = context.getService(context.getServiceReference(EventAdmin.class));
        ModelStore store = Repositories.memoryStore("bursttest", events);
        Repository repo = Repositories.builder("bursttest", store).packages(TasksPackage.eINSTANCE).events(events)
                .validate(false).build();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, "bursttest");
        ServiceRegistration<Repository> reg = context.registerService(Repository.class, repo, props);
        List<ObjectId> ids = new ArrayList<>();
        try (Session s = repo.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName("Burst");
            for (int i = 0; i < TASKS; i++) {
                Task t = TasksFactory.eINSTANCE.createTask();
                t.setTitle("start " + i);
                p.getTasks().add(t);
            }
            s.add(p);
            s.commit();
            p.getTasks().forEach(t -> ids.add(s.idOf(t)));
        }
        try {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.PROPERTIES);
            page.showView(StrataViews.EXPLORER);
            Composite shell = page.getWorkbenchWindow().getShell();
            Display display = shell.getDisplay();
            TreeItem projectItem = Widgets.selectInExplorer(shell, "bursttest", "Project Burst", "Task start 0").getParentItem();
            page.showView(StrataViews.PROPERTIES);
            Table properties = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 3
                    && "Feature".equals(t.getColumn(0).getText()) && t.getItemCount() > 0), "the task's properties");

            Map<String, Long> before = Injected.viewUpdates().refreshes();
            // The burst: one change per commit, from a thread of its own, through another session.
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[] burstNanos = new long[1];
            Thread burst = new Thread(() -> {
                try (Session other = repo.openSession()) {
                    List<Task> tasks = new ArrayList<>();
                    ids.forEach(id -> tasks.add((Task) other.get(id)));
                    long t0 = System.nanoTime();
                    for (int i = 0; i < CHANGES; i++) {
                        tasks.get(i % TASKS).setTitle("final " + (i % TASKS) + " after " + i / TASKS);
                        other.commit();
                    }
                    burstNanos[0] = System.nanoTime() - t0;
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "burst");
            // A probe asks the UI thread to run something every 20 ms and notes how long it waited.
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            Thread probe = new Thread(() -> {
                while (burst.isAlive()) {
                    long asked = System.nanoTime();
                    display.asyncExec(() -> latencies.add(System.nanoTime() - asked));
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "ui-probe");
            long start = System.nanoTime();
            burst.start();
            probe.start();
            long deadline = System.currentTimeMillis() + TIME_LIMIT_MS;
            while (burst.isAlive() && System.currentTimeMillis() < deadline) {
                if (!display.readAndDispatch()) {
                    display.timerExec(10, () -> { });
                    display.sleep();
                }
            }
            assertTrue(!burst.isAlive(), "the burst did not finish within " + TIME_LIMIT_MS + " ms");
            assertNull(failure.get(), "the burst failed: " + failure.get());
            probe.join(5_000);

            // The views end in the final state, without any user action.
            String finalTitle = "final 0 after " + (CHANGES / TASKS - 1);
            waitFor(() -> item(projectItem.getItems(), "Task " + finalTitle) != null ? "ok" : null,
                    "the explorer showing '" + finalTitle + "'");
            waitFor(() -> {
                for (TableItem row : properties.getItems()) {
                    if ("title".equals(row.getText(0)) && finalTitle.equals(row.getText(1))) {
                        return "ok";
                    }
                }
                return null;
            }, "the properties showing '" + finalTitle + "'");
            double seconds = (System.nanoTime() - start) / 1e9;
            Session workbench = Injected.sessions().session(repo);
            // Task 0's last commit is not the burst's last: wait for the events of the later ones too.
            waitFor(() -> {
                for (int i = 0; i < TASKS; i++) {
                    if (!("final " + i + " after " + (CHANGES / TASKS - 1)).equals(((Task) workbench.get(ids.get(i))).getTitle())) {
                        return null;
                    }
                }
                return "ok";
            }, "the workbench session holding every task's final title");

            // Coalescing: each view refreshed at most ~30 times a second, however many events came.
            Map<String, Long> after = Injected.viewUpdates().refreshes();
            StringBuilder rates = new StringBuilder();
            for (Map.Entry<String, Long> e : after.entrySet()) {
                long n = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                rates.append(String.format("%s %d (%.1f/s); ", e.getKey(), n, n / seconds));
                assertTrue(n <= seconds * 1000 / 33 + 2, e.getKey() + " refreshed " + n + " times in " + seconds + " s");
            }
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            assertTrue(sorted.size() > 10, "the UI thread answered the probe only " + sorted.size() + " times");
            String figures = String.format("| %,d commits (one change each) | %.1f s | %,.0f commits/s | %s | UI latency median %.1f ms,"
                    + " p99 %.1f ms, max %.1f ms (%d probes) |", CHANGES, burstNanos[0] / 1e9, CHANGES / (burstNanos[0] / 1e9),
                    rates, sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 99 / 100) / 1e6,
                    sorted.get(sorted.size() - 1) / 1e6, sorted.size());
            System.out.println(figures);
            // Let the bus drain before the next test: events of the burst may still be queued.
            Widgets.waitForQuiet(() -> Injected.viewUpdates().refreshes(), 1_000, 30_000);
            Path out = Path.of("target", "benchmarks");
            Files.createDirectories(out);
            Files.writeString(out.resolve("ui-burst.md"), "# Workbench under a burst of commits\n\n" + ZonedDateTime.now()
                    + "\n\n| burst | time | event rate | view refreshes | UI thread |\n|---|---|---|---|---|\n" + figures + "\n");
        } finally {
            reg.unregister();
        }
    }
}
