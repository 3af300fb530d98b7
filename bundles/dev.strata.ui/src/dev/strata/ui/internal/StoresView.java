package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;

import dev.strata.core.ModelStore;
import dev.strata.core.Topics;
import dev.strata.ui.UpdateQueue;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * Lists the registered stores with their type, capabilities and the last commit seen on the
 * event bus. Refreshes from commit events; it never polls.
 */
public final class StoresView {

    /** One table row. */
    record Row(String name, String type, String capabilities, String lastCommit) {
    }


    private final Map<String, String> lastCommitByStore = new ConcurrentHashMap<>();
    private TableViewer viewer;
    private UpdateQueue<String> updates;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new FillLayout());
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        Tables.column(viewer, "Store", 160, Row.class, Row::name);
        Tables.column(viewer, "Type", 90, Row.class, Row::type);
        Tables.column(viewer, "Capabilities", 260, Row.class, Row::capabilities);
        Tables.column(viewer, "Last commit", 300, Row.class, Row::lastCommit);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        // Commits may arrive by the thousand; the table refreshes at most ~30 times per second.
        Display display = parent.getDisplay();
        updates = new UpdateQueue<>(stores -> refresh(), display::asyncExec, ViewUpdates.TIMER, UpdateQueue.DEFAULT_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        refresh();
    }


    @Inject
    @Optional
    void onCommit(@EventTopic(Topics.COMMIT_ALL) Event event) {
        Object store = event.getProperty(Topics.STORE);
        Object id = event.getProperty(Topics.COMMIT_ID);
        if (store != null && id != null) {
            lastCommitByStore.put(store.toString(), id.toString());
            if (updates != null) {
                updates.offer(List.of(store.toString()));
            }
        }
    }

    /** The rows the table currently shows; for tests. */
    List<Row> rows() {
        return rowsFromServices();
    }

    private void refresh() {
        if (viewer != null && !viewer.getControl().isDisposed()) {
            viewer.setInput(rowsFromServices());
        }
    }

    private List<Row> rowsFromServices() {
        BundleContext context = FrameworkUtil.getBundle(StoresView.class).getBundleContext();
        List<Row> rows = new ArrayList<>();
        if (context == null) {
            return rows;
        }
        try {
            for (ServiceReference<ModelStore> ref : context.getServiceReferences(ModelStore.class, null)) {
                ModelStore store = context.getService(ref);
                if (store == null) {
                    continue;
                }
                try {
                    rows.add(new Row(store.name(), String.valueOf(ref.getProperty(ModelStore.TYPE)),
                            store.capabilities().stream().map(Enum::name).sorted()
                                    .collect(Collectors.joining(", ")),
                            lastCommitByStore.getOrDefault(store.name(), lastLogged(store))));
                } finally {
                    context.ungetService(ref);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        rows.sort((a, b) -> a.name().compareTo(b.name()));
        return rows;
    }

    /** Before any commit event arrived: the newest commit the store's log remembers. */
    private static String lastLogged(ModelStore store) {
        var log = store.log(-1, Integer.MAX_VALUE);
        return log.isEmpty() ? "none yet" : log.get(log.size() - 1).changes().commitId().toString();
    }

    @Focus
    void focus() {
        viewer.getControl().setFocus();
    }
}
