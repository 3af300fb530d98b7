package dev.strata.ui.internal;

import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;

import dev.strata.core.LoggedCommit;
import dev.strata.core.Session;
import dev.strata.ui.internal.Comparisons.ChangeRow;
import dev.strata.ui.internal.Comparisons.FeatureRow;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Compares, for the selected object, its committed values with its values in the workbench session,
 * feature by feature, differences highlighted; for a commit selected in History, the objects it
 * created, changed and deleted with their versions, and the values before and after where the
 * store's log keeps them. Follows the selection and, for an object, the event bus.
 */
public final class CompareView extends LiveView {

    /** Highlights: a differing feature; an object a commit created, changed, deleted. */
    private static final Color DIFFERS = new Color(255, 236, 179);
    private static final Color CREATED = new Color(214, 240, 214);
    private static final Color DELETED = new Color(245, 214, 214);

    private Object lastSelected;

    private Label header;
    private Composite stack;
    private StackLayout layout;
    private TableViewer objectViewer;
    private TableViewer commitViewer;
    private EObject shownObject;
    private boolean showLater;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        header = new Label(parent, SWT.WRAP);
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        stack = new Composite(parent, SWT.NONE);
        stack.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        layout = new StackLayout();
        stack.setLayout(layout);

        objectViewer = table(stack, SWT.NONE);
        Tables.column(objectViewer, "Feature", 140, FeatureRow.class, r -> (r.differs() ? "> " : "") + r.feature(),
                r -> r.differs() ? DIFFERS : null);
        Tables.column(objectViewer, "Committed", 240, FeatureRow.class, FeatureRow::committed,
                r -> r.differs() ? DIFFERS : null);
        Tables.column(objectViewer, "In session", 240, FeatureRow.class, FeatureRow::current,
                r -> r.differs() ? DIFFERS : null);

        // Virtual: rows get items and labels only when shown (a large commit still lists thousands).
        commitViewer = table(stack, SWT.VIRTUAL);
        Tables.column(commitViewer, "Object", 300, ChangeRow.class, ChangeRow::object, CompareView::color);
        Tables.column(commitViewer, "Version", 90, ChangeRow.class, ChangeRow::version, CompareView::color);
        Tables.column(commitViewer, "Feature", 120, ChangeRow.class, ChangeRow::feature, CompareView::color);
        Tables.column(commitViewer, "Before", 180, ChangeRow.class, ChangeRow::before, CompareView::color);
        Tables.column(commitViewer, "After", 180, ChangeRow.class, ChangeRow::after, CompareView::color);

