package dev.strata.rcp.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/**
 * The product self-check's look at the Model Explorer: with the first-use defaults on, the window
 * must show the {@code tasks} repository on the {@code default} store, as a row the user sees.
 */
final class ExplorerCheck {

    /** The row the defaults give the explorer (ExplorerLabels: name, then the store in brackets). */
    static final String EXPECTED = SampleData.REPOSITORY + "  [default]";

    private ExplorerCheck() {
    }

    /** The top-level rows of every tree in the window, as shown. */
    static List<String> rows(Composite window) {
        List<String> rows = new ArrayList<>();
        collect(window, rows);
        return rows;
    }

    private static void collect(Control control, List<String> rows) {
        if (control instanceof Tree tree) {
            for (TreeItem item : tree.getItems()) {
                rows.add(item.getText());
            }
        } else if (control instanceof Composite c) {
            for (Control child : c.getChildren()) {
                collect(child, rows);
            }
        }
    }
}
