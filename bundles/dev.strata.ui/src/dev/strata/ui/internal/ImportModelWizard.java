package dev.strata.ui.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.Adapters;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IImportWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;

import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.admin.StrataConfig;
import dev.strata.ui.StrataViews;
import dev.strata.wire.ModelFiles;
import jakarta.inject.Inject;

/**
 * Import > Strata > Model file into a repository (File > Import… in the product and in an IDE): a
 * model file (any {@link ModelFiles} reads) into a new repository on a running store, or into an existing
 * one. A selected file (a path, or anything that adapts to one, such as an IDE workspace file)
 * fills the file field.
 */
public final class ImportModelWizard extends Wizard implements IImportWizard {

    @Inject
    @Service
    private StrataAdmin admin;
    private IWorkbench workbench;
    private Path selected;
    private Page page;

    public ImportModelWizard() {
        setWindowTitle("Import Model File");
        setNeedsProgressMonitor(false);
    }

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        this.workbench = workbench;
        ContextInjectionFactory.inject(this, workbench.getService(IEclipseContext.class));
        FirstUse.ensureRunning(admin); // opened before any Strata view: offer the default store, not only memory
        Object first = selection == null ? null : selection.getFirstElement();
        selected = first == null ? null : Adapters.adapt(first, Path.class);
    }

    @Override
    public void addPages() {
        page = new Page();
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        ImportModelJob job = new ImportModelJob(admin, page.file(), page.repository(), page.newOnStore());
        job.schedule();
        var window = workbench.getActiveWorkbenchWindow();
        if (window != null && window.getActivePage() != null) {
            try {
                window.getActivePage().showView(StrataViews.EXPLORER);
            } catch (PartInitException e) {
                // The explorer cannot open now: the import runs and reports all the same.
            }
        }
        return true;
    }

    /** The page: which file, and into which repository. */
    private final class Page extends WizardPage {

        private Text file;
        private Button intoNew;
        private Text name;
        private Combo store;
        private Combo existing;

        Page() {
            super("model-file");
            setTitle("Model file into a repository");
            setDescription("Reads a model file (XMI, Ecore, JSON, or any type EMF reads here, such as UML) and commits its"
                    + " objects to a repository.");
        }

        @Override
        public void createControl(Composite parent) {
            Composite form = new Composite(parent, SWT.NONE);
            form.setLayout(new GridLayout(3, false));
            file = WizardFields.file(form, SWT.OPEN, () -> null);

            intoNew = WizardFields.field(new Button(form, SWT.RADIO), "new", 3);
            intoNew.setText("Into a new repository");
            new Label(form, SWT.NONE).setText("Name:");
            name = WizardFields.field(new Text(form, SWT.BORDER), "name", 2);
            new Label(form, SWT.NONE).setText("Store:");
            store = WizardFields.field(new Combo(form, SWT.READ_ONLY), "store", 2);
            store.setItems(RepositoryDialog.runningStores(admin).toArray(String[]::new));
            store.select(0);

            Button intoExisting = WizardFields.field(new Button(form, SWT.RADIO), "existing", 3);
            intoExisting.setText("Into an existing repository");
            existing = WizardFields.repositories(form, admin);

            intoNew.setSelection(true);
            if (selected != null) {
                file.setText(selected.toString());
                name.setText(suggestedName(selected));
            }
            file.addListener(SWT.Modify, e -> {
                if (name.getText().isEmpty() && !file.getText().isBlank()) {
                    name.setText(suggestedName(Path.of(file.getText().trim())));
                }
                check();
            });
            for (var w : List.of(name, store, existing, intoNew, intoExisting)) {
                w.addListener(w instanceof Text ? SWT.Modify : SWT.Selection, e -> check());
            }
            setControl(form);
            check();
        }

        /** Enables Finish when the choice is complete; says what is missing or wrong. */
        private void check() {
            boolean isNew = intoNew.getSelection();
            name.setEnabled(isNew);
            store.setEnabled(isNew);
            existing.setEnabled(!isNew);
            String problem = problem(isNew);
            setErrorMessage(problem);
            setPageComplete(problem == null);
        }

        private String problem(boolean isNew) {
            String f = file.getText().trim();
            if (f.isEmpty()) {
                return "Choose a model file.";
            }
            if (!Files.isReadable(Path.of(f))) {
                return "No readable file " + f + ".";
            }
            try {
                ModelFiles.checkReadable(Path.of(f));
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            if (!isNew) {
                return existing.getText().isEmpty() ? "No repository is running: import into a new one." : null;
            }
            String n = name.getText().trim();
            if (!n.matches(StrataConfig.NAME_PATTERN)) {
                return "A repository name has letters, digits, '_' and '-' (starting with a letter or digit), not '" + n
                        + "'.";
            }
            if (admin.repositoryExists(n)) {
                return "Repository '" + n + "' exists: choose it below, or another name.";
            }
            return store.getText().isEmpty() ? "No store is running: add one in the Stores view first." : null;
        }

        Path file() {
            return Path.of(file.getText().trim());
        }

        String repository() {
            return intoNew.getSelection() ? name.getText().trim() : existing.getText();
        }

        String newOnStore() {
            return intoNew.getSelection() ? store.getText() : null;
        }
    }

    /** A repository name from a file name: its base name with what names do not allow replaced. */
    static String suggestedName(Path file) {
        String base = file.getFileName() == null ? "" : file.getFileName().toString();
        base = base.contains(".") ? base.substring(0, base.lastIndexOf('.')) : base;
        base = base.replaceAll("[^A-Za-z0-9_-]", "-").replaceAll("^[-_]+", "");
        return base;
    }
}