        layout.topControl = objectViewer.getControl();
        header.setText("Select an object in the Model Explorer or a commit in History");
        follow(parent.getDisplay());
        // Injected before the widgets existed, or selected before this view was opened.
        Object initial = lastSelected != null ? lastSelected : shownObject;
        if (initial instanceof EObject o) {
            showObject(o);
        } else if (initial instanceof HistoryView.Row r) {
            showCommit(r.store(), r.commit());
        } else if (initial instanceof HistoryView.Range r) {
            showRange(r);
        }
    }

    /** What the Model Explorer or History selected last in this window, also before this view was created. */
    @Inject
    @Optional
    void lastSelected(@Named(LAST_SELECTED) Object selection) {
        if (selection != null) {
            lastSelected = selection;
        }
    }

    private static TableViewer table(Composite parent, int style) {
        TableViewer viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.BORDER | style);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        return viewer;
    }

    private static Color color(ChangeRow r) {
        return switch (r.kind()) {
            case CREATED -> CREATED;
            case DELETED -> DELETED;
            case CHANGED -> DIFFERS;
            case MORE -> null;
        };
    }

    @Inject
    private PastStates pasts;

    // Null when the selection becomes something else (or nothing): keep showing what was selected last.
    @Inject
    @Optional
    void selectObject(@Named(IServiceConstants.ACTIVE_SELECTION) EObject object) {
        if (object != null) {
            showObject(object);
        }
    }

    @Inject
    @Optional
    void selectCommit(@Named(IServiceConstants.ACTIVE_SELECTION) HistoryView.Row commit) {
        if (commit != null) {
            showCommit(commit.store(), commit.commit());
        }
    }

    @Inject
    @Optional
    void selectRange(@Named(IServiceConstants.ACTIVE_SELECTION) HistoryView.Range range) {
        if (range != null) {
            showRange(range);
        }
    }

    /** The range comparison under way for what the view shows, or null. UI thread only. */
    private CompareRangeJob comparing;

    /**
     * Shows what differs between a store just after two of its commits, from its history: read in a
     * job, since that is a store read; the header says it runs meanwhile.
     */
    void showRange(HistoryView.Range range) {
        shownObject = null;
        showLater = false;
        if (comparing != null && comparing.range().equals(range)) {
            return; // selected again while it is being compared: the answer is on its way
        }
        stopComparing();
        if (header == null || header.isDisposed()) {
            return;
        }
        layout.topControl = commitViewer.getControl();
        stack.layout();
        commitViewer.setInput(List.of());
        dev.strata.core.ModelStore store = storeNamed(range.store());
        if (store == null) {
            setHeader("Store '" + range.store() + "' is not running here");
            return;
        }
        CompareRangeJob job = new CompareRangeJob(store, range);
        org.eclipse.swt.widgets.Display display = header.getDisplay();
        job.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
            @Override
            public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                if (!display.isDisposed()) {
                    display.asyncExec(() -> compared(job));
                }
            }
        });
        comparing = job;
        setHeader(job.getName() + "…");
        job.schedule();
    }

    /** UI thread: the comparison's answer, shown unless something else was selected meanwhile. */
    private void compared(CompareRangeJob job) {
        if (comparing != job || header.isDisposed()) {
            return;
        }
        comparing = null;
        HistoryView.Range range = job.range();
        if (job.rows() != null) {
            commitViewer.setInput(job.rows());
            setHeader("Store '" + range.store() + "' after commit #" + range.from().sequence() + " → after commit #"
                    + range.to().sequence() + ": " + Comparisons.objects(job.rows()) + " object(s) differ");
        } else {
            setHeader("Commits #" + range.from().sequence() + " and #" + range.to().sequence() + " of store '"
                    + range.store() + "' cannot be compared: " + (job.problem() != null ? job.problem() : "cancelled"));
        }
    }

    /** Something else is shown: a comparison still running is no longer wanted. */
    private void stopComparing() {
        if (comparing != null) {
            comparing.cancel();
            comparing = null;
        }
    }

    private dev.strata.core.ModelStore storeNamed(String name) {
        for (dev.strata.core.ModelStore s : admin().stores()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        for (dev.strata.core.Repository r : admin().repositories()) {
            if (r.store().name().equals(name)) {
                return r.store();
            }
        }
        return null;
    }

    /** Compares an object's committed and session values. */
    void showObject(EObject object) {
        shownObject = object;
        stopComparing();
        if (header == null || header.isDisposed()) {
            return;
        }
        layout.topControl = objectViewer.getControl();
        stack.layout();
        if (sessions().isBusy()) {
            // Both sides come from the session a commit job holds: compare once it is done.
            showLater = true;
            objectViewer.setInput(List.of());
            setHeader("A commit is running; the comparison shows when it has finished");
            return;
        }
        showLater = false;
        Session session = object == null ? null : sessions().sessionOf(object);
        if (session == null) {
            objectViewer.setInput(List.of());
            PastStates.Past past = pasts.of(object);
            setHeader(object == null ? "Select an object in the Model Explorer or a commit in History"
                    : past != null ? past.readOnly(object) + ": nothing pending to compare (select two commits in History)"
                    : dev.strata.core.Labels.of(object) + " is not held by a workbench session (deleted or discarded)");
            return;
        }
        List<FeatureRow> rows = Comparisons.ofObject(session, object);
        objectViewer.setInput(rows);
        setHeader(Comparisons.describe(session, object, rows));
    }

    /** Shows what a logged commit did. */
    void showCommit(String store, LoggedCommit commit) {
        shownObject = null;
        showLater = false;
        stopComparing();
        if (header == null || header.isDisposed()) {
            return;
        }
        layout.topControl = commitViewer.getControl();
        stack.layout();
        commitViewer.setInput(Comparisons.ofCommit(commit.changes()));
        setHeader(Comparisons.describe(store, commit));
    }

    private void setHeader(String text) {
        header.setText(text);
        header.getParent().layout();
    }

    /** The header line, as shown. */
    String headerText() {
        return header.getText();
    }

    @Override
    protected void refresh() {
        // A commit is history and does not change; an object's values and state do.
        if (shownObject != null || showLater) {
            showObject(shownObject);
        }
    }

    @jakarta.annotation.PreDestroy
    void dispose() {
        stopComparing();
    }

    @Focus
    void focus() {
        Table table = (Table) layout.topControl;
        boolean noneSelected = table.getSelectionCount() == 0;
        table.setFocus();
        if (noneSelected) {
            // GTK selects the first row on focus, which would hide its highlight.
            table.deselectAll();
        }
    }
}
