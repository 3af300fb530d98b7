package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.core.commands.Command;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IWorkbenchCommandConstants;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Session;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.ui.StrataViews;
import dev.strata.ui.internal.WorkbenchSessions;

/**
 * The workbench's own commands — what Ctrl+Z, Ctrl+Y, Ctrl+S and the Edit and File menus run — act
 * on the Strata sessions while a Strata view is active: Undo and Redo walk the edits, Save commits
 * and Revert rolls back, each enabled only when it can do something.
 */
class WorkbenchCommandsTest {

    @Test
    void undoRedoSaveAndRevertAreTheWorkbenchsCommands() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("cmdtest")) {
            ObjectId taskId = f.projectWithTask("Commands", "Before");
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.PENDING);
            page.showView(StrataViews.EXPLORER);
            Composite shell = page.getWorkbenchWindow().getShell();
            WorkbenchSessions sessions = Injected.sessions();
            Session session = sessions.session(f.repository());
            Task task = (Task) session.get(taskId);
            Widgets.selectInExplorer(shell, "cmdtest", "Project Commands", "Task Before");

            ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
            IHandlerService handlers = page.getWorkbenchWindow().getService(IHandlerService.class);
            Command undo = commands.getCommand(IWorkbenchCommandConstants.EDIT_UNDO);
            Command save = commands.getCommand(IWorkbenchCommandConstants.FILE_SAVE);
            sessions.forgetEdits();
            assertFalse(enabled(handlers, undo), "nothing to undo yet");

            sessions.set(task, TasksPackage.Literals.TASK__TITLE, "After");
            assertEquals(ObjectState.DIRTY, session.state(task));
            assertTrue(enabled(handlers, undo), "Undo is offered after an edit");
            assertEquals("Set title", sessions.undoLabel(), "what Edit > Undo names");
            assertTrue(enabled(handlers, save), "Save is offered with pending changes");

            handlers.executeCommand(IWorkbenchCommandConstants.EDIT_UNDO, null);
            assertEquals("Before", task.getTitle());
            assertEquals(ObjectState.CLEAN, session.state(task));
            handlers.executeCommand(IWorkbenchCommandConstants.EDIT_REDO, null);
            assertEquals("After", task.getTitle());

            // Save commits through Pending Changes, which it brings up and which then lists nothing.
            page.showView(StrataViews.EXPLORER);
            handlers.executeCommand(IWorkbenchCommandConstants.FILE_SAVE, null);
            assertEquals("After", f.store().load(taskId).orElseThrow().value("title"));
            assertEquals(ObjectState.CLEAN, session.state(task));
            Table pending = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() >= 3
                    && "State".equals(t.getColumn(0).getText())), "the Pending Changes table");
            waitFor(() -> pending.getItemCount() == 0 ? "ok" : null, "no pending rows after Save");
            assertFalse(enabled(handlers, save), "nothing left to save");

            // Revert rolls back: the object shows its stored value again.
            sessions.set(task, TasksPackage.Literals.TASK__TITLE, "Discarded");
            waitFor(() -> pending.getItemCount() == 1 ? "ok" : null, "the new edit pending");
            page.showView(StrataViews.EXPLORER);
            handlers.executeCommand(IWorkbenchCommandConstants.FILE_REVERT, null);
            assertEquals("After", task.getTitle());
            assertEquals(ObjectState.CLEAN, session.state(task));
            waitFor(() -> pending.getItemCount() == 0 ? "ok" : null, "no pending rows after Revert");
        }
    }

    /** Enabled as the menu item and key binding see it: the active handler asked in the current context. */
    private static boolean enabled(IHandlerService handlers, Command command) {
        command.setEnabled(handlers.getCurrentState());
        return command.isEnabled();
    }
}
