package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.commands.Command;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchCommandConstants;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.ui.StrataViews;

/**
 * The workbench's own Properties view shows the object selected in the Model Explorer, from its
 * EMF.Edit property descriptors, values by label; edits there change the model and the Strata views.
 */
class PropertySheetTest {

    private static final String PROPERTY_SHEET = "org.eclipse.ui.views.PropertySheet";

    @Test
    void theExplorersSelectionIsShownAndEditedInTheWorkbenchsPropertiesView() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("sheettest")) {
            ObjectId alphaId;
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Sheet");
                Task alpha = TasksFactory.eINSTANCE.createTask();
                alpha.setTitle("Alpha");
                Task beta = TasksFactory.eINSTANCE.createTask();
                beta.setTitle("Beta");
                Task gamma = TasksFactory.eINSTANCE.createTask();
                gamma.setTitle("Gamma");
                p.getTasks().addAll(List.of(alpha, beta, gamma));
                alpha.getDependsOn().add(beta);
                s.add(p);
                s.commit();
                alphaId = s.idOf(alpha);
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.PROPERTIES);
            page.showView(PROPERTY_SHEET);
            page.showView(StrataViews.EXPLORER);
            Composite shell = page.getWorkbenchWindow().getShell();
            Session session = Injected.sessions().session(f.repository());
            Task alpha = (Task) session.get(alphaId);
            Widgets.selectInExplorer(shell, "sheettest", "Project Sheet", "Task Alpha");
            // Brought to the front (it may share the explorer's stack): it shows the explorer's last selection.
            page.showView(PROPERTY_SHEET);

            Tree sheet = waitFor(() -> find(shell, Tree.class, t -> t.getColumnCount() == 2
                    && "Property".equals(t.getColumn(0).getText()) && Widgets.item(t.getItems(), "Title") != null),
                    "the task's rows in the Properties view");
            // The rows are the item provider's property descriptors, named as its edit code names them.
            assertEquals("Alpha", value(sheet, "Title"));
            assertEquals("OPEN", value(sheet, "Status"));
            assertEquals("[Task 'Beta']", value(sheet, "Depends On"), "references show by label");
            assertEquals("[]", value(sheet, "Tags"));

            // A text edit: the title, parsed and applied as a command.
            select(sheet, "Title");
            Text editor = waitFor(() -> find(sheet, Text.class, Text::isVisible), "the title's cell editor");
            editor.setText("Renamed");
            editor.notifyListeners(SWT.DefaultSelection, new Event());
            waitFor(() -> "Renamed".equals(alpha.getTitle()) ? "ok" : null, "the new title in the model");
            assertEquals(ObjectState.DIRTY, session.state(alpha));
            assertEquals("Set title", Injected.sessions().undoLabel(), "an undoable command");
            waitFor(() -> "Renamed".equals(value(sheet, "Title")) ? "ok" : null, "the new title in the sheet");
            Tree explorer = waitFor(() -> find(shell, Tree.class, t -> Widgets.item(t.getItems(), "sheettest") != null),
                    "the explorer");
            waitFor(() -> {
                TreeItem repository = Widgets.item(explorer.getItems(), "sheettest");
                TreeItem project = Widgets.item(repository.getItems(), "Project Sheet");
                return project == null ? null : Widgets.item(project.getItems(), "> Task Renamed");
            }, "the renamed task marked dirty in the explorer");

            // A many-valued reference: its cell's button opens the many-values dialog.
            select(sheet, "Depends On");
            Button more = waitFor(() -> find(sheet, Button.class, Button::isVisible), "the Depends On editor's button");
            AtomicReference<Throwable> dialog = Widgets.onShell("Edit dependsOn", s -> {
                Combo choice = find(s, Combo.class, c -> true);
                choice.select(choice.indexOf("Task 'Gamma'"));
                Widgets.click(s, "Add");
                Widgets.click(s, "OK");
            });
            more.notifyListeners(SWT.Selection, new Event());
            waitFor(() -> alpha.getDependsOn().size() == 2 ? "ok" : null, "Gamma added to dependsOn");
            Widgets.check(dialog);
            assertEquals(List.of("Beta", "Gamma"), alpha.getDependsOn().stream().map(Task::getTitle).toList());

            // Strata's Properties view shows both edits.
            page.showView(StrataViews.PROPERTIES);
            waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 3
                    && "Feature".equals(t.getColumn(0).getText()) && Widgets.row(t, 0, "title") != null
                    && "Renamed".equals(Widgets.row(t, 0, "title").getText(1))
                    && "[Task 'Beta', Task 'Gamma']".equals(Widgets.row(t, 0, "dependsOn").getText(1))),
                    "both edits in Strata Properties");
            session.rollback();
            Injected.sessions().forgetEdits();
        }
    }

    /**
     * With the Properties view active (the explorer's object in it), Edit > Undo and File > Save act
     * on the workbench sessions as in a Strata view: enabled after an edit made in the sheet, and
     * Undo puts the old value back in the sheet.
     */
    @Test
    void undoAndSaveActOnTheSessionsWhileThePropertiesViewIsActive() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("sheetundo")) {
            ObjectId taskId = f.projectWithTask("Undoable", "Before");
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(PROPERTY_SHEET);
            page.showView(StrataViews.EXPLORER);
            Composite shell = page.getWorkbenchWindow().getShell();
            Session session = Injected.sessions().session(f.repository());
            Task task = (Task) session.get(taskId);
            Injected.sessions().forgetEdits();
            Widgets.selectInExplorer(shell, "sheetundo", "Project Undoable", "Task Before");
            page.showView(PROPERTY_SHEET);
            assertEquals(PROPERTY_SHEET, page.getActivePart().getSite().getId(), "the Properties view is the active part");

            ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
            IHandlerService handlers = page.getWorkbenchWindow().getService(IHandlerService.class);
            Command undo = commands.getCommand(IWorkbenchCommandConstants.EDIT_UNDO);
            Command save = commands.getCommand(IWorkbenchCommandConstants.FILE_SAVE);
            Tree sheet = waitFor(() -> find(shell, Tree.class, t -> t.getColumnCount() == 2
                    && "Property".equals(t.getColumn(0).getText()) && "Before".equals(value(t, "Title"))),
                    "the task's title in the Properties view");
            assertFalse(enabled(handlers, undo), "nothing to undo yet");
            assertFalse(enabled(handlers, save), "nothing to save yet");

            select(sheet, "Title");
            Text editor = waitFor(() -> find(sheet, Text.class, Text::isVisible), "the title's cell editor");
            editor.setText("After");
            editor.notifyListeners(SWT.DefaultSelection, new Event());
            waitFor(() -> "After".equals(value(sheet, "Title")) ? "ok" : null, "the new title in the sheet");
            assertEquals(PROPERTY_SHEET, page.getActivePart().getSite().getId(), "still the active part");
            assertTrue(enabled(handlers, undo), "Edit > Undo is enabled in the Properties view after its edit");
            assertTrue(enabled(handlers, save), "File > Save is enabled with the edit pending");

            handlers.executeCommand(IWorkbenchCommandConstants.EDIT_UNDO, null);
            assertEquals("Before", task.getTitle());
            assertEquals(ObjectState.CLEAN, session.state(task));
            waitFor(() -> "Before".equals(value(sheet, "Title")) ? "ok" : null, "the old title back in the sheet");
            assertFalse(enabled(handlers, save), "nothing left to save after Undo");
            Injected.sessions().forgetEdits();
        }
    }

    /** Enabled as the menu item and key binding see it: the active handler asked in the current context. */
    private static boolean enabled(IHandlerService handlers, Command command) {
        command.setEnabled(handlers.getCurrentState());
        return command.isHandled() && command.isEnabled();
    }

    private static String value(Tree sheet, String property) {
        TreeItem row = Widgets.item(sheet.getItems(), property);
        return row == null ? null : row.getText(1);
    }

    /** Clicks a row's value, which selects it and opens its cell editor. */
    private static void select(Tree sheet, String property) {
        TreeItem row = waitFor(() -> Widgets.item(sheet.getItems(), property), "the row " + property);
        sheet.setSelection(row);
        sheet.showItem(row);
        Widgets.pressInCell(sheet, i -> sheet.getItem(i).getBounds(1), sheet.getItemCount(), sheet.indexOf(row));
    }
}
