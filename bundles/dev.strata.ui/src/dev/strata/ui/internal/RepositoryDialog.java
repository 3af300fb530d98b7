package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.eclipse.emf.ecore.EPackage;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.strata.core.ModelStore;
import dev.strata.core.admin.StrataAdmin;

/**
 * New Repository: a name, the store it lives in, and its model — packages already registered here
 * (generated models), and/or {@code .ecore} files read with dynamic EMF, so a model with no code
 * at all can be edited. Input is checked as it is typed; what the admin service refuses is shown.
 */
public final class RepositoryDialog extends TitleAreaDialog {

    /** What the user chose. */
    record Result(String name, String store, List<String> packages, List<String> modelFiles) {
    }

    private final List<String> stores;
    private final String preselected;
    private final java.util.function.Function<String, List<String>> repositoriesOn;
    private Text name;
    private Combo store;
    private Table packages;
    private org.eclipse.swt.widgets.List files;
    private Result result;

    RepositoryDialog(Shell shell, List<String> stores, String preselected,
            java.util.function.Function<String, List<String>> repositoriesOn) {
        super(shell);
        this.stores = stores;
        this.preselected = preselected;
        this.repositoriesOn = repositoriesOn;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        getShell().setText("New Repository");
        setTitle("New repository");
        setMessage("A model bound to a store: registered packages, or .ecore files (no generated code needed).");
        Composite form = new Composite(area, SWT.NONE);
        form.setLayout(new GridLayout(3, false));
        form.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        new Label(form, SWT.NONE).setText("Name:");
        name = new Text(form, SWT.BORDER);
        name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        name.setData("field", "name");

        new Label(form, SWT.NONE).setText("Store:");
        store = new Combo(form, SWT.READ_ONLY);
        store.setData("field", "store");
        store.setItems(stores.toArray(String[]::new));
        store.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        int at = stores.indexOf(preselected);
        store.select(at >= 0 ? at : 0);

        Label pl = new Label(form, SWT.NONE);
        pl.setText("Packages:");
        pl.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        packages = new Table(form, SWT.CHECK | SWT.BORDER | SWT.V_SCROLL);
        GridData pd = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        pd.heightHint = 140;
        packages.setLayoutData(pd);
        for (String uri : registeredPackages()) {
            new TableItem(packages, SWT.NONE).setText(uri);
        }

        Label fl = new Label(form, SWT.NONE);
        fl.setText("Model files:");
        fl.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        files = new org.eclipse.swt.widgets.List(form, SWT.BORDER | SWT.SINGLE | SWT.V_SCROLL);
        GridData fd = new GridData(SWT.FILL, SWT.FILL, true, false);
        fd.heightHint = 50;
        files.setLayoutData(fd);
        Composite fileButtons = new Composite(form, SWT.NONE);
        fileButtons.setLayout(new GridLayout(1, true));
        Button add = new Button(fileButtons, SWT.PUSH);
        add.setText("Add .ecore…");
        add.addListener(SWT.Selection, e -> addFile());
        Button remove = new Button(fileButtons, SWT.PUSH);
        remove.setText("Remove");
        remove.addListener(SWT.Selection, e -> {
            if (files.getSelectionIndex() >= 0) {
                files.remove(files.getSelectionIndex());
                check();
            }
        });

        name.addListener(SWT.Modify, e -> check());
        store.addListener(SWT.Selection, e -> check());
        packages.addListener(SWT.Selection, e -> check());
        return area;
    }

    /** Namespace URIs registered here, without Ecore's own and XML's (a repository of those is no model). */
    private static List<String> registeredPackages() {
        TreeSet<String> uris = new TreeSet<>(EPackage.Registry.INSTANCE.keySet());
        uris.removeIf(u -> u.startsWith("http://www.eclipse.org/emf/2002/") || u.startsWith("http://www.eclipse.org/emf/2003/")
                || u.startsWith("http://www.w3.org/"));
        return List.copyOf(uris);
    }

