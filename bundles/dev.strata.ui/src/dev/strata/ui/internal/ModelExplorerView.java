package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.workbench.modeling.ESelectionService;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;

import dev.strata.core.Repository;
import dev.strata.core.Topics;
import dev.strata.ui.UpdateQueue;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Repositories, their root objects and contents, with each object's state. Follows the event bus:
 * a commit anywhere (this window, the console, another process) or a session's pending changes
 * refresh it, coalesced to at most ~30 refreshes per second.
 */
public final class ModelExplorerView {


    private TreeViewer viewer;
    private ExplorerContent content;
    private UpdateQueue<String> updates;

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
        updates = new UpdateQueue<>(what -> {
            WorkbenchSessions.get().refresh(what);
            refresh();
        }, parent.getDisplay()::asyncExec, ViewUpdates.TIMER,
                UpdateQueue.DEFAULT_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private static List<Repository> repositories() {
        BundleContext context = FrameworkUtil.getBundle(ModelExplorerView.class).getBundleContext();
        List<Repository> result = new ArrayList<>();
        try {
            for (ServiceReference<Repository> ref : context.getServiceReferences(Repository.class, null)) {
                Repository r = context.getService(ref);
                if (r != null) {
                    result.add(r);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        result.sort((a, b) -> a.name().compareTo(b.name()));
        return result;
    }

    private void refresh() {
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

    @Inject
    @Optional
    void onCommit(@EventTopic(Topics.COMMIT_ALL) Event event) {
        if (updates != null) {
            updates.offer(ChangedIds.of(event));
        }
    }

    @Inject
    @Optional
    void onSessionChange(@EventTopic(Topics.SESSION_CHANGED) Event event) {
        if (updates != null) {
            updates.offer(List.of("session"));
        }
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
