package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;

import dev.strata.core.ChangeSet;
import dev.strata.core.Labels;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The commit log of every store that keeps one, newest first: store, sequence, time, author, message, and the
 * objects each commit created, changed and deleted. The selected commit is the window's selection,
 * so the Compare view shows what it did. The logs are read in a job (a REST store's is a network
 * call); the status line says which stores are still being read and which could not be, and why.
 */
public final class HistoryView extends LiveView {

    /** One commit of one store, with the objects it touched as shown. */
    record Row(String store, LoggedCommit commit, String objects) {
    }

    /** Two commits of one store selected together: Compare shows what differs between them. */
    record Range(String store, LoggedCommit from, LoggedCommit to) {
    }

    /** What a job read of one store: its rows, and whether it returned as many commits as asked. */
    record Page(List<Row> rows, boolean full) {
    }

    private TableViewer viewer;
    private org.eclipse.swt.widgets.Label status;
    private org.eclipse.swt.widgets.Button older;
    /** How many of each store's newest commits are read: a page more per Show Older, never the whole log. */
    private volatile int limit = StrataPreferences.historyPage();
    /** Each store's newest commits, as last read off the UI thread. */
    private StoreReads<Page> logs;
    /** The shown rows; refreshed in place so that the viewer keeps the selected commit. */
    private final List<Row> shown = new ArrayList<>();

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new org.eclipse.swt.layout.GridLayout(2, false));
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.BORDER | SWT.MULTI);
        viewer.getTable().setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        Tables.column(viewer, "Store", 100, Row.class, Row::store);
        Tables.column(viewer, "#", 60, Row.class, r -> String.valueOf(r.commit().sequence()));
        Tables.column(viewer, "Time", 140, Row.class, r -> Labels.time(r.commit().time()));
        Tables.column(viewer, "Author", 90, Row.class, r -> Labels.author(r.commit()));
        Tables.column(viewer, "Message", 220, Row.class, r -> r.commit().changes().message());
        Tables.column(viewer, "Objects", 420, Row.class, Row::objects);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(shown);
        logs = new StoreReads<>("the commit log", this::page, parent.getDisplay(), this::show);
        viewer.addSelectionChangedListener(e -> {
            List<?> rows = ((IStructuredSelection) e.getSelection()).toList();
            if (rows.size() == 2 && rows.get(0) instanceof Row a && rows.get(1) instanceof Row b
                    && a.store().equals(b.store())) {
                boolean aFirst = a.commit().sequence() < b.commit().sequence();
                publishSelection(new Range(a.store(), (aFirst ? a : b).commit(), (aFirst ? b : a).commit()));
            } else {
                Object first = rows.isEmpty() ? null : rows.get(0);
                publishSelection(first instanceof Row r ? r : null);
            }
        });
        status = new org.eclipse.swt.widgets.Label(parent, SWT.NONE);
        status.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.CENTER, true, false));
        older = new org.eclipse.swt.widgets.Button(parent, SWT.PUSH);
        older.setText("Show Older");
        older.setToolTipText("Read older commits of each store: a page more (Window > Preferences > Strata)");
        older.addListener(SWT.Selection, e -> {
            limit += StrataPreferences.historyPage();
            refresh();
        });
        revertMenu();
        asOfMenu();
        follow(parent.getDisplay());
        refresh();
    }

    /** What the last Revert did, shown before the status until the next one. */
    private String reverted;

    /**
     * The table's context menu: Revert This Commit, or Revert Commits n–m for consecutive commits of
     * one store selected together, into the pending changes of its repository.
     */
    private void revertMenu() {
        org.eclipse.swt.widgets.Menu menu = new org.eclipse.swt.widgets.Menu(viewer.getTable());
        org.eclipse.swt.widgets.MenuItem revert = new org.eclipse.swt.widgets.MenuItem(menu, SWT.PUSH);
        revert.setText("Revert This Commit");
        revert.setToolTipText("Undo the selected commit in the pending changes; Commit writes it");
        revert.addListener(SWT.Selection, e -> revertSelected());
        menu.addListener(SWT.Show, e -> {
            long[] range = selectedRange();
            revert.setText(range == null || range[0] == range[1] ? "Revert This Commit"
                    : "Revert Commits " + range[0] + "\u2013" + range[1]);
            revert.setEnabled(range != null && repositoryOf(selected()) != null && !sessions().isBusy());
        });
        viewer.getTable().setMenu(menu);
    }

    /** The first and last sequence of the selected commits if they are consecutive commits of one store, else null. */
    private long[] selectedRange() {
        List<?> rows = viewer.getStructuredSelection().toList();
        if (rows.isEmpty() || !(rows.get(0) instanceof Row first)) {
            return null;
        }
        java.util.TreeSet<Long> sequences = new java.util.TreeSet<>();
        for (Object o : rows) {
            if (!(o instanceof Row r) || !r.store().equals(first.store())) {
                return null;
            }
            sequences.add(r.commit().sequence());
        }
        long from = sequences.first();
        long to = sequences.last();
        return to - from + 1 == sequences.size() ? new long[] { from, to } : null;
    }

    @Inject
    private PastStates pasts;

    @Inject
    private org.eclipse.e4.ui.workbench.modeling.EPartService parts;

    /** What the last Open As of This Commit did or is doing, shown before the status. */
    private String asOf;

    /**
     * Adds Open As of This Commit to the table's menu: the repository as it was just after the one
     * selected commit, read-only, in the Model Explorer.
     */
    private void asOfMenu() {
        org.eclipse.swt.widgets.Menu menu = viewer.getTable().getMenu();
        org.eclipse.swt.widgets.MenuItem open = new org.eclipse.swt.widgets.MenuItem(menu, SWT.PUSH);
        open.setText("Open As of This Commit");
        open.setToolTipText("Show the repository as it was just after this commit, read-only, in the Model Explorer");
        open.addListener(SWT.Selection, e -> openSelectedAsOf());
        menu.addListener(SWT.Show, e -> open.setEnabled(viewer.getStructuredSelection().size() == 1
                && selected() != null && repositoryOf(selected()) != null));
        // Once a state is closed, "… is shown read-only" no longer holds.
        java.util.function.Consumer<PastStates.Past> closed = p -> {
            if (p == null && asOf != null && !viewer.getControl().isDisposed()) {
                asOf = null;
                show();
            }
        };
        pasts.onChange(closed);
        viewer.getControl().addDisposeListener(e -> pasts.removeListener(closed));
    }

    /** Opens the selected commit's state in a job; the Model Explorer shows it once read. */
    private void openSelectedAsOf() {
        Row row = selected();
        dev.strata.core.Repository repository = row == null ? null : repositoryOf(row);
        if (repository == null) {
            return;
        }
        String what = repository.name() + " as of commit " + row.commit().sequence();
        OpenPastJob job = new OpenPastJob(repository, row.commit());
        org.eclipse.swt.widgets.Display display = viewer.getControl().getDisplay();
        job.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
            @Override
            public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                if (!display.isDisposed()) {
                    display.asyncExec(() -> openedAsOf(job, what));
                }
            }
        });
        asOf = "Opening " + what + "…";
        show();
        job.schedule();
    }

    private void openedAsOf(OpenPastJob job, String what) {
        PastStates.Past past = job.opened();
        if (past != null) {
            pasts.add(past);
            asOf = what + " is shown read-only in the Model Explorer";
            if (!viewer.getControl().isDisposed()) {
                parts.showPart(dev.strata.ui.StrataViews.EXPLORER, org.eclipse.e4.ui.workbench.modeling.EPartService.PartState.ACTIVATE);
            }
        } else {
            asOf = what + (job.problem() == null ? " was not opened (cancelled)" : " could not be opened: " + job.problem());
        }
        show();
    }

    private Row selected() {
        return ((IStructuredSelection) viewer.getSelection()).getFirstElement() instanceof Row r ? r : null;
    }

    /** The repository on the commit's store; with several, the one the workbench has a session of. */
    private dev.strata.core.Repository repositoryOf(Row row) {
        dev.strata.core.Repository first = null;
        for (dev.strata.core.Repository r : admin().repositories()) {
            if (r.store().name().equals(row.store())) {
                if (sessions().existing(r) != null) {
                    return r;
                }
                first = first == null ? r : first;
            }
        }
        return first;
    }

    /**
     * Undoes the selected commits in their repository's workbench session, in a job: the revert reads
     * the store. The sessions are the job's until it ends (Revert, Commit and edits wait meanwhile);
     * the status says it runs, then what it did.
     */
    private void revertSelected() {
        Row row = selected();
        long[] range = selectedRange();
        dev.strata.core.Repository repository = row == null || range == null || sessions().isBusy() ? null
                : repositoryOf(row);
        if (repository == null) {
            return;
        }
        String numbers = range[0] == range[1] ? " " + range[0] : "s " + range[0] + " to " + range[1];
        String commits = "Commit" + numbers + " of " + row.store();
        RevertJob job;
        try {
            job = new RevertJob(sessions().session(repository), range[0], range[1],
                    "commit" + numbers + " of store '" + row.store() + "'");
        } catch (RuntimeException e) {
            reverted = commits + " could not be reverted: " + e.getMessage();
            show();
            return;
        }
        reverted = job.getName() + "…";
        show();
        sessions().runJob(job, viewer.getControl().getDisplay(), () -> revertedInBackground(job, commits, range));
    }

    /** UI thread, the sessions handed back: says what the revert did. */
    private void revertedInBackground(RevertJob job, String commits, long[] range) {
        List<dev.strata.core.MergeConflict> left = job.left();
        if (left != null) {
            reverted = commits + (range[0] == range[1] ? " is" : " are")
                    + " undone in Pending Changes (Commit writes it)"
                    + (left.isEmpty() ? "" : "; left as now, changed again since: " + left.stream()
                            .map(dev.strata.core.MergeConflict::toString).collect(java.util.stream.Collectors.joining("; ")));
        } else {
            reverted = commits + (job.problem() != null ? " could not be reverted: " + job.problem()
                    : " not reverted (cancelled)");
        }
        show();
    }

    /** Injected again whenever a store service comes or goes (any thread): its log joins or leaves. */
    @Inject
    @Optional
    void storesChanged(@Service List<ModelStore> stores) {
        requestRefresh();
    }

    /** Injected again whenever a repository service comes or goes: the stores behind them are listed too. */
    @Inject
    @Optional
    void repositoriesChanged(@Service List<dev.strata.core.Repository> repositories) {
        requestRefresh();
    }

    /**
     * The objects a commit created (+), changed (~, with the features) and deleted (-), by label:
     * from the values the commit holds, or for a changed object without a name among them, from
     * its record now ({@code current}, read once per refresh for all such objects).
     */
    private static String touched(ChangeSet cs, java.util.Map<ObjectId, Record> current) {
        List<String> parts = new ArrayList<>();
        cs.created().forEach(r -> parts.add("+" + Labels.of(r.type(), r.id(), r.values())));
        cs.changed().forEach(c -> {
            Record now = current.get(c.id());
            String label = now != null && unnamed(c) ? Labels.of(now.type(), now.id(), now.values())
                    : Labels.of(c.type(), c.id(), values(c));
            parts.add("~" + label + " " + c.newValues().keySet());
        });
        cs.deleted().forEach(d -> parts.add("-" + Labels.of(d.last().type(), d.id(), d.last().values())));
        return String.join("  ", parts);
    }

    private static java.util.Map<String, Object> values(ChangeSet.Change c) {
        java.util.Map<String, Object> values = new java.util.HashMap<>(c.oldValues());
        values.putAll(c.newValues());
        return values;
    }

    /** True if the change's own values hold no name for the object. */
    private static boolean unnamed(ChangeSet.Change c) {
        return Labels.name(c.newValues()) == null && Labels.name(c.oldValues()) == null;
    }

    /** Stores registered as services, and those behind registered repositories, by name. */
    private List<ModelStore> stores() {
        java.util.Map<String, ModelStore> stores = new java.util.TreeMap<>();
        for (ModelStore s : admin().stores()) {
            stores.put(s.name(), s);
        }
        for (dev.strata.core.Repository r : admin().repositories()) {
            stores.putIfAbsent(r.store().name(), r.store());
        }
        return List.copyOf(stores.values());
    }

    /** Runs in the job: the store's newest commits, labelled. */
    private Page page(ModelStore store) {
        int asked = limit;
        List<LoggedCommit> log = store.recentLog(asked);
        java.util.Set<ObjectId> unnamed = new java.util.LinkedHashSet<>();
        log.forEach(c -> c.changes().changed().stream().filter(HistoryView::unnamed)
                .forEach(ch -> unnamed.add(ch.id())));
        java.util.Map<ObjectId, Record> current;
        try {
            current = store.loadAll(unnamed);
        } catch (RuntimeException e) {
            current = java.util.Map.of(); // the store cannot be read now: labels from the commits' values
        }
        List<Row> rows = new ArrayList<>();
        for (LoggedCommit c : log) {
            rows.add(new Row(store.name(), c, touched(c.changes(), current)));
        }
        return new Page(rows, log.size() >= asked);
    }

    /** Shows the logs as last read, and reads them again. */
    @Override
    protected void refresh() {
        if (viewer != null && !viewer.getControl().isDisposed()) {
            List<ModelStore> stores = stores();
            show(stores);
            logs.request(stores);
        }
    }

    /** New log answers came: shown without reading again. */
    private void show() {
        if (viewer != null && !viewer.getControl().isDisposed()) {
            show(stores());
        }
    }

    private void show(List<ModelStore> stores) {
        List<Row> rows = new ArrayList<>();
        List<String> loading = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        boolean more = false;
        for (ModelStore store : stores) {
            switch (logs.of(store.name())) {
                case StoreReads.Loading<Page> l -> loading.add(store.name());
                case StoreReads.Failed<Page> f -> failed.add("the log of store '" + store.name()
                        + "' could not be read: " + f.why());
                case StoreReads.Done<Page> d -> {
                    rows.addAll(d.value().rows());
                    more |= d.value().full();
                }
            }
        }
        // Newest first across stores: by time, then by each store's own sequence.
        rows.sort(java.util.Comparator.comparing((Row r) -> r.commit().time(),
                java.util.Comparator.nullsFirst(java.util.Comparator.<java.time.Instant>naturalOrder()))
                .thenComparingLong(r -> r.commit().sequence()).reversed());
        shown.clear();
        shown.addAll(rows);
        viewer.refresh();
        List<String> said = new ArrayList<>();
        if (reverted != null) {
            said.add(reverted);
        }
        if (asOf != null) {
            said.add(asOf);
        }
        said.add(more ? "The newest " + limit + " commits of each store" : shown.size() + (shown.size() == 1 ? " commit" : " commits") + ": all the stores keep");
        if (!loading.isEmpty()) {
            said.add("loading… the log of " + String.join(", ", loading));
        }
        said.addAll(failed);
        status.setText(String.join("; ", said));
        status.setToolTipText(status.getText());
        older.setEnabled(more);
        status.getParent().layout();
    }

    @jakarta.annotation.PreDestroy
    void dispose() {
        if (logs != null) {
            logs.cancel();
        }
    }

    @Focus
    void focus() {
        viewer.getControl().setFocus();
    }
}
