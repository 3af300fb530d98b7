package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.row;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