    private void addFile() {
        FileDialog dialog = new FileDialog(getShell(), SWT.OPEN);
        dialog.setText("Choose an .ecore file");
        dialog.setFilterExtensions(new String[] { "*.ecore", "*" });
        String path = dialog.open();
        if (path != null) {
            addModelFile(path);
        }
    }

    /** Adds a model file as the file chooser does (tests call it directly: GTK's chooser is native). */
    public void addModelFile(String path) {
        files.add(path);
        check();
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        check();
    }

    private List<String> checkedPackages() {
        List<String> result = new ArrayList<>();
        for (TableItem i : packages.getItems()) {
            if (i.getChecked()) {
                result.add(i.getText());
            }
        }
        return result;
    }

    /** Enables OK when the input is complete, and says what is missing or wrong. */
    private void check() {
        String problem = null;
        String n = name.getText().trim();
        if (stores.isEmpty()) {
            problem = "No store is running: add a store first.";
        } else if (n.isEmpty()) {
            problem = null; // nothing typed yet: the title message is enough (OK stays disabled)
        } else if (!n.matches(dev.strata.core.admin.StrataConfig.NAME_PATTERN)) {
            problem = "A name has letters, digits, '_' and '-' (starting with a letter or digit), not '" + n + "'.";
        } else if (checkedPackages().isEmpty() && files.getItemCount() == 0) {
            problem = "Check a package or add an .ecore file.";
        }
        setErrorMessage(problem);
        // A store has one set of roots: repositories on it see each other's objects. Allowed (two
        // views of one model), but never by accident.
        List<String> sharing = store.getText().isEmpty() ? List.of() : repositoriesOn.apply(store.getText());
        if (sharing.isEmpty()) {
            setMessage("A model bound to a store: registered packages, or .ecore files (no generated code needed).");
        } else {
            setMessage("Store '" + store.getText() + "' already holds repository " + String.join(", ", sharing.stream()
                    .map(r -> "'" + r + "'").toList()) + ": repositories on one store share its objects, and each"
                    + " shows all of its roots. Pick another store for a separate model.",
                    org.eclipse.jface.dialogs.IMessageProvider.WARNING);
        }
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null && !n.isEmpty());
        }
    }

    @Override
    protected void okPressed() {
        result = new Result(name.getText().trim(), store.getText(), checkedPackages(), List.of(files.getItems()));
        super.okPressed();
    }

    Result result() {
        return result;
    }

    /** The running stores by name; the memory store, which keeps nothing across restarts, last: offered, never the default. */
    static List<String> runningStores(StrataAdmin admin) {
        return admin.stores().stream()
                .sorted(java.util.Comparator.comparing((ModelStore st) -> "memory".equals(admin.typeOf(st))))
                .map(ModelStore::name).toList();
    }

    /** What New Repository did, for people. */
    record Outcome(boolean configured, String message) {
    }

    /**
     * New Repository (Stores view, File > New > Repository…): the dialog on the running stores, then
     * the repository the user chose configured; null if cancelled.
     */
    static Outcome open(Shell shell, StrataAdmin admin, String preselectedStore) {
        FirstUse.ensureRunning(admin); // File > New before any Strata view: the default store is offered
        RepositoryDialog dialog = new RepositoryDialog(shell, runningStores(admin), preselectedStore, admin::repositoriesOn);
        if (dialog.open() != OK) {
            return null;
        }
        Result r = dialog.result();
        try {
            admin.configureRepository(r.name(), r.store(), r.packages(), r.modelFiles());
            return new Outcome(true, "Repository '" + r.name() + "' configured on store '" + r.store()
                    + "'; it appears in the Model Explorer once its model is loaded.");
        } catch (IllegalArgumentException | IllegalStateException x) {
            return new Outcome(false, "Repository '" + r.name() + "' not created: " + x.getMessage());
        }
    }
}
