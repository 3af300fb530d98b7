package dev.strata.ui.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IExportWizard;
import org.eclipse.ui.IWorkbench;

import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.wire.ModelFiles;
import jakarta.inject.Inject;

/**
 * Export > Strata > Repository to a model file (File > Export… in the product and in an IDE): the
 * committed root objects of a repository, in the format the file's extension names. If the views
 * hold changes to it that are not committed, the page says they are not exported; an existing
 * file is replaced only when the user confirms.
 */
public final class ExportModelWizard extends Wizard implements IExportWizard {

    @Inject
    @Service
    private StrataAdmin admin;
    @Inject
    private WorkbenchSessions sessions;
    private Page page;

    public ExportModelWizard() {
        setWindowTitle("Export Model File");
    }

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        ContextInjectionFactory.inject(this, workbench.getService(IEclipseContext.class));
    }

    @Override
    public void addPages() {
        page = new Page();
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        Path file = page.file();
        if (Files.exists(file) && !MessageDialog.openQuestion(getShell(), "File Exists",
                file + " exists. Replace it with repository '" + page.repository().name() + "'?")) {
            return false;
        }
        new ExportModelJob(page.repository(), file).schedule();
        return true;
    }

    /** The page: which repository, to which file. */
    private final class Page extends WizardPage {

        private Combo repository;
        private Text file;
        private Label note;

        Page() {
            super("repository");
            setTitle("Repository to a model file");
            setDescription("Writes a repository's committed objects to an XMI, Ecore or JSON file (by its extension).");
        }

        @Override
        public void createControl(Composite parent) {
            Composite form = new Composite(parent, SWT.NONE);
            form.setLayout(new GridLayout(3, false));
            repository = WizardFields.repositories(form, admin);
            file = WizardFields.file(form, SWT.SAVE, () -> repository.getText() + ".xmi");
            note = new Label(form, SWT.WRAP);
            note.setData("field", "note");
            note.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1));
            repository.addListener(SWT.Selection, e -> check());
            file.addListener(SWT.Modify, e -> check());
            setControl(form);
            check();
        }

        private void check() {
            Repository r = repository();
            Session open = r == null ? null : sessions.existing(r);
            note.setText(open != null && open.isDirty()
                    ? "Repository '" + r.name() + "' has changes in the views that are not committed: the export"
                            + " writes the committed state, without them."
                    : "");
            String problem = null;
            String f = file.getText().trim();
            if (r == null) {
                problem = "No repository is running.";
            } else if (f.isEmpty()) {
                problem = "Choose the file to write.";
            } else {
                try {
                    ModelFiles.checkExtension(Path.of(f));
                    Path parent = Path.of(f).toAbsolutePath().getParent();
                    if (parent == null || !Files.isDirectory(parent)) {
                        problem = "No folder " + parent + ".";
                    }
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            setErrorMessage(problem);
            setPageComplete(problem == null);
            note.getParent().layout();
        }

        Repository repository() {
            return admin.repository(repository.getText()).orElse(null);
        }

        Path file() {
            return Path.of(file.getText().trim());
        }
    }
}
