package dev.strata.ui.internal;

import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.strata.wire.ModelFiles;

/** The fields the import and export wizards share, on a grid of three columns; each is named for tests by its "field" data. */
final class WizardFields {

    private WizardFields() {
    }

    /** A control spanning columns of the grid, named. */
    static <T extends org.eclipse.swt.widgets.Control> T field(T control, String key, int span) {
        control.setData("field", key);
        control.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, span, 1));
        return control;
    }

    /** A label and a list of the running repositories, the first chosen. */
    static org.eclipse.swt.widgets.Combo repositories(Composite form, dev.strata.core.admin.StrataAdmin admin) {
        new Label(form, SWT.NONE).setText("Repository:");
        org.eclipse.swt.widgets.Combo combo = field(new org.eclipse.swt.widgets.Combo(form, SWT.READ_ONLY), "repository", 2);
        combo.setItems(admin.repositories().stream().map(dev.strata.core.Repository::name).sorted().toArray(String[]::new));
        combo.select(0);
        return combo;
    }

    /**
     * The "File: [path] Browse…" row.
     *
     * @param dialogStyle   {@link SWT#OPEN} or {@link SWT#SAVE}
     * @param suggestedName the file name the chooser proposes, or null
     */
    static Text file(Composite form, int dialogStyle, Supplier<String> suggestedName) {
        new Label(form, SWT.NONE).setText("File:");
        Text file = field(new Text(form, SWT.BORDER), "file", 1);
        Button browse = new Button(form, SWT.PUSH);
        browse.setText("Browse…");
        browse.addListener(SWT.Selection, e -> {
            FileDialog d = new FileDialog(form.getShell(), dialogStyle);
            d.setFilterExtensions(modelFileFilters());
            String name = suggestedName.get();
            if (name != null) {
                d.setFileName(name);
            }
            String chosen = d.open();
            if (chosen != null) {
                file.setText(chosen);
            }
        });
        return file;
    }

    /** File dialog filters: every model file read here (UML's too, where UML2 is installed), then any file. */
    static String[] modelFileFilters() {
        return new String[] { ModelFiles.extensions().stream().map(e -> "*." + e).collect(Collectors.joining(";")), "*.*" };
    }
}
