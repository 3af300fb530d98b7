package dev.strata.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.strata.core.admin.StoreImporter;
import dev.strata.ui.internal.StoreConfigurations.Configured;
import dev.strata.ui.internal.StoreType.Setting;

/**
 * Asks for a store's type, name and settings: to add a store, to edit a configured one (type and
 * name fixed), or to import an XMI file into a new store of the importer's type. Input is checked as it is typed;
 * OK is enabled only when {@link StoreConfigurations#problem} finds nothing, and the message above
 * the fields says what to fix. The dialog only collects: the Stores view applies the result.
 */
final class StoreDialog extends TitleAreaDialog {

    /** What the user asked for. */
    record Result(StoreType type, String name, Map<String, String> values, boolean createRepository) {
    }

    /** Widget data key naming what a control edits (a setting's property, "type" or "strata.store"). */
    static final String EDITS = "strata.edits";

    private final StoreConfigurations configs;
    /** For an import: the service that will import the file. */
    private final StoreImporter importer;
    private final List<StoreType> types;
    private final Configured editing;
    private final Path xmi;
    private StoreType type;
    private Combo typeCombo;
    private Text nameText;
    private Composite form;
    /** The controls of the current type's settings, replaced when the type changes. */
    private final java.util.List<Control> settingControls = new ArrayList<>();
    private Button repositoryCheck;
    private final Map<String, Control> inputs = new LinkedHashMap<>();
    private boolean typed;
    private Result result;

    private StoreDialog(Shell shell, StoreConfigurations configs, List<StoreType> types, StoreImporter importer,
            Configured editing, Path xmi) {
        super(shell);
        this.importer = importer;
        this.configs = configs;
        this.types = types;
        this.editing = editing;
        this.xmi = xmi;
        this.type = editing != null ? editing.type() : types.isEmpty() ? null : types.get(0);
    }

    static StoreDialog add(Shell shell, StoreConfigurations configs) {
        return new StoreDialog(shell, configs, configs.installedTypes(), null, null, null);
    }

    static StoreDialog edit(Shell shell, StoreConfigurations configs, Configured store) {
        return new StoreDialog(shell, configs, List.of(store.type()), null, store, null);
    }

    static StoreDialog importXmi(Shell shell, StoreConfigurations configs, StoreImporter importer, Path xmi) {
        return new StoreDialog(shell, configs, List.of(configs.type(importer.storeType())), importer, null, xmi);
    }

    /** The user's input once OK was pressed, else null. */
    Result result() {
        return result;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(editing != null ? "Edit Store" : xmi != null ? "Import XMI" : "Add Store");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(editing != null ? "Edit store '" + editing.name() + "'"
                : xmi != null ? "Import " + xmi.getFileName() + " into a new " + type.name() + " store" : "Add a store");
        form = new Composite(area, SWT.NONE);
        form.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        form.setLayout(new GridLayout(2, false));

        if (xmi != null) {
            label(form, "XMI file:");
            label(form, xmi.toString());
        }
        label(form, "Type:");
        if (types.size() > 1) {
            typeCombo = new Combo(form, SWT.READ_ONLY);
            typeCombo.setItems(types.stream().map(StoreType::name).toArray(String[]::new));
            typeCombo.select(0);
            typeCombo.setData(EDITS, "type");
            typeCombo.addListener(SWT.Selection, e -> {
                type = types.get(typeCombo.getSelectionIndex());
                showSettings(Map.of());
            });
        } else {
            label(form, type == null ? "(no store type is installed)" : type.name());
        }
        label(form, "Name:");
        nameText = new Text(form, SWT.BORDER | (editing != null ? SWT.READ_ONLY : SWT.NONE));
        nameText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        nameText.setData(EDITS, dev.strata.core.ModelStore.NAME);
        if (editing != null) {
            nameText.setText(editing.name());
            nameText.setToolTipText("To rename a store, remove it and add it again under the new name");
        } else if (xmi != null) {
            nameText.setText(suggestedName(xmi));
        }
        nameText.addListener(SWT.Modify, e -> {
            typed = true;
            validate();
        });

        if (xmi != null) {
            repositoryCheck = new Button(form, SWT.CHECK);
            repositoryCheck.setText("Also create a repository of the same name for the model in the file");
            repositoryCheck.setSelection(true);
            repositoryCheck.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            repositoryCheck.setData(EDITS, "repository");
        }
        showSettings(editing != null ? editing.values() : Map.of());
        return area;
    }

