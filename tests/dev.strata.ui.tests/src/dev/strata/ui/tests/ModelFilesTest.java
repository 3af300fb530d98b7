package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.check;
import static dev.strata.ui.tests.Widgets.click;
import static dev.strata.ui.tests.Widgets.expand;
import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.item;
import static dev.strata.ui.tests.Widgets.onShell;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.commands.Command;
import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.core.expressions.EvaluationContext;
import org.eclipse.core.expressions.EvaluationResult;
import org.eclipse.core.expressions.Expression;
import org.eclipse.core.expressions.ExpressionConverter;
import org.eclipse.core.expressions.IEvaluationContext;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.ISources;
import org.eclipse.ui.IWorkbenchCommandConstants;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.ui.StrataViews;
import dev.strata.ui.StrataWizards;
import dev.strata.ui.internal.ImportModelJob;
import dev.strata.ui.internal.StrataJobs;
import dev.strata.wire.ModelFiles;

/**
 * File > Import… and File > Export… as a user runs them: the workbench's Import/Export command
 * opens Strata's wizard, its fields are filled and Finish pressed; what the job did shows in the
 * Model Explorer or in the written file. Also Edit > Select All in the explorer, and an IDE
 * workspace file's Import into Strata….
 */
class ModelFilesTest {

    private static final BundleContext CONTEXT = FrameworkUtil.getBundle(ModelFilesTest.class).getBundleContext();

    @TempDir
    Path dir;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> repositories = new ArrayList<>();
    private StrataAdmin admin;
    private String storeName;
    private ServiceRegistration<ModelStore> store;
    private IWorkbenchWindow window;
    private IWorkbenchPage page;

