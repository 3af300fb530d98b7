package dev.strata.ui.internal;

import java.util.List;

import org.eclipse.emf.common.command.Command;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.util.LocalSelectionTransfer;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.ViewerDropAdapter;
import org.eclipse.swt.dnd.TransferData;

import dev.strata.core.Labels;

/**
 * Drops objects dragged in the Model Explorer onto another object (into it, or before or after
 * it) with EMF.Edit's drag and drop command, on the undoable stack. Drags carry the tree's
 * selection through {@link LocalSelectionTransfer}, so only drags within the workbench are taken.
 */
public final class ExplorerDrop extends ViewerDropAdapter {

    private final ExplorerEdits edits;

    ExplorerDrop(TreeViewer viewer, ExplorerEdits edits) {
        super(viewer);
        this.edits = edits;
    }

    @Override
    public boolean validateDrop(Object target, int operation, TransferData type) {
        if (!LocalSelectionTransfer.getTransfer().isSupportedType(type)) {
            return false;
        }
        Command c = command(target, getCurrentLocation(), operation, LocalSelectionTransfer.getTransfer().getSelection());
        return c != null && c.canExecute();
    }

    @Override
    public boolean performDrop(Object data) {
        return drop(getCurrentTarget(), getCurrentLocation(), getCurrentOperation(), data);
    }

    /**
     * Drops the dragged selection on a target row, as the drop of a drag does.
     *
     * @param location   {@link ViewerDropAdapter#LOCATION_ON}, {@code _BEFORE} or {@code _AFTER}
     * @param operation  {@code DND.DROP_MOVE}, {@code DROP_COPY} or {@code DROP_LINK}
     * @param dragged    the dragged selection (an {@link IStructuredSelection})
     * @return whether the objects were dropped
     */
    public boolean drop(Object target, int location, int operation, Object dragged) {
        Command c = command(target, location, operation, dragged);
        if (c == null || !c.canExecute()) {
            return false;
        }
        try {
            edits.execute(c, "Drop");
            return true;
        } catch (RuntimeException e) {
            MessageDialog.openError(getViewer().getControl().getShell(), "Model Explorer",
                    "Drop on " + (target instanceof org.eclipse.emf.ecore.EObject o ? Labels.of(o) : target) + " failed: "
                            + e.getMessage());
            return false;
        }
    }

    private Command command(Object target, int location, int operation, Object dragged) {
        if (!(dragged instanceof IStructuredSelection s) || s.isEmpty()) {
            return null;
        }
        // EMF.Edit reads a position in the row: the upper and lower fifth drop beside the target.
        float where = switch (location) {
            case LOCATION_BEFORE -> 0.1f;
            case LOCATION_AFTER -> 0.9f;
            default -> 0.5f;
        };
        List<?> objects = s.toList();
        return edits.drop(target, where, ALL_OPERATIONS, operation, objects);
    }

    /** The operations a drag in the explorer offers; the same numbers in SWT and EMF.Edit. */
    static final int ALL_OPERATIONS = org.eclipse.swt.dnd.DND.DROP_MOVE | org.eclipse.swt.dnd.DND.DROP_COPY
            | org.eclipse.swt.dnd.DND.DROP_LINK;
}
