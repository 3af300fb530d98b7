package dev.strata.ui.internal;

import org.eclipse.core.expressions.PropertyTester;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.views.properties.PropertySheet;
import org.eclipse.ui.views.properties.PropertySheetPage;
import org.eclipse.ui.views.properties.PropertyShowInContext;

/**
 * {@code dev.strata.ui.showsStrataSelection} on the active part: true for the workbench's Properties
 * view while it shows what a Strata view selected, so that Save, Revert, Undo and Redo keep acting
 * on the workbench sessions there (its edits are theirs); in an IDE, a sheet showing another part's
 * selection leaves those commands to that part.
 */
public final class PropertySheetTester extends PropertyTester {

    @Override
    public boolean test(Object receiver, String property, Object[] args, Object expectedValue) {
        return showsStrata(receiver);
    }

    /** True if this part is the workbench's Properties view, showing a Strata view's selection. */
    static boolean showsStrata(Object part) {
        if (!(part instanceof PropertySheet sheet) || !(sheet.getShowInContext() instanceof PropertyShowInContext shown)) {
            return false;
        }
        IWorkbenchPart source = shown.getPart();
        return source != null && source.getSite() != null && source.getSite().getId().startsWith(PREFIX);
    }

    /**
     * Shows the values again in the window's Properties views that show a Strata selection: the sheet
     * reads its rows when a selection comes or after its own edit, and would keep what Undo took away.
     */
    static void refreshSheets(IWorkbenchWindow window) {
        if (window == null || window.getActivePage() == null) {
            return;
        }
        for (IViewReference ref : window.getActivePage().getViewReferences()) {
            IViewPart view = ref.getView(false);
            if (showsStrata(view) && ((PropertySheet) view).getCurrentPage() instanceof PropertySheetPage page
                    && page.getControl() != null && !page.getControl().isDisposed()) {
                page.refresh();
            }
        }
    }

    /** Every Strata view's id starts so (see plugin.xml). */
    private static final String PREFIX = "dev.strata.ui.";
}
