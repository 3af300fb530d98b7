package dev.strata.rcp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;

/**
 * The product self-check's look at the menu bar: the items a user reaches for first must be there,
 * as the window shows them (menus are filled when they open, so each is opened and closed again).
 */
final class MenuCheck {

    /** Menu → the items it must show (an item matches if its label starts with the text). */
    private static final Map<String, List<String>> EXPECTED = new LinkedHashMap<>();
    static {
        EXPECTED.put("File", List.of("New", "Save (Commit)", "Revert (Roll Back)", "Import", "Export", "Exit"));
        EXPECTED.put("File > New", List.of("Strata Repository"));
        EXPECTED.put("Edit", List.of("Undo", "Redo", "Cut", "Copy", "Paste", "Delete", "Select All"));
        EXPECTED.put("Search", List.of("Search…"));
        EXPECTED.put("Window", List.of("Show View", "Reset Perspective", "Preferences"));
        EXPECTED.put("Help", List.of("About"));
    }

    private MenuCheck() {
    }

    /** Each menu of the bar, and each submenu ("File > New"), with the labels of its items, as shown. */
    static Map<String, List<String>> shown(Shell shell) {
        Map<String, List<String>> shown = new LinkedHashMap<>();
        Menu bar = shell.getMenuBar();
        if (bar == null) {
            return shown;
        }
        for (MenuItem top : bar.getItems()) {
            collect(clean(top.getText()), top.getMenu(), shown, 1);
        }
        return shown;
    }

    private static void collect(String name, Menu menu, Map<String, List<String>> shown, int depth) {
        List<String> labels = new ArrayList<>();
        shown.put(name, labels);
        if (menu == null) {
            return;
        }
        menu.notifyListeners(SWT.Show, new Event());
        for (MenuItem item : menu.getItems()) {
            if ((item.getStyle() & SWT.SEPARATOR) == 0) {
                labels.add(clean(item.getText()));
                if (item.getMenu() != null && depth < 2) {
                    collect(name + " > " + clean(item.getText()), item.getMenu(), shown, depth + 1);
                }
            }
        }
        menu.notifyListeners(SWT.Hide, new Event());
    }

    /** What is expected but not shown, as "Menu > Item"; empty if all is there. */
    static List<String> missing(Map<String, List<String>> shown) {
        List<String> missing = new ArrayList<>();
        EXPECTED.forEach((menu, items) -> {
            List<String> labels = shown.getOrDefault(menu, List.of());
            for (String item : items) {
                if (labels.stream().noneMatch(l -> l.startsWith(item))) {
                    missing.add(menu + " > " + item);
                }
            }
        });
        return missing;
    }

    /** A label without its mnemonic marker and key binding. */
    private static String clean(String label) {
        int tab = label.indexOf('\t');
        return (tab < 0 ? label : label.substring(0, tab)).replace("&", "").trim();
    }
}
