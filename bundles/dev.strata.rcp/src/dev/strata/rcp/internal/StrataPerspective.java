package dev.strata.rcp.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import dev.strata.ui.StrataViews;

/** The Strata perspective: the editor area with Strata's views around it. */
public final class StrataPerspective implements IPerspectiveFactory {

    static final String ID = "dev.strata.rcp.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        layout.addView(StrataViews.EXPLORER, IPageLayout.LEFT, 0.4f, layout.getEditorArea());
        // Properties and Compare share a folder: both show the selected object, one to edit, one to compare.
        IFolderLayout top = layout.createFolder("dev.strata.rcp.top", IPageLayout.TOP, 0.45f, layout.getEditorArea());
        top.addView(StrataViews.PROPERTIES);
        top.addView(StrataViews.COMPARE);
        IFolderLayout bottom = layout.createFolder("dev.strata.rcp.bottom", IPageLayout.TOP, 0.6f,
                layout.getEditorArea());
        bottom.addView(StrataViews.PENDING);
        bottom.addView(StrataViews.HISTORY);
        bottom.addView(StrataViews.STORES);
        bottom.addPlaceholder(StrataViews.SEARCH);
        // Window > Show View lists Strata's views first.
        for (String view : new String[] { StrataViews.EXPLORER, StrataViews.PROPERTIES, StrataViews.PENDING,
                StrataViews.HISTORY, StrataViews.COMPARE, StrataViews.STORES, StrataViews.SEARCH }) {
            layout.addShowViewShortcut(view);
        }
    }
}
