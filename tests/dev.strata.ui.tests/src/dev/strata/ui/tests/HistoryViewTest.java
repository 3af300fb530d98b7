package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.row;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.ui.StrataViews;

/** The History view shows each commit's local time and author beside its message. */
class HistoryViewTest {

    @Test
    void eachCommitShowsItsTimeAndAuthor() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("historytest")) {
            LocalDateTime before = LocalDateTime.now().withNano(0);
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Timed");
                s.add(p);
                s.commit("by the OS user");
                s.setAuthor("ada");
                p.setName("Timed again");
                s.commit("by ada");
            }
            LocalDateTime after = LocalDateTime.now();
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            try {
                page.showView(StrataViews.HISTORY);
                check(page, before, after);
            } finally {
                // Later tests open History themselves and expect the window as it was.
                page.hideView(page.findView(StrataViews.HISTORY));
            }
        }
    }

    /** Both commits in History, each with its author and a local time within the commits. */
    private static void check(IWorkbenchPage page, LocalDateTime before, LocalDateTime after) {
        Composite shell = page.getWorkbenchWindow().getShell();
        Table history = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 6
                && "Time".equals(t.getColumn(2).getText()) && "Author".equals(t.getColumn(3).getText())
                && row(t, 4, "by ada") != null && row(t, 4, "by the OS user") != null), "both commits in History");
        TableItem byAda = row(history, 4, "by ada");
        TableItem byUser = row(history, 4, "by the OS user");
        assertEquals("ada", byAda.getText(3));
        assertEquals(System.getProperty("user.name"), byUser.getText(3));
        for (TableItem item : new TableItem[] { byAda, byUser }) {
            LocalDateTime at = LocalDateTime.parse(item.getText(2), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
            assertFalse(at.isBefore(before) || at.isAfter(after), item.getText(4) + " at " + at + ", made between "
                    + before + " and " + after);
        }
    }

    /** A long log is read a page at a time: the newest 200 commits, then 200 more on Show Older. */
    @Test
    void aLongLogIsShownAPageAtATime() throws Exception {
        int commits = 260;
        try (Fixtures f = Fixtures.memoryRepository("historypages")) {
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Paged 0");
                s.add(p);
                s.commit("page commit 0");
                for (int i = 1; i < commits; i++) {
                    p.setName("Paged " + i);
                    s.commit("page commit " + i);
                }
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            try {
                page.showView(StrataViews.HISTORY);
                Composite shell = page.getWorkbenchWindow().getShell();
                Table history = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 6
                        && row(t, 4, "page commit " + (commits - 1)) != null), "the newest commit in History");
                assertEquals(200, rowsOf(history, "historypages"), "one page of the store's newest commits");
                assertEquals(null, row(history, 4, "page commit 0"), "the oldest is not read yet");
                org.eclipse.swt.widgets.Button older = find(shell, org.eclipse.swt.widgets.Button.class,
                        b -> "Show Older".equals(b.getText()) && b.isVisible());
                assertTrue(older.isEnabled(), "older commits can be shown");
                Widgets.click(older.getParent(), "Show Older");
                waitFor(() -> rowsOf(history, "historypages") == commits ? "ok" : null, "all " + commits + " commits after Show Older");
                assertTrue(row(history, 4, "page commit 0") != null, "the oldest commit now shown");
                assertFalse(older.isEnabled(), "nothing older is kept");
            } finally {
                page.hideView(page.findView(StrataViews.HISTORY));
            }
        }
    }

    /** Revert This Commit in History's context menu: Pending Changes shows the undo, Commit writes it. */
    @Test
    void aCommitRevertedFromHistoryIsPendingUntilCommitted() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("historyrevert")) {
            dev.strata.core.ObjectId taskId = f.projectWithTask("Reverting", "Before");
            try (Session s = f.repository().openSession()) {
                ((dev.strata.example.tasks.Task) s.get(taskId)).setTitle("After");
                s.commit("the retitle to undo");
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            try {
                Composite shell = page.getWorkbenchWindow().getShell();
                Table history = historyWith(page, "the retitle to undo");
                Widgets.select(history, row(history, 4, "the retitle to undo"));
                org.eclipse.swt.widgets.MenuItem revert = revertItem(history);
                assertEquals("Revert This Commit", revert.getText());
                Widgets.select(revert);
                waitFor(() -> find(shell, org.eclipse.swt.widgets.Label.class,
                        l -> l.getText().contains("is undone in Pending Changes")), "History says what it did");

                commitTheUndo(page, shell, "title: After → Before");
                assertEquals("Before", f.store().load(taskId).orElseThrow().value("title"));
            } finally {
                page.hideView(page.findView(StrataViews.HISTORY));
            }
        }
    }

    /** Two consecutive commits selected together: Revert Commits n–m undoes both as one pending change. */
    @Test
    void consecutiveCommitsAreRevertedTogether() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("historyrange")) {
            dev.strata.core.ObjectId taskId = f.projectWithTask("Ranging", "Before");
            long first;
            try (Session s = f.repository().openSession()) {
                ((dev.strata.example.tasks.Task) s.get(taskId)).setTitle("Middle");
                first = s.commit("the first retitle").sequence();
                ((dev.strata.example.tasks.Task) s.get(taskId)).setTitle("After");
                s.commit("the second retitle");
                ((dev.strata.example.tasks.Task) s.get(taskId)).setPriority(3);
                s.commit("a priority, not consecutive with the first");
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            try {
                Composite shell = page.getWorkbenchWindow().getShell();
                Table history = historyWith(page, "a priority, not consecutive with the first");
                history.setSelection(new TableItem[] { row(history, 4, "the first retitle"),
                        row(history, 4, "a priority, not consecutive with the first") });
                org.eclipse.swt.widgets.MenuItem gap = revertItem(history);
                assertEquals(false, gap.getEnabled(), "commits with one between them are not a range: " + gap.getText());

                history.setSelection(new TableItem[] { row(history, 4, "the first retitle"),
                        row(history, 4, "the second retitle") });
                org.eclipse.swt.widgets.MenuItem revert = revertItem(history);
                assertEquals("Revert Commits " + first + "\u2013" + (first + 1), revert.getText());
                assertEquals(true, revert.getEnabled());
                Widgets.select(revert);
                waitFor(() -> find(shell, org.eclipse.swt.widgets.Label.class,
                        l -> l.getText().contains("Commits " + first + " to " + (first + 1) + " of ")
                                && l.getText().contains("are undone in Pending Changes")), "History says what it did");

                commitTheUndo(page, shell, "title: After → Before"); // both retitles as one change
                assertEquals("Before", f.store().load(taskId).orElseThrow().value("title"));
                assertEquals(3, f.store().load(taskId).orElseThrow().value("priority"), "the later commit is kept");
            } finally {
                page.hideView(page.findView(StrataViews.HISTORY));
            }
        }
    }

    /**
     * A revert reads the store, so it runs in a job: with the store's reads held back, Revert returns
     * at once, the window answers, History says the revert runs and Revert is disabled until it has
     * finished; then History and Pending Changes show what a quick store gives.
     */
    @Test
    void aRevertOnASlowStoreRunsInTheBackground() throws Exception {
        try (Fixtures f = Fixtures.gatedRepository("historyslow")) {
            GatedStore gated = (GatedStore) f.store();
            dev.strata.core.ObjectId taskId = f.projectWithTask("Reverting", "Before");
            long retitle;
            try (Session s = f.repository().openSession()) {
                ((dev.strata.example.tasks.Task) s.get(taskId)).setTitle("After");
                retitle = s.commit("the slow retitle to undo").sequence();
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            try {
                Composite shell = page.getWorkbenchWindow().getShell();
                Table history = historyWith(page, "the slow retitle to undo");
                Widgets.select(history, row(history, 4, "the slow retitle to undo"));

                gated.hold();
                Widgets.select(revertItem(history));
                waitFor(() -> find(shell, org.eclipse.swt.widgets.Label.class, l -> l.getText()
                        .startsWith("Reverting commit " + retitle + " of store 'historyslow'…")), "History saying it reverts");
                waitFor(() -> gated.waiting() > 0 ? "ok" : null, "the revert's store read waiting at the gate");
                java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
                shell.getDisplay().asyncExec(() -> answered.set(true));
                waitFor(() -> answered.get() ? "ok" : null, "the UI thread running other work while the store is read");
                assertTrue(gated.waiting() > 0, "the store is still being read");
                assertFalse(revertItem(history).getEnabled(), "Revert waits until the running one has finished");

                gated.release();
                waitFor(() -> find(shell, org.eclipse.swt.widgets.Label.class, l -> l.getText()
                        .startsWith("Commit " + retitle + " of historyslow is undone in Pending Changes")),
                        "History says what it did");
                assertTrue(revertItem(history).getEnabled(), "Revert can be chosen again");
                commitTheUndo(page, shell, "title: After → Before");
                assertEquals("Before", f.store().load(taskId).orElseThrow().value("title"));
            } finally {
                gated.release();
                page.hideView(page.findView(StrataViews.HISTORY));
            }
        }
    }

    /** Opens Pending Changes and History; returns History's table once it lists the commit with this message. */
    private static Table historyWith(IWorkbenchPage page, String message) throws Exception {
        page.showView(StrataViews.PENDING);
        page.showView(StrataViews.HISTORY);
        Composite shell = page.getWorkbenchWindow().getShell();
        return waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 6 && row(t, 4, message) != null),
                "the commit '" + message + "' in History");
    }

    /** History's Revert menu item, as it is when the context menu opens on the selected rows. */
    private static org.eclipse.swt.widgets.MenuItem revertItem(Table history) {
        org.eclipse.swt.widgets.Menu menu = history.getMenu();
        menu.notifyListeners(org.eclipse.swt.SWT.Show, new org.eclipse.swt.widgets.Event());
        return java.util.Arrays.stream(menu.getItems()).filter(i -> i.getText().startsWith("Revert")).findFirst()
                .orElseThrow();
    }

    /** Pending Changes shows the undo as a DIRTY row with this change; Commit writes it. */
    private static void commitTheUndo(IWorkbenchPage page, Composite shell, String change) throws Exception {
        page.showView(StrataViews.PENDING);
        Table pending = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 4
                && "Problem".equals(t.getColumn(3).getText()) && t.getItemCount() > 0), "the pending list");
        TableItem undo = waitFor(() -> java.util.Arrays.stream(pending.getItems())
                .filter(i -> i.getText(2).contains(change)).findFirst().orElse(null), "the undo as a pending change");
        assertEquals("DIRTY", undo.getText(0));
        Widgets.click(shell, "Commit");
        waitFor(() -> pending.getItemCount() == 0 ? "ok" : null, "nothing pending after the commit");
    }

    private static long rowsOf(Table history, String store) {
        return java.util.Arrays.stream(history.getItems()).filter(r -> store.equals(r.getText(0))).count();
    }
}
