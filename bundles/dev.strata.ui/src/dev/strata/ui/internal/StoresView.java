package dev.strata.ui.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.e4.core.di.extensions.OSGiBundle;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.AbstractTreeViewer;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.ITreeViewerListener;
import org.eclipse.jface.viewers.TreeExpansionEvent;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

import dev.strata.core.ModelStore;
import dev.strata.core.admin.StoreConfiguration;
import dev.strata.core.admin.StoreImporter;
import dev.strata.core.admin.StoreStack;
import dev.strata.store.queue.QueueModelStore;
import dev.strata.store.queue.QueueStores;
import dev.strata.ui.internal.StoreConfigurations.Configured;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Shows the stores as a tree of stacks: at the top the stores no other store wraps, below a store
 * that wraps stores (a cache, a read-only view, a route over shards) the stores it wraps, as
 * {@link dev.strata.core.admin.StrataAdmin#storeStacks()} places them, expanded. Each row has the
 * store's type, capabilities, the last commit of its log, its locks and whether it runs, with the
 * figures it keeps (a configured store that failed to start says why). Stores configured through
 * Config Admin are added, edited and removed here, and an XMI file can be imported into a new store
 * of a type that imports it. Refreshes from commit events, stores coming and going, and store
 * configurations changing (made here or elsewhere, e.g. the console's mkstore), and reads the stores
 * again every few seconds while shown, for what other processes do without an event. The logs are
 * read in a job (a REST store's is a network call): "loading…" until the answer comes, a failed read
 * says why. It knows no store type: the form is the type's metatype, what a store refuses is its
 * status, and which store wraps which is the admin service's to say. The one exception is a
 * {@link QueueModelStore queue store} stuck on a commit its store refuses: its commit can be set
 * aside into a file from here, as with the console's setaside.
 */
public final class StoresView extends LiveView {

    /**
     * One row: a store at its place in a stack, with the rows of the stores it wraps. A store that two
     * stores wrap has a row under each, so a row is known by its path from the top, and only that is
     * compared: the selection stays on it when the rows are made anew.
     */
    record Row(String path, String name, String type, String capabilities, String lastCommit, String status,
            String locks, List<Row> layers) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && r.path.equals(path);
        }

        @Override
        public int hashCode() {
            return path.hashCode();
        }
    }

    /** What a row shows of its store, wherever in the stacks it is. */
    private record Cells(String type, String capabilities, String lastCommit, String status, String locks) {
    }

    /** Setting keys that, in any store type declaring them, say where the store's data is. */
    private static final List<String> LOCATIONS = List.of("directory", "url");
    /** Shown in a running store's cells until the job has read them. */
    static final String LOADING = "loading…";

    /** For the Config Admin listener: a whiteboard service, which registering takes the bundle's context. */
    @Inject
    @OSGiBundle
    private BundleContext context;

    private StoreConfigurations configs;
    /** Store configurations made elsewhere (console, another tool): show them, and whether they start. */
    private final ConfigurationListener configured = this::configurationChanged;
    private ServiceRegistration<ConfigurationListener> configuredRegistration;
    private Display display;
    private TreeViewer viewer;
    /** Paths of the rows the user closed: kept closed when the rows are made anew. */
    private final Set<String> collapsed = new HashSet<>();
    private Label status;
    /** The row status {@link #showWholeStatus} put in the status line, or null. */
    private String wholeStatusShown;
    private Button setAside;
    /** A set-aside job runs: the button stays off until it ends, so one confirmation sets aside once. */
    private boolean settingAside;
    /** Each running store's capabilities and newest logged commit, as shown; read off the UI thread. */
    private StoreReads<StoreCells.Summary> logs;

    @PostConstruct
    void create(Composite parent) {
        configs = new StoreConfigurations(admin());
        parent.setLayout(new GridLayout(6, false));
        button(parent, "Add store…", "Configure a new store of a type installed here", e -> add());
        button(parent, "Edit store…", "Change the settings of the selected store", e -> edit());
        button(parent, "Remove store", "Remove the selected store's configuration (its data stays)", e -> remove());
        Button importXmi = button(parent, "Import XMI…", "Create a store from an XMI file written by any EMF tool",
                e -> importXmi());
        if (configs.xmiImporter().isEmpty()) {
            importXmi.setEnabled(false);
            importXmi.setToolTipText("No store type installed here imports XMI");
        }
        button(parent, "New repository…", "Bind a model (registered packages or .ecore files) to the selected store",
                e -> newRepository());
        setAside = button(parent, "Set aside stuck commit…", "Take the commit the selected queue's store refuses out of"
                + " the queue, into a file, so the commits behind it go on", e -> setAside());
        setAside.setEnabled(false);
        status = new Label(parent, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 6, 1));
        viewer = new TreeViewer(parent, SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTree().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        Tables.column(viewer, "Store", 220, Row.class, Row::name);
        Tables.column(viewer, "Type", 70, Row.class, Row::type);
        Tables.column(viewer, "Status", 200, Row.class, Row::status);
        Tables.column(viewer, "Capabilities", 220, Row.class, Row::capabilities);
        Tables.column(viewer, "Last commit", 300, Row.class, Row::lastCommit);
        Tables.column(viewer, "Locks", 300, Row.class, Row::locks);
        viewer.setContentProvider(new StackContent());
        viewer.setAutoExpandLevel(AbstractTreeViewer.ALL_LEVELS);
        viewer.addTreeListener(new ITreeViewerListener() {
            @Override
            public void treeCollapsed(TreeExpansionEvent event) {
                collapsed.add(((Row) event.getElement()).path());
            }

            @Override
            public void treeExpanded(TreeExpansionEvent event) {
                collapsed.remove(((Row) event.getElement()).path());
            }
        });
        viewer.addDoubleClickListener(e -> edit());
        viewer.addSelectionChangedListener(e -> {
            updateActions();
            showWholeStatus();
        });
        display = parent.getDisplay();
        logs = new StoreReads<>("the last commit", StoreCells::summary, display, this::show);
        configuredRegistration = context.registerService(ConfigurationListener.class, configured, null);
        follow(parent.getDisplay());
        refresh();
        display.timerExec(POLL_MS, poll);
    }

    /** How often the shown view reads the stores again. */
    private static final int POLL_MS = 5_000;

    /**
     * Locks taken and released by other processes, and their commits when the store does not stream
     * them, announce nothing on this bus: while the view is shown it reads its stores again (in the
     * job, as on a commit).
     */
    private final Runnable poll = new Runnable() {
        @Override
        public void run() {
            if (viewer == null || viewer.getControl().isDisposed()) {
                return;
            }
            if (viewer.getControl().isVisible()) {
                refresh();
            }
            display.timerExec(POLL_MS, this);
        }
    };

    /** Injected again whenever a store service comes or goes (any thread): it starts or stops running. */
    @Inject
    @org.eclipse.e4.core.di.annotations.Optional
    void storesChanged(@Service List<ModelStore> stores) {
        requestRefresh();
    }

    private static Button button(Composite parent, String text, String tip, Consumer<Event> action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tip);
        b.addListener(SWT.Selection, action::accept);
        return b;
    }

    /** Shows the stores now, with the logs as last read, and reads the logs again. */
    @Override
    protected void refresh() {
        if (viewer != null && !viewer.getControl().isDisposed()) {
            List<ModelStore> stores = admin().stores();
            setRows(rows(stores));
            logs.request(stores);
        }
    }

    /** New log answers came: shown without reading again. */
    private void show() {
        if (viewer != null && !viewer.getControl().isDisposed()) {
            setRows(rows(admin().stores()));
        }
    }

    /** Shows the rows, every stack open but those the user closed. */
    private void setRows(List<Row> rows) {
        viewer.setInput(rows);
        if (!collapsed.isEmpty()) {
            closeCollapsed(rows);
        }
        updateActions();
    }

    /** "Set aside stuck commit…" is offered while the selected store is a stuck queue. */
    private void updateActions() {
        setAside.setEnabled(!settingAside && selectedStore().filter(StoresView::stuck).isPresent());
    }

    /**
     * A status that says why (a store's notice, a queue's failing drain, a failed start) is longer
     * than its cell: selecting the row shows it whole above the tree.
     */
    private void showWholeStatus() {
        String whole = selectedRow().filter(row -> row.status().contains(": ")).map(row -> row.name() + ": " + row.status())
                .orElse(null);
        if (whole != null) {
            say(whole);
        } else if (wholeStatusShown != null && wholeStatusShown.equals(status.getText())) {
            say(""); // another row's status would read as this one's
        }
        wholeStatusShown = whole;
    }

    // One volatile read; figures() (also read without the queue's locks) would build every figure.
    private static boolean stuck(ModelStore store) {
        return store instanceof QueueModelStore queue && queue.isStuck();
    }

    /** The selected row, if any. */
    private Optional<Row> selectedRow() {
        return ((IStructuredSelection) viewer.getSelection()).getFirstElement() instanceof Row row ? Optional.of(row)
                : Optional.empty();
    }

    /** The running store of the selected row, if any. */
    private Optional<ModelStore> selectedStore() {
        return selectedRow().flatMap(row -> admin().stores().stream().filter(s -> s.name().equals(row.name())).findFirst());
    }

    private void closeCollapsed(List<Row> rows) {
        for (Row row : rows) {
            if (collapsed.contains(row.path())) {
                viewer.setExpandedState(row, false);
            } else {
                closeCollapsed(row.layers());
            }
        }
    }

    /** The stacks: the rows at the top are the input, a row's children the stores it wraps. */
    private static final class StackContent implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return ((List<?>) input).toArray();
        }

        @Override
        public Object[] getChildren(Object parent) {
            return ((Row) parent).layers().toArray();
        }

        @Override
        public Object getParent(Object element) {
            return null; // a store may sit in several stacks
        }

        @Override
        public boolean hasChildren(Object element) {
            return !((Row) element).layers().isEmpty();
        }
    }

    private List<Row> rows(List<ModelStore> stores) {
        Map<String, Cells> cells = new HashMap<>();
        for (ModelStore store : stores) {
            StoreCells.Summary known = switch (logs.of(store.name())) {
                case StoreReads.Loading<StoreCells.Summary> l -> new StoreCells.Summary(LOADING, LOADING, LOADING);
                case StoreReads.Done<StoreCells.Summary> d -> d.value();
                case StoreReads.Failed<StoreCells.Summary> f -> new StoreCells.Summary("", StoreCells.unreadable(f.why()), "");
            };
            cells.put(store.name(), new Cells(admin().typeOf(store), known.capabilities(), known.lastCommit(),
                    StoreCells.running(store), known.locks()));
        }
        // Configured stores without a service: starting, waiting, or failed (and why).
        for (Configured c : configs.all()) {
            if (!cells.containsKey(c.name())) {
                String why = configs.status(c.name());
                cells.put(c.name(), new Cells(c.type().name(), "", "", why == null ? "running" : why, ""));
            }
        }
        List<Row> rows = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (StoreStack stack : admin().storeStacks()) {
            rows.add(row(stack, "", cells, placed));
        }
        // A store that came after the stacks were read is shown too, on its own until the next refresh.
        for (var c : cells.entrySet()) {
            if (!placed.contains(c.getKey())) {
                rows.add(row(new StoreStack(c.getKey(), List.of()), "", cells, placed));
            }
        }
        rows.sort((a, b) -> a.name().compareTo(b.name()));
        return rows;
    }

    /** The row of a store at this place and the rows of the stores it wraps. */
    private Row row(StoreStack stack, String above, Map<String, Cells> cells, Set<String> placed) {
        String path = above + "/" + stack.name();
        placed.add(stack.name());
        // Configured with a type not installed here: its status says so.
        Cells c = cells.computeIfAbsent(stack.name(), n -> new Cells(
                admin().storeConfiguration(n).map(StoreConfiguration::type).orElse("?"), "", "",
                Objects.requireNonNullElse(configs.status(n), "running"), ""));
        List<Row> layers = stack.layers().stream().map(l -> row(l, path, cells, placed)).toList();
        return new Row(path, stack.name(), c.type(), c.capabilities(), c.lastCommit(), c.status(), c.locks(), layers);
    }

    /** The status line above the tree, as shown. */
    String statusText() {
        return status.getText();
    }

    private void say(String text) {
        if (!status.isDisposed()) {
            status.setText(text);
            status.getParent().layout();
        }
    }

    void add() {
        if (configs.installedTypes().isEmpty()) {
            say("No store type is installed that can be configured here.");
            return;
        }
        StoreDialog dialog = StoreDialog.add(viewer.getControl().getShell(), configs);
        if (dialog.open() != Window.OK) {
            return;
        }
        StoreDialog.Result r = dialog.result();
        try {
            configs.add(r.type(), r.name(), r.values());
        } catch (RuntimeException e) {
            say("Store '" + r.name() + "' was not added: " + e.getMessage());
            return;
        }
        awaitStart(r.name());
    }

    void edit() {
        Optional<Configured> store = selectedConfiguration("edit");
        if (store.isEmpty()) {
            return;
        }
        StoreDialog dialog = StoreDialog.edit(viewer.getControl().getShell(), configs, store.get());
        if (dialog.open() != Window.OK) {
            return;
        }
        ModelStore before = configs.running(store.get().name());
        try {
            configs.update(store.get(), dialog.result().values());
        } catch (RuntimeException e) {
            say("Store '" + store.get().name() + "' was not changed: " + e.getMessage());
            return;
        }
        awaitStart(store.get().name(), before);
    }

    void remove() {
        Optional<Configured> store = selectedConfiguration("remove");
        if (store.isEmpty()) {
            return;
        }
        Configured c = store.get();
        List<String> repositories = configs.repositoriesOn(c.name());
        String data = dataOf(c);
        String question = "Remove the configuration of store '" + c.name() + "'? The store closes; its data stays in "
                + data + "." + (repositories.isEmpty() ? ""
                        : "\n\nRepositories on it stop until a store of that name exists again: "
                                + String.join(", ", repositories) + ".");
        MessageDialog confirm = new MessageDialog(viewer.getControl().getShell(), "Remove Store", null, question,
                MessageDialog.CONFIRM, 0, "Remove", "Cancel");
        if (confirm.open() != 0) {
            return;
        }
        try {
            configs.remove(c);
        } catch (RuntimeException e) {
            say("Store '" + c.name() + "' was not removed: " + e.getMessage());
            return;
        }
        say("Removed the configuration of store '" + c.name() + "'; its data stays in " + data + ".");
        requestRefresh();
    }

    /**
     * Where a configured store keeps its data, for people: the value of a setting that says where
     * (a directory, a URL) if its type declares one and it is set, else the store by name; where an
     * empty setting puts the data is the type's to say, in the setting's description.
     */
    private static String dataOf(Configured c) {
        for (String key : LOCATIONS) {
            String where = c.type().setting(key) == null ? "" : c.values().getOrDefault(key, "").trim();
            if (!where.isEmpty()) {
                return where;
            }
        }
        return "store '" + c.name() + "'";
    }

    /** New Repository: its model on the selected store (or the first running one); it then shows in the explorer. */
    void newRepository() {
        RepositoryDialog.Outcome outcome = RepositoryDialog.open(viewer.getControl().getShell(), admin(),
                selectedRow().map(Row::name).orElse(null));
        if (outcome != null) {
            say(outcome.message());
        }
    }

    void importXmi() {
        Optional<StoreImporter> importer = configs.xmiImporter();
        if (importer.isEmpty()) {
            say("No installed store imports XMI.");
            return;
        }
        FileDialog files = new FileDialog(viewer.getControl().getShell(), SWT.OPEN);
        files.setText("Import " + importer.get().format());
        files.setFilterExtensions(new String[] { "*.xmi", "*.*" });
        String chosen = files.open();
        if (chosen == null) {
            return;
        }
        StoreDialog dialog = StoreDialog.importXmi(viewer.getControl().getShell(), configs, importer.get(), Path.of(chosen));
        if (dialog.open() != Window.OK) {
            return;
        }
        StoreDialog.Result r = dialog.result();
        ImportXmiJob job = new ImportXmiJob(configs, Path.of(chosen), r.name(), r.values(), r.createRepository());
        say("Importing " + Path.of(chosen).getFileName() + " into store '" + r.name() + "'…");
        whenDone(job, () -> {
            if (job.imported()) {
                awaitStart(r.name());
            } else {
                say(job.outcome());
            }
        });
    }

    /**
     * Set aside stuck commit…: asks for a new file and confirms with why the queue is stuck, then
     * sets the stuck commit aside into the file.
     */
    void setAside() {
        Optional<ModelStore> store = selectedStore().filter(StoresView::stuck);
        if (store.isEmpty()) {
            say("Select a queue store whose status shows stuck=1 to set its stuck commit aside.");
            return;
        }
        QueueModelStore queue = (QueueModelStore) store.get();
        String chosen = setAsideFile.apply(viewer.getControl().getShell(), queue.name() + "-set-aside-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        if (chosen == null) {
            return;
        }
        if (Files.exists(Path.of(chosen))) {
            say("Nothing was set aside: " + chosen + " exists; choose a new file, so that nothing in it is overwritten.");
            return;
        }
        String question = "Queue '" + queue.name() + "' is stuck: " + queue.problem().orElse("its store refuses its next commit")
                + "\n\nThe refused commit, and the queued commits after it that touch the same objects, leave the queue;"
                + " they are written to " + chosen + " first. The commits behind them then go on to store '"
                + queue.wrapped().name() + "'. The commits set aside are not applied: make those changes again if they are"
                + " still wanted.";
        MessageDialog confirm = new MessageDialog(viewer.getControl().getShell(), "Set Aside Stuck Commit", null, question,
                MessageDialog.CONFIRM, 0, "Set Aside", "Cancel");
        if (confirm.open() == 0) {
            setAsideTo(queue, Path.of(chosen));
        }
    }

    /**
     * Asks where to write what is set aside (shell, suggested name → path, or null if cancelled): a
     * native save dialog, which tests cannot drive; they answer here instead.
     */
    public static BiFunction<Shell, String, String> setAsideFile = (shell, suggested) -> {
        FileDialog files = new FileDialog(shell, SWT.SAVE);
        files.setText("Set Aside Stuck Commit: File to Write");
        files.setFilterExtensions(new String[] { "*.json", "*.*" });
        files.setFileName(suggested);
        return files.open();
    };

    /** Sets the queue's stuck commit aside into the file in a job (it forces the file and the journal) and says how it went. */
    void setAsideTo(ModelStore queue, Path file) {
        AtomicReference<String> outcome = new AtomicReference<>("Setting aside the stuck commit of queue '" + queue.name()
                + "' ended without an answer; its status shows whether it is still stuck.");
        Job job = Job.create("Setting aside the stuck commit of queue '" + queue.name() + "'", monitor -> {
            try {
                outcome.set(QueueStores.setAsideStuck(queue, file) + ".");
            } catch (RuntimeException e) {
                outcome.set(StoreCells.why(e)); // the queue's refusals say that nothing was set aside, and why
            }
            return Status.OK_STATUS;
        });
        settingAside = true;
        updateActions();
        say("Setting aside the stuck commit of queue '" + queue.name() + "'…");
        whenDone(job, () -> {
            settingAside = false;
            say(outcome.get());
        });
    }

    /** The configuration of the selected store; says why there is none. */
    private Optional<Configured> selectedConfiguration(String action) {
        Optional<Row> selected = selectedRow();
        if (selected.isEmpty()) {
            say("Select a store to " + action + ".");
            return Optional.empty();
        }
        Row row = selected.get();
        Optional<Configured> store = configs.find(row.name());
        if (store.isPresent()) {
            return store;
        }
        String other = configs.unknownTypeOf(row.name());
        say(other != null
                ? "Store '" + row.name() + "' is configured by " + other + ", a store type not installed here, so this"
                        + " view cannot " + action + " it; use the console: strata:unconfigure."
                : "Store '" + row.name() + "' is not configured through Config Admin (it was registered by code),"
                        + " so there is nothing to " + action + " here.");
        return store;
    }

    /** Reports, when it is known, whether a configured store started. */
    private void awaitStart(String name) {
        awaitStart(name, null);
    }

    /** @param before the store running before an edit of its configuration: not the one to report on */
    private void awaitStart(String name, ModelStore before) {
        say("Starting store '" + name + "'…");
        requestRefresh();
        StartStoreJob job = new StartStoreJob(configs, name, before);
        whenDone(job, () -> say(job.outcome()));
    }

    /** Schedules a job and runs the follow-up on the UI thread when it is done, if the view is still open. */
    private void whenDone(Job job, Runnable then) {
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                if (display.isDisposed()) {
                    return;
                }
                display.asyncExec(() -> {
                    if (!viewer.getControl().isDisposed()) {
                        then.run();
                        refresh();
                    }
                });
            }
        });
        job.schedule();
    }

    /** Called by Config Admin on its own thread. */
    private void configurationChanged(ConfigurationEvent event) {
        String factoryPid = event.getFactoryPid();
        if (factoryPid == null || configs.installedTypes().stream().noneMatch(t -> t.factoryPid().equals(factoryPid))) {
            return;
        }
        requestRefresh();
        if (event.getType() != ConfigurationEvent.CM_UPDATED) {
            return;
        }
        // A failed start sends no event: watch the store until it runs or fails, then show which.
        String pid = event.getPid();
        if (display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> configs.all().stream().filter(c -> pid.equals(c.pid()))
                .findFirst().ifPresent(c -> {
                    if (viewer != null && !viewer.getControl().isDisposed()) {
                        StartStoreJob job = new StartStoreJob(configs, c.name());
                        job.setSystem(true);
                        whenDone(job, () -> { });
                    }
                }));
    }

    @PreDestroy
    void dispose() {
        if (logs != null) {
            logs.cancel();
        }
        if (configuredRegistration != null) {
            configuredRegistration.unregister();
        }
    }

    @Focus
    void focus() {
        viewer.getControl().setFocus();
    }
}
