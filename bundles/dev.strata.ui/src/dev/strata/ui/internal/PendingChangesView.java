package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.Persist;
import org.eclipse.e4.ui.model.application.ui.MDirtyable;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.strata.core.ChangeSet;
import dev.strata.core.Labels;
import dev.strata.core.ObjectState;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The workbench session's pending changes: each object by state with its changed features (stored
 * value → new value), and Commit (with a message) and Rollback. A refused commit (veto, validation,
 * conflict) is shown above the list; the changes stay pending.
 */
public final class PendingChangesView extends LiveView {

    /** One row: an object with pending changes. */
    record Row(Session session, EObject object, ObjectState state, String changes) {
    }

    @Inject
    private MDirtyable dirty;
    private TableViewer viewer;
    private Text message;
    private Label status;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(6, false));
        new Label(parent, SWT.NONE).setText("Message:");
        message = new Text(parent, SWT.BORDER);
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button commit = new Button(parent, SWT.PUSH);
        commit.setText("Commit");
        commit.addListener(SWT.Selection, e -> commit());
        Button rollback = new Button(parent, SWT.PUSH);
        rollback.setText("Rollback");
        rollback.addListener(SWT.Selection, e -> rollback());
        Button undo = new Button(parent, SWT.PUSH);
        undo.setText("Undo");
        undo.addListener(SWT.Selection, e -> {
            if (WorkbenchSessions.get().canUndo()) {
                WorkbenchSessions.get().undo();
            }
            refresh();
        });
        Button redo = new Button(parent, SWT.PUSH);
        redo.setText("Redo");
        redo.addListener(SWT.Selection, e -> {
            if (WorkbenchSessions.get().canRedo()) {
                WorkbenchSessions.get().redo();
            }
            refresh();
        });
        status = new Label(parent, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 6, 1));
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        Tables.column(viewer, "State", 90, Row.class, r -> r.state().name());
        Tables.column(viewer, "Object", 240, Row.class, r -> Labels.of(r.object()));
        Tables.column(viewer, "Changes (stored → new)", 500, Row.class, Row::changes);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        follow(parent.getDisplay());
        refresh();
    }

    /** The rows as shown now. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Session s : WorkbenchSessions.get().all()) {
            ChangeSet pending = s.pendingChanges();
            for (Map.Entry<ObjectState, List<EObject>> e : s.pending().entrySet()) {
                for (EObject o : e.getValue()) {
                    rows.add(new Row(s, o, e.getKey(), describe(pending, s, o)));
                }
            }
        }
        return rows;
    }

    private static String describe(ChangeSet pending, Session s, EObject o) {
        var id = s.idOf(o);
        for (ChangeSet.Change c : pending.changed()) {
            if (c.id().equals(id)) {
                List<String> parts = new ArrayList<>();
                c.newValues().forEach((f, v) -> parts.add(f + ": " + c.oldValues().get(f) + " → " + v));
                return String.join("; ", parts);
            }
        }
        return "";
    }

    @Override
    protected void refresh() {
        if (viewer != null && !viewer.getControl().isDisposed()) {
            viewer.setInput(rows());
            // The workbench's dirty marker (and File > Save) follow the sessions' pending changes.
            dirty.setDirty(!WorkbenchSessions.get().dirty().isEmpty());
        }
    }

    /** File > Save commits. */
    @Persist
    void save() {
        commit();
    }

    /** Commits every workbench session with pending changes; returns the problem, or null. */
    String commit() {
        String text = message.getText();
        for (Session s : WorkbenchSessions.get().dirty()) {
            try {
                s.commit(text);
            } catch (StrataException e) {
                status.setText("Not committed: " + e.getMessage());
                refresh();
                return e.getMessage();
            }
        }
        WorkbenchSessions.get().forgetEdits();
        status.setText("Committed");
        message.setText("");
        refresh();
        return null;
    }

    void rollback() {
        WorkbenchSessions.get().all().forEach(Session::rollback);
        WorkbenchSessions.get().forgetEdits();
        status.setText("Rolled back");
        refresh();
    }

    @Focus
    void focus() {
        viewer.getControl().setFocus();
    }
}
