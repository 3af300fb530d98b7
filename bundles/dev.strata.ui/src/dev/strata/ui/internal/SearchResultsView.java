package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.strata.core.ObjectState;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.ui.StrataViews;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * What the last search found: each object's label, class, state and what matched, with the search
 * and the count above. The search runs as a job; its hits become the workbench session's objects
 * here, on the UI thread, with the session's pending work laid over them (unsaved new objects found,
 * deleted ones not). Follows the session: edits show, deleted objects are marked, objects that
 * left the session (deleted by a commit) drop out. Selecting a row makes its object the selection
 * (Properties shows it); a double-click (or Enter) selects and reveals it in the Model Explorer.
 */
public final class SearchResultsView extends LiveView {

    /** Event topic asking this view to run a search (the data is the {@link Search}). */
    static final String RUN = "dev/strata/ui/search/run";

    /** One object found. */
    record Row(EObject object, Session session, String match) {
    }

    private TableViewer viewer;
    private Label status;
    private final List<Row> rows = new ArrayList<>();
    /** The search shown, and how many objects matched in all (rows hold at most the search's maximum). */
    private Search search;
    private int total;
    private boolean complete = true;
    private SearchJob running;

    @Inject
    private IEventBroker events;

    @Inject
    private EPartService parts;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        status = new Label(parent, SWT.NONE);
        status.setData("field", "status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        status.setText("No search yet: Search… (Ctrl+H) in the Search menu or the Model Explorer.");
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        Tables.column(viewer, "Object", 240, Row.class, r -> ExplorerLabels.text(sessions().adapters(), r.object()));
        Tables.column(viewer, "Class", 110, Row.class, r -> r.object().eClass().getName());
        Tables.column(viewer, "State", 80, Row.class, this::state);
        Tables.column(viewer, "Match", 320, Row.class, Row::match);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(rows);
        viewer.addSelectionChangedListener(e -> {
            Object first = ((IStructuredSelection) e.getSelection()).getFirstElement();
            publishSelection(first instanceof Row r ? r.object() : null);
        });
        viewer.addDoubleClickListener(e -> {
            if (((IStructuredSelection) e.getSelection()).getFirstElement() instanceof Row r) {
                reveal(r);
            }
        });
        follow(parent.getDisplay());
    }

    /** The row's state in its session; empty while a job holds the sessions. */
    private String state(Row r) {
        if (sessions().isBusy()) {
            return "";
        }
        ObjectState s = r.session().isClosed() ? ObjectState.DISCARDED : r.session().state(r.object());
        return s.name().toLowerCase(Locale.ROOT);
    }

