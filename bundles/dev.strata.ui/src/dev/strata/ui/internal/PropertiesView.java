package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.EditingSupport;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.strata.core.Labels;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The selected object's features with their stored values; objects show by label (their ids in the
 * Value cell's tooltip). Single values are edited in place: enums, booleans and references from a
 * list (a reference may also be typed as id or Class:key), everything else as text parsed by the
 * feature's type. Many-valued features open {@link ManyValuesDialog} (click the Value cell, or
 * double-click or Enter on the row); its list is applied as one command. Invalid input is refused
 * with a message; nothing changes. An object of a past state (opened from History) shows its values
 * as of that commit, read-only: the status line says so and no value can be edited.
 */
public final class PropertiesView extends LiveView {

    /** One row: a feature of the shown object. */
    record Row(EStructuralFeature feature) {
    }

    private TableViewer viewer;
    private Label status;
    private EObject shown;
    private boolean showLater;
    /** The description of the shown object last put in the status line. */
    private String described = "";

    @Inject
    private PastStates pasts;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        status = new Label(parent, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        column("Feature", 140, r -> r.feature().getName(), false);
        // The Value column also tells the ids of the objects a value refers to, in its tooltip.
        column("Value", 260, r -> "", true).setLabelProvider(
                new ColumnLabelProvider() {
                    @Override
                    public String getText(Object element) {
                        return shown == null || !(element instanceof Row r) ? "" : FeatureEditing.label(shown.eGet(r.feature()));
                    }

                    @Override
                    public String getToolTipText(Object element) {
                        // Ids on demand only: the objects a value refers to, hovered.
                        if (shown == null || !(element instanceof Row r) || sessions().isBusy()) {
                            return null;
                        }
                        String ids = FeatureEditing.ids(sessionOfShown(), shown.eGet(r.feature()));
                        return ids.isEmpty() ? null : ids;
                    }
                });
        ColumnViewerToolTipSupport.enableFor(viewer);
        column("Stored", 220, r -> {
            Session s = sessionOfShown();
            if (s == null) {
                return "";
            }
            // In conflict, the store's value now is what matters, not the one this session read.
            for (dev.strata.core.MergeConflict c : s.conflicts()) {
                if (c.feature().equals(r.feature().getName()) && c.id().equals(s.idOf(shown))) {
                    return "now " + ConflictText.show(s, c.theirs()) + " (read " + ConflictText.show(s, c.base()) + ")";
                }
            }
            return Comparisons.format(s.persistentValue(shown, r.feature()));
        }, false);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        // Double-click or Enter on a many-valued feature's row opens its dialog too.
        viewer.addDoubleClickListener(e -> {
            if (((org.eclipse.jface.viewers.IStructuredSelection) e.getSelection()).getFirstElement() instanceof Row r
                    && r.feature().isMany() && FeatureEditing.notEditable(r.feature()) == null && readOnly() == null) {
                editMany(r.feature());
            }
        });
        follow(parent.getDisplay());
        // The selection is injected before the view has its table: opened while an object is
        // selected, the view shows it at once.
        show(shown);
    }

    private TableViewerColumn column(String title, int width, java.util.function.Function<Row, String> text,
            boolean editable) {
        TableViewerColumn col = Tables.column(viewer, title, width, Row.class, r -> shown == null ? "" : text.apply(r));
        if (editable) {
            col.setEditingSupport(new ValueEditing());
        }
        return col;
    }

    /**
     * Follows what the Strata views select (the Model Explorer, Search results), not the window's
     * active selection: Properties activated from Window > Show View, or clicked, makes its own
     * empty selection the active one, and must go on showing the object.
     */
    @Inject
    @Optional
    void select(@Named(LAST_SELECTED) Object selected) {
        show(selected instanceof EObject o ? o : null);
    }

    /** Shows an object (null for none). */
    void show(EObject object) {
        shown = object;
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        if (sessions().isBusy()) {
            // Stored values come from the sessions, which a commit job holds: show them when it is done.
            showLater = true;
            viewer.setInput(List.of());
            status.setText("A commit is running; the properties show when it has finished");
            status.getParent().layout();
            return;
        }
        showLater = false;
        List<Row> rows = new ArrayList<>();
        if (object != null) {
            for (EStructuralFeature f : PersistentFeatures.of(object.eClass())) {
                rows.add(new Row(f));
            }
        }
        viewer.setInput(rows);
        described = object == null ? "" : describe(object);
        status.setText(object == null ? "Select an object in the Model Explorer" : described);
        status.getParent().layout();
    }

    private String describe(EObject o) {
        PastStates.Past past = pasts.of(o);
        if (past != null) {
            return Labels.of(o) + "  (" + past.name() + ", read-only)";
        }
        Session s = sessions().sessionOf(o);
        return Labels.of(o) + (s == null ? "" : "  (" + s.state(o) + ")");
    }

