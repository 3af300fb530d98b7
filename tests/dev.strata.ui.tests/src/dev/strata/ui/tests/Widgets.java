package dev.strata.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/** Finding widgets and waiting for them while the UI event loop runs, as the workbench tests need. */
final class Widgets {

    static final long TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);

    private Widgets() {
    }

    /** Runs the event loop until the supplier answers, at most {@link #TIMEOUT_MS}. */
    static <T> T waitFor(Supplier<T> what, String description) {
        return waitFor(what, description, TIMEOUT_MS);
    }

    /** Runs the event loop until the supplier answers, at most timeoutMs (a view's poll is 5 s). */
    static <T> T waitFor(Supplier<T> what, String description, long timeoutMs) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + timeoutMs;
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
        return fail("did not see " + description + " within " + timeoutMs + " ms");
    }

    /**
     * Runs the event loop until what the supplier answers has not changed for quietMs (at most
     * timeoutMs): queued view refreshes and reads have landed before a test counts what follows.
     */
    static void waitForQuiet(Supplier<?> state, long quietMs, long timeoutMs) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + timeoutMs;
        Object last = state.get();
        long lastChange = System.currentTimeMillis();
        while (System.currentTimeMillis() - lastChange < quietMs && System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                display.timerExec(20, () -> { });
                display.sleep();
            }
            Object now = state.get();
            if (!now.equals(last)) {
                last = now;
                lastChange = System.currentTimeMillis();
            }
        }
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

    /**
     * The first of the items whose label starts with the prefix, or null. Not in the Stores view's
     * tree: it names stores, which tests often name as their repositories.
     */
    static TreeItem item(TreeItem[] items, String prefix) {
        for (TreeItem i : items) {
            if (!isStoresTree(i.getParent()) && i.getText().startsWith(prefix)) {
                return i;
            }
        }
        return null;
    }

    /**
     * Prepares for a modal dialog the next action opens: once a shell with this title shows, the
     * action runs on it inside the dialog's event loop. If the shell does not show within
     * {@link #TIMEOUT_MS}, or the action fails, the failure is kept and the shell closed, so the
     * test never hangs on a dialog. Call {@link #check(AtomicReference)}
     * after the dialog was opened.
     */
    static AtomicReference<Throwable> onShell(String title,
            Consumer<Shell> action) {
        AtomicReference<Throwable> failure = new AtomicReference<>(
                new AssertionError("no shell '" + title + "' opened"));
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            for (Shell shell : display.getShells()) {
                if (title.equals(shell.getText()) && shell.isVisible()) {
                    try {
                        failure.set(null);
                        action.accept(shell);
                    } catch (Throwable e) {
                        failure.set(e);
                        if (!shell.isDisposed()) {
                            shell.close();
                        }
                    }
                    return;
                }
            }
            if (System.currentTimeMillis() < end) {
                display.timerExec(50, poll[0]);
            }
        };
        display.timerExec(50, poll[0]);
        return failure;
    }

    /** Fails with what went wrong in an {@link #onShell} action. */
    static void check(AtomicReference<Throwable> failure) {
        if (failure.get() != null) {
            throw new AssertionError("the dialog step failed: " + failure.get(), failure.get());
        }
    }

    /** Clicks a push button with this label below root. */
    static void click(Composite root, String label) {
        Button b = find(root, Button.class, x -> label.equals(x.getText()));
        if (b == null) {
            fail("no button '" + label + "'");
        }
        // As a user does: wait until it can be pressed (the view enables it as it catches up with an edit).
        waitFor(() -> b.isEnabled() ? b : null, "button '" + label + "' enabled (a user cannot press it disabled)");
        b.notifyListeners(SWT.Selection, new Event());
    }

    /** The push button with this label below root, or null. */
    static Button button(Composite root, String label) {
        return find(root, Button.class, x -> label.equals(x.getText()));
    }

    /** Selects a table row as a user's click does. */
    static void select(Table table, TableItem row) {
        table.setSelection(row);
        Event e = new Event();
        e.item = row;
        table.notifyListeners(SWT.Selection, e);
    }

    /** The Stores view's tree of stacks (columns Store, Type, Status, Capabilities, Last commit, Locks). */
    static Tree storesTree(Composite shell) {
        return waitFor(() -> find(shell, Tree.class, Widgets::isStoresTree), "the Stores tree");
    }

    private static boolean isStoresTree(Tree t) {
        return t.getColumnCount() == 6 && "Type".equals(t.getColumn(1).getText());
    }

    /** The first row at any depth whose column holds exactly this text, or null. */
    static TreeItem row(Tree tree, int column, String text) {
        return row(tree.getItems(), column, text);
    }

    private static TreeItem row(TreeItem[] items, int column, String text) {
        for (TreeItem i : items) {
            TreeItem found = text.equals(i.getText(column)) ? i : row(i.getItems(), column, text);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Selects a tree row as a user's click does. */
    static void select(Tree tree, TreeItem row) {
        tree.setSelection(row);
        Event e = new Event();
        e.item = row;
        tree.notifyListeners(SWT.Selection, e);
    }

    /** The first row whose column holds exactly this text, or null. */
    static TableItem row(Table table, int column, String text) {
        for (TableItem i : table.getItems()) {
            if (text.equals(i.getText(column))) {
                return i;
            }
        }
        return null;
    }

    /**
     * Finds a repository in the Model Explorer, opens the items on the path (label prefixes) one
     * after the other, and selects the last one as a click does; returns it.
     */
    static TreeItem selectInExplorer(Composite shell, String repository, String... path) {
        Tree tree = waitFor(() -> find(shell, Tree.class, t -> item(t.getItems(), repository) != null),
                "repository " + repository + " in the explorer");
        TreeItem current = item(tree.getItems(), repository);
        for (String label : path) {
            TreeItem parent = current;
            expand(tree, parent);
            current = waitFor(() -> item(parent.getItems(), label), "'" + label + "' in the explorer");
        }
        tree.setSelection(current);
        Event click = new Event();
        click.item = current;
        tree.notifyListeners(SWT.Selection, click);
        return current;
    }

    /** Clicks the value cell of a feature's row in a properties table, which opens its cell editor. */
    static void clickValueCell(Table table, String feature) {
        TableItem row = waitFor(() -> row(table, 0, feature), "the row of " + feature);
        table.showItem(row); // a view sized small by others shown beside it may hide the row below its edge
        // A click selects the row first; JFace opens a cell editor only on a row that is the one selected.
        select(table, row);
        pressInCell(table, i -> table.getItem(i).getBounds(1), table.getItemCount(), table.indexOf(row));
    }

    /**
     * Presses the mouse in the middle of a row's cell (of a table or tree: {@code cellOfRow} gives
     * the cell of a row index), as a click starts, once the rows have been laid out.
     */
    static void pressInCell(Control control, java.util.function.IntFunction<org.eclipse.swt.graphics.Rectangle> cellOfRow,
            int rows, int row) {
        // GTK places rows only once the control has been laid out; until then every row claims the first row's place.
        waitFor(() -> rows < 2 || cellOfRow.apply(rows - 1).y > cellOfRow.apply(0).y ? "ok" : null,
                "the rows laid out");
        org.eclipse.swt.graphics.Rectangle cell = cellOfRow.apply(row);
        Event down = new Event();
        down.button = 1;
        down.x = cell.x + cell.width / 2;
        down.y = cell.y + cell.height / 2;
        control.notifyListeners(SWT.MouseDown, down);
    }

    /** Edits the Value cell of a feature's row as a user does: click it, type, press Enter. */
    static void editValue(Table table, String feature, String text) {
        clickValueCell(table, feature);
        org.eclipse.swt.widgets.Text editor = waitFor(() -> find(table, org.eclipse.swt.widgets.Text.class,
                org.eclipse.swt.widgets.Text::isVisible), "the cell editor of " + feature);
        editor.setText(text);
        editor.notifyListeners(SWT.DefaultSelection, new Event());
        Display.getCurrent().readAndDispatch();
    }

    /** Expands a tree item the way a click on its arrow does (JFace fills children on this event). */
    static void expand(Tree tree, TreeItem item) {
        Event e = new Event();
        e.item = item;
        tree.notifyListeners(SWT.Expand, e);
        item.setExpanded(true);
    }

    /**
     * Opens the tree's context menu as a right click does (JFace fills it on SWT.Show), then each
     * submenu on the path, and returns the item at its end.
     */
    static MenuItem menuItem(Tree tree, String... path) {
        Menu menu = tree.getMenu();
        assertTrue(menu != null, "the explorer has a context menu");
        MenuItem found = null;
        for (String label : path) {
            menu.notifyListeners(SWT.Show, new Event());
            found = null;
            List<String> seen = new ArrayList<>();
            for (MenuItem i : menu.getItems()) {
                String text = text(i);
                seen.add(text);
                if (text.equals(label)) {
                    found = i;
                }
            }
            if (found == null) {
                fail("no menu item '" + label + "' in " + seen);
            }
            menu = found.getMenu();
        }
        if (menu != null) {
            menu.notifyListeners(SWT.Show, new Event());
        }
        return found;
    }

    /** A menu item's text without its mnemonic and key binding. */
    static String text(MenuItem item) {
        String text = item.getText().replace("&", "");
        int tab = text.indexOf('\t');
        return tab < 0 ? text : text.substring(0, tab);
    }

    /** Chooses an enabled menu item as a click does. */
    static void select(MenuItem item) {
        assertTrue(item.getEnabled(), "'" + text(item) + "' is enabled");
        item.notifyListeners(SWT.Selection, new Event());
    }

    /** The Model Explorer's drop adapter, to hand a drop what a drag would carry (Xvfb cannot drag). */
    static dev.strata.ui.internal.ExplorerDrop dropAdapter(Tree tree) {
        org.eclipse.swt.dnd.DropTarget target = (org.eclipse.swt.dnd.DropTarget) tree.getData(org.eclipse.swt.dnd.DND.DROP_TARGET_KEY);
        assertTrue(target != null, "the explorer takes drops");
        for (org.eclipse.swt.dnd.DropTargetListener l : target.getDropListeners()) {
            if (l instanceof dev.strata.ui.internal.ExplorerDrop d) {
                return d;
            }
        }
        return fail("no drop adapter on the explorer");
    }
}
