package dev.strata.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/** Finding widgets and waiting for them while the UI event loop runs, as the workbench tests need. */
final class Widgets {

    static final long TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);

    private Widgets() {
    }

    /** Runs the event loop until the supplier answers, at most {@link #TIMEOUT_MS}. */
    static <T> T waitFor(Supplier<T> what, String description) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            T value = what.get();
            if (value != null) {
                return value;
            }
            if (!display.readAndDispatch()) {
                display.timerExec(20, () -> { });
                display.sleep();
            }
        }
        return fail("did not see " + description + " within " + TIMEOUT_MS + " ms");
    }

    /** The first control of the type below root that passes the test, or null. */
    static <T extends Control> T find(Control control, Class<T> type, Predicate<T> test) {
        if (type.isInstance(control) && !control.isDisposed() && test.test(type.cast(control))) {
            return type.cast(control);
        }
        if (control instanceof Composite c) {
            for (Control child : c.getChildren()) {
                T found = find(child, type, test);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static TreeItem item(TreeItem[] items, String prefix) {
        for (TreeItem i : items) {
            if (i.getText().startsWith(prefix)) {
                return i;
            }
        }
        return null;
    }

    /** Expands a tree item the way a click on its arrow does (JFace fills children on this event). */
    static void expand(Tree tree, TreeItem item) {
        Event e = new Event();
        e.item = item;
        tree.notifyListeners(SWT.Expand, e);
        item.setExpanded(true);
    }
}