    /** The workbench session holding the shown object, or the past state's session; null if none. */
    private Session sessionOfShown() {
        Session s = sessions().sessionOf(shown);
        PastStates.Past past = s == null ? pasts.of(shown) : null;
        return past != null ? past.session() : s;
    }

    /** Why the shown object cannot be edited since it is of a past state, or null. */
    private String readOnly() {
        PastStates.Past past = pasts.of(shown);
        return past == null ? null : past.readOnly(shown);
    }

    @Override
    protected void refresh() {
        if (showLater) {
            show(shown);
            return;
        }
        if (viewer != null && !viewer.getControl().isDisposed() && shown != null) {
            viewer.refresh();
            // A refusal stays until the object's state changes, not just until the next commit elsewhere.
            String now = describe(shown);
            if (!now.equals(described)) {
                status.setText(now);
                described = now;
            }
        }
    }

    /**
     * Sets a feature of the shown object to what an editor gave: text (parsed by the feature's type),
     * a chosen value, or the whole list of a many-valued feature, as one undoable command.
     *
     * @return null when applied, otherwise the message saying why not (nothing changed)
     */
    String apply(EStructuralFeature f, Object edited) {
        if (shown == null) {
            return "No object is shown";
        }
        if (sessions().isBusy()) {
            return "A commit is running; edit when it has finished";
        }
        if (readOnly() != null) {
            return readOnly();
        }
        Object value;
        try {
            value = FeatureEditing.value(sessions().sessionOf(shown), f, edited);
        } catch (StrataException | IllegalArgumentException e) {
            return e.getMessage();
        }
        if (f.isMany() && value.equals(shown.eGet(f))) {
            return null; // the same list: no command, nothing to undo
        }
        sessions().set(shown, f, value);
        described = describe(shown);
        status.setText(described);
        viewer.refresh();
        return null;
    }

    /** True while the many-values dialog is open: a second click or Enter does not open another. */
    private boolean editingMany;

    /**
     * Opens the many-values dialog for a feature of the shown object, after the event that asked
     * for it (a click's cell-editor activation, a double-click) has been handled.
     */
    void editMany(EStructuralFeature f) {
        if (editingMany || shown == null || sessions().isBusy() || readOnly() != null) {
            return;
        }
        editingMany = true;
        EObject owner = shown;
        viewer.getControl().getDisplay().asyncExec(() -> {
            try {
                if (viewer.getControl().isDisposed() || shown != owner) {
                    return;
                }
                ManyValuesDialog dialog = new ManyValuesDialog(viewer.getControl().getShell(), owner, f);
                if (dialog.open() == org.eclipse.jface.window.Window.OK && shown == owner) {
                    String problem = apply(f, dialog.values());
                    if (problem != null) {
                        refuse(problem);
                    }
                }
            } finally {
                editingMany = false;
            }
        });
    }

    /** Shows why input was refused. */
    void refuse(String message) {
        status.setText("Not changed: " + message);
        status.getParent().layout();
    }

    String statusText() {
        return status.getText();
    }

    private final class ValueEditing extends EditingSupport {

        /** One editor per feature, made once: cell editors own widgets. */
        private final java.util.Map<EStructuralFeature, CellEditor> editors = new java.util.HashMap<>();

        ValueEditing() {
            super(viewer);
            viewer.getControl().addDisposeListener(e -> editors.values().forEach(CellEditor::dispose));
        }

        @Override
        protected boolean canEdit(Object element) {
            if (shown == null || sessions().isBusy()) {
                return false;
            }
            EStructuralFeature f = ((Row) element).feature();
            String not = readOnly() != null ? readOnly() : FeatureEditing.notEditable(f);
            if (not != null) {
                refuse(not);
                return false;
            }
            if (f.isMany()) {
                // Asked when the cell is clicked: the dialog opens on its own, not as a cell editor,
                // so it does not depend on the editor's activation and focus.
                editMany(f);
                return false;
            }
            return true;
        }

        @Override
        protected CellEditor getCellEditor(Object element) {
            EStructuralFeature f = ((Row) element).feature();
            return editors.computeIfAbsent(f, k -> FeatureEditing.cellEditor(viewer.getTable(), () -> shown, k));
        }

        @Override
        protected Object getValue(Object element) {
            return FeatureEditing.editorValue(shown, ((Row) element).feature());
        }

        @Override
        protected void setValue(Object element, Object value) {
            String problem = apply(((Row) element).feature(), value);
            if (problem != null) {
                refuse(problem);
            }
        }
    }

    @Focus
    void focus() {
        viewer.getControl().setFocus();
    }
}
