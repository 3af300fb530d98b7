package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.workbench.modeling.ESelectionService;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;

import dev.strata.core.Repository;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Repositories, their root objects and contents, with each object's state. Follows the event bus:
 * a commit anywhere (this window, the console, another process) or a session's pending changes
 * refresh it, coalesced to at most ~30 refreshes per second.
 */
public final class ModelExplorerView extends LiveView {

    private TreeViewer viewer;
    private ExplorerContent content;

    @Inject
    private ESelectionService selection;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new FillLayout());
        viewer = new TreeViewer(parent, SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
        content = new ExplorerContent();
        viewer.setContentProvider(content);
        viewer.setLabelProvider(new ExplorerLabels(content));
        viewer.setInput(repositories());
        viewer.addSelectionChangedListener(e -> {
            Object first = ((IStructuredSelection) e.getSelection()).getFirstElement();
            selection.setSelection(first instanceof EObject o ? o : null);
        });
        viewer.expandToLevel(3); // a new user sees the root objects and what they hold at once
        follow(parent.getDisplay());
    }

    private static List<Repository> repositories() {
        List<Repository> result = new ArrayList<>(services(Repository.class));
        result.sort((x, y) -> x.name().compareTo(y.name()));
        return result;
    }

    @Override
    protected void refresh() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        List<Repository> now = repositories();
        if (!now.equals(viewer.getInput())) {
            viewer.setInput(now);
        }
        // Objects committed elsewhere reach this view's sessions through their stores' loads.
        viewer.refresh();
    }

    @Focus
    void focus() {
        viewer.getControl().setFocus();
    }

    @PreDestroy
    void dispose() {
        if (content != null) {
            content.dispose();
        }
    }
}
