package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CCombo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.Session;
import dev.strata.example.tasks.Coordinator;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.ui.StrataViews;

/** A reference is chosen in Properties from the objects of the right class, as a list. */
class ReferenceEditingTest {

    @Test
    void aReferenceIsChosenFromTheObjectsOfItsClass() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("reftest")) {
            ObjectId coordinatorId;
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Refs");
                Task alpha = TasksFactory.eINSTANCE.createTask();
                alpha.setTitle("Alpha");
                Task beta = TasksFactory.eINSTANCE.createTask();
                beta.setTitle("Beta");
                p.getTasks().addAll(List.of(alpha, beta));
                Coordinator c = TasksFactory.eINSTANCE.createCoordinator();
                c.setName("Lead");
                c.setTask(alpha);
                p.getCoordinators().add(c);
                s.add(p);
                s.commit();
                coordinatorId = s.idOf(c);
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.PROPERTIES);
            page.showView(StrataViews.EXPLORER);
            Composite shell = page.getWorkbenchWindow().getShell();
            Widgets.selectInExplorer(shell, "reftest", "Project Refs", "Coordinator Lead");
            page.showView(StrataViews.PROPERTIES);
            Table properties = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 3
                    && "Feature".equals(t.getColumn(0).getText()) && t.getItemCount() > 0), "the coordinator's properties");
            Widgets.clickValueCell(properties, "task");
            CCombo combo = waitFor(() -> find(properties, CCombo.class, CCombo::isVisible), "the list of tasks");
            List<String> items = List.of(combo.getItems());
            assertEquals("", items.get(0), "the first choice unsets");
            assertEquals(3, items.size(), "both tasks, nothing else: " + items);
            String beta = items.stream().filter(i -> i.contains("Beta")).findFirst().orElseThrow();
            assertTrue(items.stream().anyMatch(i -> i.contains("Alpha")));
            combo.setText(beta);
            combo.notifyListeners(SWT.DefaultSelection, new org.eclipse.swt.widgets.Event());
            Display.getCurrent().readAndDispatch();

            Session session = Injected.sessions().session(f.repository());
            Coordinator c = (Coordinator) session.get(coordinatorId);
            assertEquals("Beta", c.getTask().getTitle());
            assertSame(c.eContainer(), c.getTask().eContainer(), "the session's own task object");
            // Pending Changes names both tasks by label, as Properties does, not by id.
            page.showView(StrataViews.PENDING);
            Table pending = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() > 2
                    && "State".equals(t.getColumn(0).getText())), "Pending Changes");
            String change = waitFor(() -> java.util.Arrays.stream(pending.getItems()).map(r -> r.getText(2))
                    .filter(t -> t.startsWith("task:")).findFirst().orElse(null), "the coordinator's change");
            assertTrue(change.contains("Alpha") && change.contains("Beta") && !change.matches(".*[0-9a-f]{8}-[0-9a-f]{4}-.*"),
                    "labels, not ids: " + change);
            session.rollback();
        }
    }
}