    /** A store name from a file name: its letters, digits, '_' and '-'. */
    static String suggestedName(Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String name = base.replaceAll("[^A-Za-z0-9_-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        return name.isEmpty() ? "imported" : name;
    }

    private static Label label(Composite parent, String text) {
        Label l = new Label(parent, SWT.NONE);
        l.setText(text);
        return l;
    }

    /** Shows the settings of the chosen type, filled with these values (the type's defaults where empty). */
    private void showSettings(Map<String, String> values) {
        settingControls.forEach(Control::dispose);
        settingControls.clear();
        inputs.clear();
        if (type != null) {
            for (Setting s : type.settings()) {
                Label l = label(form, s.label() + ":");
                l.setToolTipText(s.hint().isEmpty() ? null : s.hint());
                Control input = input(s, values.getOrDefault(s.property(), ""));
                input.setData(EDITS, s.property());
                if (!s.hint().isEmpty()) {
                    input.setToolTipText(s.hint());
                }
                inputs.put(s.property(), input);
                settingControls.add(l);
                settingControls.add(input);
            }
        }
        // In the one grid with type and name, so the columns line up; the import option stays last.
        if (repositoryCheck != null) {
            settingControls.forEach(c -> c.moveAbove(repositoryCheck));
        }
        form.layout(true, true);
        Shell shell = getShell();
        if (shell != null && shell.isVisible()) {
            Point wanted = shell.computeSize(SWT.DEFAULT, SWT.DEFAULT);
            shell.setSize(Math.max(wanted.x, shell.getSize().x), wanted.y);
        }
        validate();
    }

    private Control input(Setting s, String value) {
        if (s.kind() == StoreType.Kind.CHOICE) {
            Combo combo = new Combo(form, SWT.READ_ONLY);
            combo.setItems(s.choices().toArray(String[]::new));
            int index = s.choices().indexOf(value.isEmpty() ? s.defaultValue() : value);
            combo.select(Math.max(0, index));
            combo.addListener(SWT.Selection, e -> validate());
            return combo;
        }
        Text text = new Text(form, SWT.BORDER | (s.kind() == StoreType.Kind.PASSWORD ? SWT.PASSWORD : SWT.NONE));
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
        data.widthHint = 360;
        text.setLayoutData(data);
        text.setText(value);
        if (s.isNumber()) {
            text.setMessage("default " + s.defaultValue());
        } else if (!s.hint().isEmpty() && s.kind() == StoreType.Kind.TEXT) {
            text.setMessage(s.hint());
        }
        text.addListener(SWT.Modify, e -> validate());
        return text;
    }

    /** The settings as entered, by property. */
    private Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        inputs.forEach((property, control) -> values.put(property,
                control instanceof Combo c ? c.getText() : ((Text) control).getText()));
        return values;
    }

    private void validate() {
        if (nameText == null || nameText.isDisposed()) {
            return;
        }
        Map<String, String> values = values();
        String problem = configs.problem(type, nameText.getText(), values, editing == null);
        if (problem == null && xmi != null) {
            problem = importer.problem(nameText.getText().trim(), values);
        }
        if (problem != null && !typed && nameText.getText().isBlank()) {
            // Before anything was typed, the first thing to do is not an error.
            setErrorMessage(null);
            setMessage(problem, IMessageProvider.INFORMATION);
        } else {
            setErrorMessage(problem);
            setMessage(editing != null ? "The store restarts with the new settings when you press Save."
                    : "Settings left empty take their defaults (hover over a setting for what it means).");
        }
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText(editing != null ? "Save" : xmi != null ? "Import" : "Add");
        validate();
    }

    @Override
    public void create() {
        super.create();
        if (editing == null) {
            nameText.setFocus();
        }
    }

    @Override
    protected void okPressed() {
        result = new Result(type, nameText.getText().trim(), values(),
                repositoryCheck != null && repositoryCheck.getSelection());
        super.okPressed();
    }
}
