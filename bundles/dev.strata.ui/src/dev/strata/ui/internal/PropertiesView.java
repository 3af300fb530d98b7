package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.ComboBoxCellEditor;
import org.eclipse.jface.viewers.EditingSupport;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.TextCellEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.strata.core.Labels;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.core.Values;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The selected object's features with their stored values. Single values are edited in place:
 * enums and booleans from a list, everything else as text parsed by the feature's type (numbers,
 * dates, references by id or Class:key). Invalid input is refused with a message; nothing changes.
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
        column("Value", 260, r -> Comparisons.format(shown.eGet(r.feature())), true);
        column("Stored", 220, r -> {
            Session s = sessions().sessionOf(shown);
            return s == null ? "" : Comparisons.format(s.persistentValue(shown, r.feature()));
        }, false);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        follow(parent.getDisplay());
        show(null);
    }

    private void column(String title, int width, java.util.function.Function<Row, String> text, boolean editable) {
        TableViewerColumn col = Tables.column(viewer, title, width, Row.class, r -> shown == null ? "" : text.apply(r));
        if (editable) {
            col.setEditingSupport(new ValueEditing());
        }
    }

    @Inject
    @Optional
    void select(@Named(IServiceConstants.ACTIVE_SELECTION) EObject object) {
        show(object);
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
        Session s = sessions().sessionOf(o);
        return Labels.of(o) + (s == null ? "" : "  (" + s.state(o) + ")");
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
     * Sets a single-valued feature of the shown object from text.
     *
     * @return null when applied, otherwise the message saying why not (nothing changed)
     */
    String apply(EStructuralFeature f, String text) {
        if (shown == null) {
            return "No object is shown";
        }
        if (sessions().isBusy()) {
            return "A commit is running; edit when it has finished";
        }
        if (f.isMany()) {
            return f.getName() + " holds several values; edit them in the console (strata:add/remove/move)";
        }
        Object value;
        try {
            value = parse(f, text);
        } catch (StrataException | IllegalArgumentException e) {
            return e.getMessage();
        }
        sessions().set(shown, f, value);
        described = describe(shown);
        status.setText(described);
        viewer.refresh();
        return null;
    }

    private Object parse(EStructuralFeature f, String input) {
        String text = input;
        if (text == null || text.isBlank()) {
            return null;
        }
        if (f instanceof EAttribute a) {
            return Values.parse(a, text.trim());
        }
        // A choice from the list reads "reference — label": the label is only for the eye.
        int label = input.indexOf(CHOICE_SEPARATOR);
        String ref = label >= 0 ? input.substring(0, label) : input;
        Session s = sessions().sessionOf(shown);
        EObject target;
        try {
            target = s.get(dev.strata.core.ObjectId.parse(ref.trim()));
        } catch (IllegalArgumentException e) {
            int colon = ref.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("Enter the referenced object's id, or Class:key");
            }
            var c = (org.eclipse.emf.ecore.EClass) ((org.eclipse.emf.ecore.EReference) f).getEReferenceType()
                    .getEPackage().getEClassifier(ref.substring(0, colon).trim());
            if (c == null || c.getEIDAttribute() == null) {
                throw new IllegalArgumentException("Unknown class or class without a key: " + ref.substring(0, colon));
            }
            Object key = Values.parse(c.getEIDAttribute(), ref.substring(colon + 1).trim());
            target = s.findByKey(c, key).orElseThrow(() -> new IllegalArgumentException("No " + ref));
        }
        if (!((org.eclipse.emf.ecore.EReference) f).getEReferenceType().isInstance(target)) {
            throw new IllegalArgumentException(f.getName() + " needs a "
                    + ((org.eclipse.emf.ecore.EReference) f).getEReferenceType().getName());
        }
        return target;
    }

    private static final String CHOICE_SEPARATOR = "  — ";
    /** At most this many objects are offered for a reference; others are entered by id or Class:key. */
    private static final int MAX_CHOICES = 500;

    /** How a reference to this object is typed: Class:key where the class has a key, else its id. */
    private static String referenceText(Session s, EObject o) {
        var key = o.eClass().getEIDAttribute();
        if (key != null && o.eGet(key) != null) {
            return o.eClass().getName() + ":" + o.eGet(key);
        }
        return String.valueOf(s.idOf(o));
    }

    /**
     * What a single reference of the shown object may point to: the objects of the right class the
     * workbench has loaded from its store, as "reference — label", after an empty choice (unset).
     */
    public List<String> referenceChoices(EStructuralFeature f) {
        List<String> choices = new java.util.ArrayList<>(List.of(""));
        if (shown == null || !(f instanceof org.eclipse.emf.ecore.EReference r) || shown.eResource() == null) {
            return choices;
        }
        Session s = sessions().sessionOf(shown);
        for (var it = org.eclipse.emf.ecore.util.EcoreUtil.<EObject>getAllContents(shown.eResource(), true); it.hasNext()
                && choices.size() <= MAX_CHOICES;) {
            EObject o = it.next();
            if (r.getEReferenceType().isInstance(o)) {
                choices.add(referenceText(s, o) + CHOICE_SEPARATOR + dev.strata.core.Labels.of(o));
            }
        }
        return choices;
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
            return shown != null && !((Row) element).feature().isMany() && !sessions().isBusy();
        }

        @Override
        protected CellEditor getCellEditor(Object element) {
            EStructuralFeature f = ((Row) element).feature();
            CellEditor editor = editors.computeIfAbsent(f, this::editorFor);
            if (editor instanceof ReferenceCellEditor refs) {
                refs.setItems(referenceChoices(f).toArray(String[]::new)); // what is loaded now
            }
            return editor;
        }

        private CellEditor editorFor(EStructuralFeature f) {
            if (f instanceof org.eclipse.emf.ecore.EReference) {
                return new ReferenceCellEditor();
            }
            if (f.getEType() instanceof EEnum e) {
                return new ComboBoxCellEditor(viewer.getTable(),
                        e.getELiterals().stream().map(EEnumLiteral::getLiteral).toArray(String[]::new), SWT.READ_ONLY);
            }
            if (f.getEType().getInstanceClass() == boolean.class || f.getEType().getInstanceClass() == Boolean.class) {
                return new ComboBoxCellEditor(viewer.getTable(), new String[] { "false", "true" }, SWT.READ_ONLY);
            }
            return new TextCellEditor(viewer.getTable());
        }

        @Override
        protected Object getValue(Object element) {
            EStructuralFeature f = ((Row) element).feature();
            Object v = shown.eGet(f);
            if (f.getEType() instanceof EEnum e) {
                EEnumLiteral lit = e.getEEnumLiteralByLiteral(String.valueOf(v));
                return lit == null ? 0 : e.getELiterals().indexOf(lit);
            }
            if (f.getEType().getInstanceClass() == boolean.class || f.getEType().getInstanceClass() == Boolean.class) {
                return Boolean.TRUE.equals(v) ? 1 : 0;
            }
            if (f instanceof org.eclipse.emf.ecore.EReference && v instanceof EObject target) {
                return referenceText(sessions().sessionOf(shown), target);
            }
            return f instanceof EAttribute a && v != null ? Values.toRecord(a, v).toString() : Comparisons.format(v);
        }

        @Override
        protected void setValue(Object element, Object value) {
            EStructuralFeature f = ((Row) element).feature();
            String text;
            if (f.getEType() instanceof EEnum e) {
                text = e.getELiterals().get((Integer) value).getLiteral();
            } else if (value instanceof String typed) {
                text = typed;
            } else if (value instanceof Integer i) {
                text = i == 1 ? "true" : "false";
            } else {
                text = String.valueOf(value);
            }
            String problem = apply(f, text);
            if (problem != null) {
                refuse(problem);
            }
        }
    }

    /** A list of the objects a reference may point to, in which an id or Class:key may also be typed. */
    private final class ReferenceCellEditor extends ComboBoxCellEditor {

        ReferenceCellEditor() {
            super(viewer.getTable(), new String[0], SWT.NONE);
        }

        @Override
        protected Object doGetValue() {
            return ((org.eclipse.swt.custom.CCombo) getControl()).getText();
        }

        @Override
        protected void doSetValue(Object value) {
            ((org.eclipse.swt.custom.CCombo) getControl()).setText(String.valueOf(value));
        }
    }

    @Focus
    void focus() {
        viewer.getControl().setFocus();
    }
}