    @org.eclipse.e4.core.di.annotations.Optional
    @Inject
    void run(@UIEventTopic(RUN) Search search) {
        if (running != null) {
            running.cancel();
        }
        this.search = search;
        rows.clear();
        total = 0;
        viewer.refresh();
        status.setText("Searching " + search.repository().name() + " for " + search.describe() + "…");
        SearchJob job = new SearchJob(search);
        running = job;
        var display = viewer.getControl().getDisplay();
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                display.asyncExec(() -> sessions().whenIdle(() -> found(job)));
            }
        });
        job.schedule();
    }

    /** The job is done: its hits as the session's objects (UI thread, sessions idle). */
    private void found(SearchJob job) {
        if (job != running || viewer.getControl().isDisposed()) {
            return; // a newer search replaced it, or the view closed
        }
        running = null;
        if (job.problem() != null) {
            failed(job.problem());
            return;
        }
        try {
            show(job, sessions().session(search.repository()));
        } catch (StrataException | IllegalArgumentException e) {
            // An object found could not be read (the store went away meanwhile), or the session's query
            // refused a value: say so where the search was asked for.
            rows.clear();
            viewer.refresh();
            failed(e.getMessage());
            return;
        }
        refresh();
    }

    private void failed(String why) {
        status.setText("Search for " + search.describe() + " in " + search.repository().name() + " failed: " + why);
    }

    private void show(SearchJob job, Session session) {
        total = job.total();
        complete = job.complete();
        if (search instanceof Search.ByQuery q && !session.pending().isEmpty()) {
            queried(q, session);
            return;
        }
        Set<EObject> seen = new HashSet<>();
        Search.ByText text = search instanceof Search.ByText t ? t : null;
        for (SearchJob.Hit hit : job.hits()) {
            Optional<EObject> found = session.find(hit.id());
            String match = hit.match();
            if (found.isPresent() && text != null && session.state(found.get()) == ObjectState.DIRTY) {
                match = text.match(found.get()); // edited since it was stored: what it holds now counts
            }
            if (found.isEmpty() || match == null) {
                total--;
                continue;
            }
            seen.add(found.get());
            rows.add(new Row(found.get(), session, match));
        }
        if (text != null) {
            pending(text, session, seen);
        }
    }

    /**
     * The session has pending work: its query lays it over the store's answer (new objects that
     * match now, changed ones by their current values, deleted ones never). The sessions are the UI
     * thread's, so this runs here; the store's part is asked again (the job's answer cannot be
     * merged without the session's record forms), once, as the session keeps it until a commit.
     */
    private void queried(Search.ByQuery q, Session session) {
        List<EObject> found = session.query(q.query());
        total = found.size();
        for (EObject o : found.subList(0, Math.min(found.size(), search.max()))) {
            rows.add(new Row(o, session, SearchJob.match(q.query(), f -> valueText(o, f))));
        }
    }

    /** An object's current value of a feature, as the Match column shows it. */
    private String valueText(EObject o, String feature) {
        var f = o.eClass().getEStructuralFeature(feature);
        Object v = f == null ? null : o.eGet(f);
        return v instanceof EObject target ? ExplorerLabels.text(sessions().adapters(), target) : String.valueOf(v);
    }

    /**
     * Adds the session's new and changed objects that match the text now, and counts those that
     * matched as stored but no longer do (the store was searched, the session may differ).
     */
    private void pending(Search.ByText text, Session session, Set<EObject> seen) {
        var pending = session.pending();
        List<EObject> candidates = new ArrayList<>(pending.getOrDefault(ObjectState.NEW, List.of()));
        candidates.addAll(pending.getOrDefault(ObjectState.DIRTY, List.of()));
        for (EObject o : candidates) {
            if (seen.contains(o)) {
                continue;
            }
            boolean stored = session.state(o) == ObjectState.DIRTY
                    && text.match(o.eClass(), a -> session.persistentValue(o, a)) != null;
            String now = text.match(o);
            total += (now != null ? 1 : 0) - (stored ? 1 : 0);
            if (now != null && rows.size() < search.max()) {
                rows.add(new Row(o, session, now));
            }
        }
    }

    /** Selects the row's object in the Model Explorer, opening the path to it. */
    private void reveal(Row r) {
        parts.showPart(StrataViews.EXPLORER, EPartService.PartState.ACTIVATE);
        events.send(ModelExplorerView.REVEAL, r.object());
    }

    @Override
    protected void refresh() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        if (!sessions().isBusy()) {
            // Objects that left their session (a commit deleted them) are gone; deleted pending ones stay, marked.
            int before = rows.size();
            rows.removeIf(r -> r.session().isClosed() || r.session().state(r.object()) == ObjectState.DISCARDED);
            total -= before - rows.size();
        }
        viewer.refresh();
        if (search != null && running == null) {
            status.setText(summary());
        }
    }

    /** The search and its count: "first 200 of 1234" when more matched than are shown. */
    private String summary() {
        String count = rows.size() < total ? "first " + rows.size() + " of " + total + " objects"
                : total + (total == 1 ? " object" : " objects");
        return search.describe() + " in " + search.repository().name() + ": " + count
                + (complete ? "" : " (search cancelled before the end)");
    }

    @Focus
    void focus() {
        viewer.getControl().setFocus();
    }

    @PreDestroy
    void dispose() {
        if (running != null) {
            running.cancel();
        }
    }
}
