package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/**
 * Edit > Select All (Ctrl+A) while a Strata view is active: selects every row the focused tree or
 * table shows (in a tree, the items of expanded branches, not what is folded away), or all the
 * text of a field being edited. The viewer hears of it as of a user's selection, so the selection
 * service, the Properties view and the context menu follow.
 */
public final class SelectAllHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Control focus = target(event);
        if (focus instanceof Tree tree && (tree.getStyle() & SWT.MULTI) != 0) {
            List<TreeItem> shown = new ArrayList<>();
            visible(tree.getItems(), shown);
            tree.setSelection(shown.toArray(TreeItem[]::new));
            selected(tree, shown.isEmpty() ? null : shown.get(0));
        } else if (focus instanceof Table table && (table.getStyle() & SWT.MULTI) != 0) {
            table.selectAll();
            selected(table, table.getItemCount() == 0 ? null : table.getItem(0));
        } else if (focus instanceof Text text) {
            text.selectAll();
        }
        return null;
    }

    /**
     * The control with the focus, or, when the focus is not inside the active view (the window has
     * no keyboard focus, or the view was activated from its tab), the view's first tree or table.
     */
    private static Control target(ExecutionEvent event) {
        Control focus = Display.getCurrent().getFocusControl();
        Object part = org.eclipse.ui.handlers.HandlerUtil.getVariable(event, "e4ActivePart");
        if (!(part instanceof org.eclipse.e4.ui.model.application.ui.basic.MPart p)
                || !(p.getWidget() instanceof org.eclipse.swt.widgets.Composite view)) {
            return focus;
        }
        for (Control c = focus; c != null; c = c.getParent()) {
            if (c == view) {
                return focus;
            }
        }
        return first(view);
    }

    private static Control first(org.eclipse.swt.widgets.Composite parent) {
        for (Control c : parent.getChildren()) {
            if (c instanceof Tree || c instanceof Table) {
                return c;
            }
            if (c instanceof org.eclipse.swt.widgets.Composite inner) {
                Control found = first(inner);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The items shown: these, and the children of those expanded. */
    private static void visible(TreeItem[] items, List<TreeItem> into) {
        for (TreeItem item : items) {
            into.add(item);
            if (item.getExpanded()) {
                visible(item.getItems(), into);
            }
        }
    }

    /** Tells the control's listeners (its viewer) that the selection changed, as a click does. */
    private static void selected(Control control, org.eclipse.swt.widgets.Item first) {
        Event e = new Event();
        e.item = first;
        control.notifyListeners(SWT.Selection, e);
    }
}
