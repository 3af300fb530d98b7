package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.ESelectionService;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;

import dev.strata.core.ChangeSet;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The commit log of every store that keeps one, newest first: store, sequence, message, and the
 * objects each commit created, changed and deleted. The selected commit is the window's selection,
 * so the Compare view shows what it did.
 */
public final class HistoryView extends LiveView {

    /** One commit of one store. */
    record Row(String store, LoggedCommit commit) {
    }

    private static final int SHOWN = 200;

    private TableViewer viewer;
    /** The shown rows; refreshed in place so that the viewer keeps the selected commit. */
    private final List<Row> shown = new ArrayList<>();

    @Inject
    private ESelectionService selection;

    @Inject
    private MWindow window;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new FillLayout());
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        Tables.column(viewer, "Store", 100, Row.class, Row::store);
        Tables.column(viewer, "#", 60, Row.class, r -> String.valueOf(r.commit().sequence()));
        Tables.column(viewer, "Message", 220, Row.class, r -> r.commit().changes().message());
        Tables.column(viewer, "Objects", 420, Row.class, r -> touched(r.commit().changes()));
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(shown);
        viewer.addSelectionChangedListener(e -> {
            Object first = ((IStructuredSelection) e.getSelection()).getFirstElement();
            selection.setSelection(first instanceof Row r ? r : null);
            CompareView.remember(window, first instanceof Row r ? r : null);
        });
        follow(parent.getDisplay());
        followServices(ModelStore.class, dev.strata.core.Repository.class);
        refresh();
    }

    private static String touched(ChangeSet cs) {
        List<String> parts = new ArrayList<>();
        cs.created().forEach(r -> parts.add("+" + r.type().name() + " " + r.id()));
        cs.changed().forEach(c -> parts.add("~" + c.type().name() + " " + c.id() + " " + c.newValues().keySet()));
        cs.deleted().forEach(d -> parts.add("-" + d.last().type().name() + " " + d.id()));
        return String.join("  ", parts);
    }

    List<Row> rows() {
        // Stores registered as services, and those behind registered repositories.
        java.util.Map<String, ModelStore> stores = new java.util.TreeMap<>();
        for (ModelStore s : services(ModelStore.class)) {
            stores.put(s.name(), s);
        }
        for (dev.strata.core.Repository r : services(dev.strata.core.Repository.class)) {
            stores.putIfAbsent(r.store().name(), r.store());
        }
        List<Row> rows = new ArrayList<>();
        stores.forEach((name, store) -> {
            for (LoggedCommit c : store.log(-1, Integer.MAX_VALUE)) {
                rows.add(new Row(name, c));
            }
        });
        rows.sort((a, b) -> Long.compare(b.commit().sequence(), a.commit().sequence()));
        return rows.size() > SHOWN ? rows.subList(0, SHOWN) : rows;
    }

    @Override
    protected void refresh() {
        if (viewer != null && !viewer.getControl().isDisposed()) {
            shown.clear();
            shown.addAll(rows());
            viewer.refresh();
        }
    }

    @Focus
    void focus() {
        viewer.getControl().setFocus();
    }
}
