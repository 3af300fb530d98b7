package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.strata.core.Labels;
import dev.strata.core.Values;

/**
 * Edits the values of a many-valued feature as one list: shown by label; Add takes one of the
 * objects a reference may point to, or text parsed by an attribute's type; Remove; Up and Down
 * where the order counts. The caller applies the list (one command), nothing changes before OK.
 */
final class ManyValuesDialog extends Dialog {

    private final EObject owner;
    private final EStructuralFeature feature;
    private final List<Object> values;
    /** What Add offers for a reference (not for attributes, whose values are typed). */
    private final List<EObject> candidates;
    private List<EObject> offered = List.of();

    private org.eclipse.swt.widgets.List list;
    private Combo choice;
    private Text typed;
    private Label problem;
    private Button remove;
    private Button up;
    private Button down;

    ManyValuesDialog(Shell parent, EObject owner, EStructuralFeature feature) {
        super(parent);
        this.owner = owner;
        this.feature = feature;
        this.values = new ArrayList<>((List<?>) owner.eGet(feature));
        this.candidates = feature instanceof EReference r ? FeatureEditing.candidates(owner, r) : List.of();
    }

    /** The title of the dialog's shell, for a feature. */
    static String title(EStructuralFeature feature) {
        return "Edit " + feature.getName();
    }

    /** The values as they are when OK was pressed (the values it opened with until then). */
    List<Object> values() {
        return List.copyOf(values);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(title(feature));
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(2, false));
        Label about = new Label(area, SWT.WRAP);
        about.setText(feature.getName() + " of " + Labels.of(owner) + " (" + (feature.isOrdered() ? "in order" : "any order")
                + ")");
        about.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));

        list = new org.eclipse.swt.widgets.List(area, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
        GridData listData = new GridData(SWT.FILL, SWT.FILL, true, true);
        listData.widthHint = 320;
        listData.heightHint = 180;
        list.setLayoutData(listData);
        list.addListener(SWT.Selection, e -> enable());

        Composite buttons = new Composite(area, SWT.NONE);
        buttons.setLayout(new GridLayout(1, true));
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.TOP, false, false));
        remove = button(buttons, "Remove", this::removeSelected);
        if (feature.isOrdered()) {
            up = button(buttons, "Up", () -> move(-1));
            down = button(buttons, "Down", () -> move(1));
        }

        if (feature instanceof EAttribute) {
            typed = new Text(area, SWT.BORDER);
            typed.setMessage("a value: " + Values.describe(((EAttribute) feature).getEAttributeType()));
            typed.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        } else {
            choice = new Combo(area, SWT.READ_ONLY);
            choice.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        }
        button(area, "Add", this::add);
        problem = new Label(area, SWT.WRAP);
        problem.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        show(List.of());
        return area;
    }

    private static Button button(Composite parent, String text, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false));
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    /** Shows the values (these indices selected) and what Add may still add. */
    private void show(List<Integer> selected) {
        list.setItems(values.stream().map(FeatureEditing::label).toArray(String[]::new));
        list.setSelection(selected.stream().mapToInt(Integer::intValue).toArray());
        if (choice != null) {
            // A value may appear once in a unique list (every reference list is unique).
            offered = candidates.stream().filter(c -> !feature.isUnique() || !values.contains(c)).toList();
            choice.setItems(offered.stream().map(Labels::of).toArray(String[]::new));
            if (!offered.isEmpty()) {
                choice.select(0);
            }
        }
        enable();
    }

    private void enable() {
        boolean any = list.getSelectionCount() > 0;
        remove.setEnabled(any);
        if (up != null) {
            int[] sel = list.getSelectionIndices();
            up.setEnabled(any && sel[0] > 0);
            down.setEnabled(any && sel[sel.length - 1] < values.size() - 1);
        }
    }

    private void add() {
        Object value;
        if (choice != null) {
            int i = choice.getSelectionIndex();
            if (i < 0 || i >= offered.size()) {
                problem.setText("Nothing to add: every " + ((EReference) feature).getEReferenceType().getName()
                        + " loaded is in the list");
                return;
            }
            value = offered.get(i);
        } else {
            try {
                value = Values.parse((EAttribute) feature, typed.getText().trim());
            } catch (RuntimeException e) {
                problem.setText(e.getMessage());
                return;
            }
            if (feature.isUnique() && values.contains(value)) {
                problem.setText(FeatureEditing.label(value) + " is in the list already");
                return;
            }
            typed.setText("");
        }
        problem.setText("");
        values.add(value);
        show(List.of(values.size() - 1));
    }

    private void removeSelected() {
        int[] sel = list.getSelectionIndices();
        for (int k = sel.length - 1; k >= 0; k--) {
            values.remove(sel[k]);
        }
        show(List.of());
    }

    /** Moves the selected values one place up (-1) or down (+1), keeping them selected. */
    private void move(int by) {
        int[] sel = list.getSelectionIndices();
        List<Integer> moved = new ArrayList<>();
        if (by < 0) {
            for (int i : sel) {
                values.add(i - 1, values.remove(i));
                moved.add(i - 1);
            }
        } else {
            for (int k = sel.length - 1; k >= 0; k--) {
                values.add(sel[k] + 1, values.remove(sel[k]));
                moved.add(sel[k] + 1);
            }
        }
        show(moved);
    }
}
