package dev.strata.ui.internal;

import java.util.List;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.ui.IWorkbenchCommandConstants;

import dev.strata.core.Labels;
import dev.strata.core.Repository;

/**
 * The Model Explorer's context menu, filled each time it opens from what the selection allows: New
 * Child, New Sibling, Cut, Copy, Paste and Delete on objects, New Root on a repository. Items whose
 * command cannot execute are shown disabled: all editing items on the objects of a past state, whose
 * menu says it is read-only and offers Close Past State.
 */
final class ExplorerMenu {

    private final TreeViewer viewer;
    private final ExplorerEdits edits;
    private final PastStates pasts;

    private ExplorerMenu(TreeViewer viewer, ExplorerEdits edits, PastStates pasts) {
        this.viewer = viewer;
        this.edits = edits;
        this.pasts = pasts;
    }

    static void attach(TreeViewer viewer, ExplorerEdits edits, PastStates pasts) {
        ExplorerMenu menu = new ExplorerMenu(viewer, edits, pasts);
        MenuManager manager = new MenuManager("#explorer");
        manager.setRemoveAllWhenShown(true);
        manager.addMenuListener(menu::fill);
        viewer.getControl().setMenu(manager.createContextMenu(viewer.getControl()));
        viewer.getControl().addDisposeListener(e -> manager.dispose());
    }

    private void fill(IMenuManager menu) {
        List<?> selected = edits.selection();
        Object first = selected.isEmpty() ? null : selected.get(0);
        if (first instanceof Repository r && selected.size() == 1) {
            menu.add(submenu("New &Root", edits.newRoots(r)));
            menu.add(new Separator());
            menu.add(search());
            return;
        }
        PastStates.Past past = first instanceof PastStates.Past p ? p : pasts.of(first);
        if (first instanceof PastStates.Past p && selected.size() == 1) {
            menu.add(close(p));
            return;
        }
        if (first instanceof ExplorerContent.Range r && selected.size() == 1 && pasts.of(r.owner()) == null) {
            // A range of a long list: new children go to the end of its list.
            menu.add(submenu("New &Child", edits.newChildrenIn(r.owner(), r.feature())));
            return;
        }
        if (!(first instanceof EObject)) {
            return;
        }
        if (past != null) {
            Action readOnly = new Action(past.name() + " is read-only") {
            };
            readOnly.setEnabled(false);
            menu.add(readOnly);
            menu.add(new Separator());
        }
        boolean one = selected.size() == 1;
        menu.add(submenu("New &Child", one ? edits.newChildren(first) : List.of()));
        menu.add(submenu("New &Sibling", one ? edits.newSiblings(first) : List.of()));
        menu.add(new Separator());
        menu.add(action("Cu&t", IWorkbenchCommandConstants.EDIT_CUT, edits.cut(selected)));
        menu.add(action("&Copy", IWorkbenchCommandConstants.EDIT_COPY, edits.copy(selected)));
        menu.add(action("&Paste", IWorkbenchCommandConstants.EDIT_PASTE, edits.paste(selected)));
        menu.add(new Separator());
        menu.add(action("&Delete", IWorkbenchCommandConstants.EDIT_DELETE, edits.delete(selected)));
        menu.add(new Separator());
        menu.add(lock("&Lock", dev.strata.core.LockMode.WRITE, selected));
        menu.add(lock("&Unlock", null, selected));
        menu.add(new Separator());
        if (past != null) {
            menu.add(close(past));
        } else {
            menu.add(search());
        }
    }

    /** Close Past State: removes the past state from the explorer and closes its session. */
    private Action close(PastStates.Past past) {
        return new Action("Close &Past State") {
            @Override
            public void run() {
                pasts.close(past);
            }
        };
    }

    /** Lock (WRITE) or, with no mode, Unlock the selected objects until the sessions commit or roll back. */
    private Action lock(String text, dev.strata.core.LockMode mode, List<?> selected) {
        Action a = new Action(text) {
            @Override
            public void run() {
                String what = text.replace("&", "");
                try {
                    edits.lock(selected, mode);
                } catch (RuntimeException e) {
                    MessageDialog.openError(viewer.getControl().getShell(), "Model Explorer", what + " failed: "
                            + e.getMessage());
                }
            }
        };
        a.setEnabled(edits.readOnly(selected) == null);
        return a;
    }

    /** Search… on the selection's repository and class: the Search command, as Ctrl+H runs it. */
    private Action search() {
        Action a = new Action("Searc&h…") {
            @Override
            public void run() {
                SearchHandler.run(viewer.getControl().getShell());
            }
        };
        a.setActionDefinitionId(SearchHandler.COMMAND);
        return a;
    }

    private MenuManager submenu(String text, List<Command> commands) {
        MenuManager sub = new MenuManager(text);
        for (Command c : commands) {
            Action a = action(ExplorerEdits.text(c), null, c);
            a.setImageDescriptor(ExplorerLabels.descriptor(ExplorerEdits.image(c)));
            sub.add(a);
        }
        if (commands.isEmpty()) {
            // An empty submenu would not show at all; say that nothing can be made here.
            Action none = new Action("(nothing can be created here)") {
            };
            none.setEnabled(false);
            sub.add(none);
        }
        return sub;
    }

    /** An item running the command, disabled when there is none or it cannot execute. */
    private Action action(String text, String commandId, Command command) {
        Action a = new Action(text) {
            @Override
            public void run() {
                ExplorerMenu.this.run(text, command);
            }
        };
        if (commandId != null) {
            a.setActionDefinitionId(commandId); // shows the key binding beside the item
        }
        a.setEnabled(command != null && command.canExecute());
        return a;
    }

    private void run(String text, Command command) {
        String what = text.replace("&", "");
        try {
            edits.execute(command, what);
        } catch (RuntimeException e) {
            List<?> on = edits.selection();
            String where = on.isEmpty() ? "nothing selected"
                    : on.get(0) instanceof EObject o ? Labels.of(o) : String.valueOf(on.get(0));
            MessageDialog.openError(viewer.getControl().getShell(), "Model Explorer",
                    what + " on " + where + " failed: " + e.getMessage());
        }
    }
}