    @BeforeEach
    void runningStore() throws Exception {
        admin = CONTEXT.getService(CONTEXT.getServiceReference(StrataAdmin.class));
        storeName = "files-" + suffix;
        EventAdmin events = CONTEXT.getService(CONTEXT.getServiceReference(EventAdmin.class));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ModelStore.NAME, storeName);
        store = CONTEXT.registerService(ModelStore.class, Repositories.memoryStore(storeName, events), props);
        window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        page = window.getActivePage();
        page.showView(StrataViews.EXPLORER);
    }

    @AfterEach
    void removeRepositories() {
        for (String r : repositories) {
            admin.remove(r);
            admin.awaitGone(r, StrataAdmin.WAIT);
        }
        store.unregister();
    }

    @Test
    void anXmiFileImportedThroughFileImportShowsAsANewRepositoryWithItsObjects() throws Exception {
        importedAsANewRepository("plan.xmi");
    }

    /** A model file of a tool whose extension nobody registered here (UML2 not installed, say), XMI inside. */
    @Test
    void anXmiFileOfAnotherToolsExtensionImportsThroughFileImport() throws Exception {
        importedAsANewRepository("plan.sysml");
    }

    private void importedAsANewRepository(String name) throws Exception {
        Path xmi = Files.move(ImportXmiTest.writeXmi(dir.resolve("plan.xmi")), dir.resolve(name),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String repo = "plan-" + suffix + name.substring(name.indexOf('.') + 1);

        IStatus result = importThroughWizard(xmi, repo);

        assertTrue(result.isOK(), result.getMessage());
        TreeItem project = shownUnder(repo, "Project Imported plan");
        expand(project.getParent(), project);
        waitFor(() -> item(project.getItems(), "Task first") != null && item(project.getItems(), "Task second") != null
                ? project : null, "the project's two tasks");
        assertEquals(storeName, admin.repository(repo).orElseThrow().store().name(), "on the store chosen in the wizard");
    }

    @Test
    void ecoresOwnMetamodelImportsAsAModelOfEClasses() throws Exception {
        Path ecore = writeEcore();
        String repo = "ecore-" + suffix;

        IStatus result = importThroughWizard(ecore, repo);

        assertTrue(result.isOK(), result.getMessage());
        try (Session s = admin.repository(repo).orElseThrow().openSession()) {
            EPackage imported = (EPackage) s.roots().get(0);
            assertEquals(EcorePackage.eNS_URI, imported.getNsURI());
            assertEquals(EcorePackage.eINSTANCE.getEClassifiers().size(), imported.getEClassifiers().size());
            EClass eClass = (EClass) imported.getEClassifier("EClass");
            assertEquals(List.of("EClassifier"), eClass.getESuperTypes().stream().map(EClass::getName).toList(),
                    "references inside the model kept");
        }
        TreeItem ecorePackage = shownUnder(repo, "EPackage");
        expand(ecorePackage.getParent(), ecorePackage);
        waitFor(() -> item(ecorePackage.getItems(), "EClass EAttribute"), "EClass rows for Ecore's classes");
    }

    @Test
    void aUmlFileImportsThroughFileImportAndTheExplorerShowsItsModel() throws Exception {
        // A real UML2 file: Java's primitive types as UML2 ships them, with the Standard profile applied.
        Path uml = dir.resolve("primitives.uml");
        try (InputStream in = Platform.getBundle("org.eclipse.uml2.uml.resources")
                .getEntry("libraries/JavaPrimitiveTypes.library.uml").openStream()) {
            Files.copy(in, uml);
        }
        String repo = "uml-" + suffix;

        IStatus result = importThroughWizard(uml, repo);

        assertTrue(result.isOK(), result.getMessage());
        assertTrue(admin.repository(repo).orElseThrow().packages().stream()
                .anyMatch(p -> p.getNsURI().equals("http://www.eclipse.org/uml2/5.0.0/UML")), "made with UML's package");
        TreeItem model = shownUnder(repo, "Model JavaPrimitiveTypes");
        assertNotNull(item(model.getParentItem().getItems(), "Model Library"), "the stereotype application, a root too");
        expand(model.getParent(), model);
        List<String> rows = waitFor(() -> {
            List<String> shown = java.util.Arrays.stream(model.getItems()).map(TreeItem::getText)
                    .filter(t -> t.startsWith("Primitive Type")).toList();
            return shown.size() == 8 ? shown : null;
        }, "the model's eight primitive types");
        assertTrue(rows.contains("Primitive Type int") && rows.contains("Primitive Type boolean"), rows.toString());
    }

    @Test
    void aRepositoryExportsToXmiAndJsonFilesThatReadBackEqual() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("export-" + suffix)) {
            f.projectWithTask("Exported plan", "write it down");
            String repo = f.repository().name();
            waitFor(() -> admin.repository(repo).orElse(null), "the repository service");
            List<EObject> committed;
            try (Session s = f.repository().openSession()) {
                committed = new ArrayList<>(EcoreUtil.copyAll(s.roots()));
            }
            // A pending edit in the views: the page says it is not exported, and the file shows it is not.
            Session workbench = Injected.sessions().session(f.repository());
            Project pending = TasksFactory.eINSTANCE.createProject();
            pending.setName("not committed");
            workbench.add(pending);
            try {
                Path xmi = dir.resolve("plan.xmi");
                AtomicReference<String> note = new AtomicReference<>();
                assertTrue(exportThroughWizard(repo, xmi, note).isOK());
                assertTrue(note.get().contains("not committed") && note.get().contains("without them"), note.get());
                Resource read = new XMIResourceImpl(URI.createFileURI(xmi.toString()));
                read.load(null);
                assertTrue(EcoreUtil.equals(committed, read.getContents()), "the XMI file holds the committed roots");
                Path json = dir.resolve("plan.json");
                assertTrue(exportThroughWizard(repo, json, note).isOK());
                assertTrue(EcoreUtil.equals(committed, ModelFiles.load(json).getContents()),
                        "the JSON file holds the committed roots");

                // Again to the same file: replaced only once the user says so.
                Files.writeString(xmi, "old");
                AtomicReference<Throwable> replace = onShell("File Exists", q -> click(q, "&Yes"));
                assertTrue(exportThroughWizard(repo, xmi, note).isOK());
                check(replace);
                read = new XMIResourceImpl(URI.createFileURI(xmi.toString()));
                read.load(null);
                assertTrue(EcoreUtil.equals(committed, read.getContents()), "the replaced file");
            } finally {
                workbench.rollback();
            }
        }
    }

    @Test
    void aFileImportsIntoAnExistingRepositoryOnlyIfItHasTheFilesPackages() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("existing-" + suffix)) {
            f.projectWithTask("Already there", "kept");
            String repo = f.repository().name();
            waitFor(() -> admin.repository(repo).orElse(null), "the repository service");
            Path xmi = ImportXmiTest.writeXmi(dir.resolve("plan.xmi"));
            ImportModelJob job = new ImportModelJob(admin, xmi, repo, null);
            IStatus result = run(job);
            assertTrue(result.isOK(), job.outcome());
            assertEquals("Imported 1 root object(s), 3 in all, from plan.xmi into repository '" + repo + "'.",
                    job.outcome());
            TreeItem imported = shownUnder(repo, "Project Imported plan");
            assertNotNull(item(imported.getParentItem().getItems(), "Project Already there"), "the earlier project stays");

            Path ecore = writeEcore();
            ImportModelJob refused = new ImportModelJob(admin, ecore, repo, null);
            refused.setUser(false); // its error is asserted here, not shown in a dialog that outlives the test
            assertEquals(IStatus.ERROR, run(refused).getSeverity());
            assertEquals("Cannot import Ecore.ecore into repository '" + repo + "': it holds objects of packages the"
                    + " repository was not made with: " + EcorePackage.eNS_URI + ". Import it into a new repository"
                    + " instead.", refused.outcome());
            try (Session s = f.repository().openSession()) {
                assertEquals(2, s.roots().size(), "nothing of the refused file committed");
            }
        }
    }

    @Test
    void aFailedImportLeavesNoRepositoryBehind() throws Exception {
        Path xmi = ImportXmiTest.writeXmi(dir.resolve("plan.xmi"));
        String repo = "orphan-" + suffix;
        // Its store never runs: the repository it configures does not start within the admin's wait.
        ImportModelJob job = new ImportModelJob(admin, xmi, repo, "no-such-store-" + suffix);
        job.setUser(false); // its error is asserted here, not shown in a dialog that outlives the test
        job.schedule();
        assertTrue(job.join(StrataAdmin.WAIT.toMillis() * 2, null), "the job ended");
        assertEquals(IStatus.ERROR, job.getResult().getSeverity());
        assertEquals("Repository '" + repo + "' was configured on store 'no-such-store-" + suffix + "' but did not start"
                + " within " + StrataAdmin.WAIT.toSeconds() + " s; nothing was imported. Repository '" + repo
                + "' was removed again.", job.outcome());
        assertTrue(admin.awaitGone(repo, StrataAdmin.WAIT));
        assertFalse(admin.repositoryExists(repo), "no configuration left");
    }

    @Test
    void fileNewRepositoryOpensTheNewRepositoryDialogAndTheExplorerShowsIt() throws Exception {
        String repo = "new-" + suffix;
        repositories.add(repo);
        AtomicReference<Throwable> created = onShell("New Repository", dialog -> {
            field(dialog, Text.class, "name").setText(repo);
            Combo stores = field(dialog, Combo.class, "store");
            stores.select(stores.indexOf(storeName));
            org.eclipse.swt.widgets.Table packages = find(dialog, org.eclipse.swt.widgets.Table.class, t -> true);
            for (org.eclipse.swt.widgets.TableItem row : packages.getItems()) {
                if (row.getText().equals(dev.strata.example.tasks.TasksPackage.eNS_URI)) {
                    row.setChecked(true);
                }
            }
            packages.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            click(dialog, "OK");
        });
        window.getService(IHandlerService.class).executeCommand("dev.strata.ui.newRepository", null);
        check(created);
        assertTrue(admin.awaitRepository(repo, StrataAdmin.WAIT), "the repository configured by the dialog");
        assertEquals(storeName, admin.repository(repo).orElseThrow().store().name());
        waitFor(() -> find(window.getShell(), Tree.class, t -> item(t.getItems(), repo) != null),
                "the new repository in the explorer");
    }

    @Test
    void anUnreadableFileIsReportedWithItsPathAndLine() throws Exception {
        Path bad = dir.resolve("broken.xmi");
        Files.writeString(bad, "<?xml version=\"1.0\"?>\n<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\">\n<oops\n");
        Path unknown = dir.resolve("unknown.xmi");
        Files.writeString(unknown, "<?xml version=\"1.0\"?>\n<p:Thing xmlns:xmi=\"http://www.omg.org/XMI\""
                + " xmlns:p=\"http://example.org/no-such-package\" xmi:version=\"2.0\"/>\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> ModelFiles.load(bad));
        assertTrue(e.getMessage().startsWith("Cannot read " + bad + ", line "), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> ModelFiles.load(unknown));
        assertTrue(e.getMessage().startsWith("Cannot read " + unknown + ", line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("http://example.org/no-such-package"), e.getMessage());
    }

    @Test
    void selectAllSelectsEveryItemTheExplorerShows() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("all-" + suffix)) {
            f.projectWithTask("Open", "shown");
            f.projectWithTask("Folded", "hidden");
            String repo = f.repository().name();
            TreeItem open = Widgets.selectInExplorer(window.getShell(), repo, "Project Open", "Task shown").getParentItem();
            Tree tree = open.getParent();
            TreeItem folded = item(open.getParentItem().getItems(), "Project Folded");
            folded.setExpanded(false); // the explorer opens what it loads: fold one as a user does
            // A click into the tree makes the explorer the active part (an earlier test may have left another active).
            window.getActivePage().activate(window.getActivePage().findView(dev.strata.ui.StrataViews.EXPLORER));
            tree.setFocus();

            window.getService(IHandlerService.class).executeCommand(IWorkbenchCommandConstants.EDIT_SELECT_ALL, null);

            List<TreeItem> selected = List.of(tree.getSelection());
            for (TreeItem shown : List.of(open.getParentItem(), open, open.getItem(0), folded)) {
                assertTrue(selected.contains(shown), shown.getText() + " selected");
            }
            assertTrue(selected.stream().noneMatch(i -> i.getParentItem() == folded), "nothing folded away is selected");
            // The view heard it as a user's selection: Delete now acts on all of it.
            List<?> edits = waitFor(() -> Injected.explorerSelection().size() == selected.size()
                    ? Injected.explorerSelection() : null, "the explorer's selection as the commands see it");
            assertEquals(selected.size(), edits.size());
        }
    }

    @Test
    void aWorkspaceFileOpensTheImportWizardFilledIn() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("strata-" + suffix);
        project.create(null);
        project.open(null);
        try {
            IFile file = project.getFile("plan.xmi");
            file.create(new ByteArrayInputStream(Files.readAllBytes(ImportXmiTest.writeXmi(dir.resolve("plan.xmi")))), true, null);
            AtomicReference<String> shown = new AtomicReference<>();
            AtomicReference<Throwable> opened = onShell("Import Model File", wizard -> {
                shown.set(field(wizard, Text.class, "file").getText());
                click(wizard, "Cancel");
            });
            IHandlerService handlers = window.getService(IHandlerService.class);
            IEvaluationContext context = handlers.createContextSnapshot(false);
            context.addVariable(ISources.ACTIVE_CURRENT_SELECTION_NAME, new StructuredSelection(file));
            Command command = window.getService(ICommandService.class).getCommand("dev.strata.ui.ide.importFile");
            handlers.executeCommandInContext(new ParameterizedCommand(command, null), null, context);
            check(opened);
            assertEquals(file.getLocation().toOSString(), shown.get(), "the wizard's file is the workspace file");
        } finally {
            project.delete(true, null);
        }
    }

    @Test
    void importIntoStrataIsOfferedForAWorkspaceUmlFileAndAnXmiFileAndNotForAnyFile() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("menu-" + suffix);
        project.create(null);
        project.open(null);
        try {
            IFile uml = project.getFile("model.uml");
            uml.create(new ByteArrayInputStream(new byte[0]), true, null);
            IFile text = project.getFile("notes.txt");
            text.create(new ByteArrayInputStream(new byte[0]), true, null);
            IFile sysml = project.getFile("plan.sysml"); // another tool's extension, XMI inside
            sysml.create(new ByteArrayInputStream(Files.readAllBytes(ImportXmiTest.writeXmi(dir.resolve("plan.xmi")))),
                    true, null);
            // The condition the context menu item shows under, as plugin.xml states it.
            IConfigurationElement command = java.util.Arrays.stream(
                    Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.ui.menus"))
                    .flatMap(c -> java.util.Arrays.stream(c.getChildren("command")))
                    .filter(c -> "dev.strata.ui.ide.menu.importFile".equals(c.getAttribute("id"))).findFirst()
                    .orElseThrow();
            Expression visibleWhen = ExpressionConverter.getDefault()
                    .perform(command.getChildren("visibleWhen")[0].getChildren()[0]);
            assertEquals(EvaluationResult.TRUE, visibleWhen.evaluate(menuOn(uml)), "offered for model.uml");
            assertEquals(EvaluationResult.FALSE, visibleWhen.evaluate(menuOn(text)), "not offered for notes.txt");
            assertEquals(EvaluationResult.TRUE, visibleWhen.evaluate(menuOn(sysml)), "offered for an XMI plan.sysml");
        } finally {
            project.delete(true, null);
        }
    }

    private static IEvaluationContext menuOn(IFile file) {
        IEvaluationContext context = new EvaluationContext(null, file);
        context.addVariable("activeMenuSelection", new StructuredSelection(file));
        // As the workbench's menus allow: the tester's bundle is started if it is not yet (the
        // result hung on test order before: NOT_LOADED unless another test had started it).
        context.setAllowPluginActivation(true);
        return context;
    }

    /** The explorer's item of a root object of a repository (a label prefix), once shown. */
    private TreeItem shownUnder(String repo, String label) {
        Tree tree = waitFor(() -> find(window.getShell(), Tree.class, t -> item(t.getItems(), repo) != null),
                "repository " + repo + " in the explorer");
        return waitFor(() -> {
            TreeItem r = item(tree.getItems(), repo);
            if (!r.getExpanded()) {
                expand(tree, r);
            }
            return item(r.getItems(), label);
        }, "'" + label + "' under repository " + repo);
    }

    /** File > Import… > Strata > Model file into a repository, into a new repository on the test's store. */
    private IStatus importThroughWizard(Path file, String repo) throws Exception {
        repositories.add(repo);
        AtomicReference<Throwable> finished = onShell("Import Model File", wizard -> {
            field(wizard, Text.class, "file").setText(file.toString());
            Text name = field(wizard, Text.class, "name");
            assertEquals(file.getFileName().toString().replaceFirst("\\.[a-z]+$", ""), name.getText(),
                    "the name is suggested from the file");
            name.setText(repo);
            Combo stores = field(wizard, Combo.class, "store");
            stores.select(stores.indexOf(storeName));
            stores.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            click(wizard, "&Finish");
        });
        return runWizard(IWorkbenchCommandConstants.FILE_IMPORT, IWorkbenchCommandConstants.FILE_IMPORT_PARM_WIZARDID,
                StrataWizards.IMPORT, StrataJobs.IMPORT, finished);
    }

    /** File > Export… > Strata > Repository to a model file; the page's note on pending changes is kept. */
    private IStatus exportThroughWizard(String repo, Path file, AtomicReference<String> note) throws Exception {
        AtomicReference<Throwable> finished = onShell("Export Model File", wizard -> {
            Combo repos = field(wizard, Combo.class, "repository");
            repos.select(repos.indexOf(repo));
            repos.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            field(wizard, Text.class, "file").setText(file.toString());
            note.set(field(wizard, Label.class, "note").getText());
            click(wizard, "&Finish");
        });
        return runWizard(IWorkbenchCommandConstants.FILE_EXPORT, IWorkbenchCommandConstants.FILE_EXPORT_PARM_WIZARDID,
                StrataWizards.EXPORT, StrataJobs.EXPORT, finished);
    }

    /** Ecore's own metamodel, as the EMF bundle holds it, saved to a file. */
    private Path writeEcore() throws Exception {
        Path ecore = dir.resolve("Ecore.ecore");
        try (OutputStream out = Files.newOutputStream(ecore)) {
            EcorePackage.eINSTANCE.eResource().save(out, null);
        }
        return ecore;
    }

    /** Runs a job to its end, the UI event loop going meanwhile. */
    private static IStatus run(Job job) {
        AtomicReference<IStatus> result = new AtomicReference<>();
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                result.set(event.getResult());
            }
        });
        job.schedule();
        return waitFor(result::get, "the end of " + job.getName());
    }

    /** Runs the workbench's Import or Export command for one wizard, then waits for the job its Finish started. */
    private IStatus runWizard(String commandId, String parameter, String wizard, Object family,
            AtomicReference<Throwable> finished) throws Exception {
        AtomicReference<IStatus> result = new AtomicReference<>();
        JobChangeAdapter done = new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                if (event.getJob().belongsTo(family)) {
                    result.set(event.getResult());
                }
            }
        };
        Job.getJobManager().addJobChangeListener(done);
        try {
            Command command = window.getService(ICommandService.class).getCommand(commandId);
            window.getService(IHandlerService.class)
                    .executeCommand(ParameterizedCommand.generateCommand(command, Map.of(parameter, wizard)), null);
            check(finished);
            return waitFor(result::get, "the end of the wizard's job");
        } finally {
            Job.getJobManager().removeJobChangeListener(done);
        }
    }

    private static <T extends org.eclipse.swt.widgets.Control> T field(Shell shell, Class<T> type, String key) {
        T found = find(shell, type, c -> key.equals(c.getData("field")));
        assertNotNull(found, "field " + key);
        return found;
    }

}
