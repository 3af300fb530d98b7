package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

import dev.strata.core.ModelStore;
import jakarta.annotation.PostConstruct;

/**
 * Lists the registered stores with their type, capabilities and the last commit seen on the
 * event bus. Refreshes from commit events; it never polls.
 */
public final class StoresView extends LiveView {

    /** One table row. */
    record Row(String name, String type, String capabilities, String lastCommit) {
    }

    private TableViewer viewer;

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
        follow(parent.getDisplay());
        refresh();
    }

    @Override
    protected void refresh() {
        if (viewer != null && !viewer.getControl().isDisposed()) {
            viewer.setInput(rowsFromServices());
        }
    }

    private List<Row> rowsFromServices() {
        List<Row> rows = new ArrayList<>();
        for (ModelStore store : services(ModelStore.class)) {
            rows.add(new Row(store.name(), storeType(store),
                    store.capabilities().stream().map(Enum::name).sorted().collect(Collectors.joining(", ")),
                    lastLogged(store)));
        }
        rows.sort((a, b) -> a.name().compareTo(b.name()));
        return rows;
    }

    private static String storeType(ModelStore store) {
        BundleContext context = FrameworkUtil.getBundle(StoresView.class).getBundleContext();
        try {
            var refs = context.getServiceReferences(ModelStore.class, "(" + ModelStore.NAME + "=" + store.name() + ")");
            return refs.isEmpty() ? "?" : String.valueOf(refs.iterator().next().getProperty(ModelStore.TYPE));
        } catch (InvalidSyntaxException e) {
            return "?";
        }
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
