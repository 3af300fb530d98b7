package dev.strata.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import dev.strata.ui.StrataViews;

/**
 * The Strata perspective: Strata's views around the editor area. The product opens it; in an IDE it
 * is under Window > Perspective > Open Perspective.
 */
public final class StrataPerspective implements IPerspectiveFactory {

    /** The Error Log of org.eclipse.ui.views.log, where store and job failures are kept. */
    static final String ERROR_LOG = "org.eclipse.pde.runtime.LogView";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        layout.addView(StrataViews.EXPLORER, IPageLayout.LEFT, 0.4f, layout.getEditorArea());
        // Properties and Compare share a folder: both show the selected object, one to edit, one to compare.
        IFolderLayout top = layout.createFolder("dev.strata.ui.top", IPageLayout.TOP, 0.45f, layout.getEditorArea());
        top.addView(StrataViews.PROPERTIES);
        top.addView(StrataViews.COMPARE);
        IFolderLayout bottom = layout.createFolder("dev.strata.ui.bottom", IPageLayout.TOP, 0.6f,
                layout.getEditorArea());
        bottom.addView(StrataViews.PENDING);
        bottom.addView(StrataViews.HISTORY);
        bottom.addView(StrataViews.STORES);
        bottom.addPlaceholder(StrataViews.SEARCH);
        // Window > Show View lists Strata's views first.
        for (String view : new String[] { StrataViews.EXPLORER, StrataViews.PROPERTIES, StrataViews.PENDING,
                StrataViews.HISTORY, StrataViews.COMPARE, StrataViews.STORES, StrataViews.SEARCH, ERROR_LOG }) {
            layout.addShowViewShortcut(view);
        }
        // Store and job failures go to the Error Log; next to the bottom views, not opened until asked.
        bottom.addPlaceholder(ERROR_LOG);
    }
}
