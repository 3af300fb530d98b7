package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.item;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.ui.StrataViews;
import dev.strata.ui.internal.ImportXmiJob;
import dev.strata.ui.internal.StoreConfigurations;

/**
 * Import XMI… as the Stores view runs it: a job imports a file written by plain EMF into a new file
 * store, configures it and a repository on it; cancelled, it leaves nothing behind.
 */
class ImportXmiTest {

    private static final BundleContext CONTEXT = FrameworkUtil.getBundle(ImportXmiTest.class).getBundleContext();

    @Test
    void anXmiFileBecomesAStoreAndARepositoryWithItsObjects() throws Exception {
        Path dir = Files.createTempDirectory("strata-ui-import");
        Path xmi = writeXmi(dir.resolve("plan.xmi"));
        String name = "imported-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> values = Map.of("directory", dir.resolve("store").toString(), "format", "xmi",
                "durability", "sync", "compact.after.mb", "");
        StoreConfigurations configs = StoreConfigurationTest.configurations();
        assertTrue(configs.xmiImporter().isPresent(), "the file store offers XMI import in this test runtime");
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.showView(StrataViews.EXPLORER);
        try {
            ImportXmiJob job = new ImportXmiJob(configs, xmi, name, values, true);
            IStatus result = run(job, false);
            assertEquals(IStatus.OK, result.getSeverity());
            assertTrue(job.imported(), job.outcome());
            assertEquals("Imported 1 root object(s) from plan.xmi into store '" + name + "' (" + dir.resolve("store")
                    + ") with repository '" + name + "'.", job.outcome());
            waitFor(() -> configs.running(name), "the imported store's service");
            Repository repo = waitFor(() -> repository(name), "the repository on it");
            try (Session s = repo.openSession()) {
                Project p = (Project) s.roots().get(0);
                assertEquals("Imported plan", p.getName());
                assertEquals(List.of("first", "second"), p.getTasks().stream().map(Task::getTitle).toList());
            }
            // The explorer follows repositories as they come: the new one shows, opened, without a refresh.
            Tree tree = waitFor(() -> find(page.getWorkbenchWindow().getShell(), Tree.class,
                    t -> item(t.getItems(), name) != null), "the imported repository in the explorer");
            TreeItem repoItem = item(tree.getItems(), name);
            waitFor(() -> item(repoItem.getItems(), "Project Imported plan"), "its project");
            try (var files = Files.list(dir)) {
                assertEquals(List.of("plan.xmi", "store"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                        "the store moved into place, no temporary directory left");
            }
        } finally {
            deleteConfigurations(name);
        }
    }

    @Test
    void aCancelledImportLeavesNothingBehind() throws Exception {
        Path dir = Files.createTempDirectory("strata-ui-import");
        Path xmi = writeXmi(dir.resolve("plan.xmi"));
        String name = "cancelled-" + UUID.randomUUID().toString().substring(0, 8);
        StoreConfigurations configs = StoreConfigurationTest.configurations();
        ImportXmiJob job = new ImportXmiJob(configs, xmi, name, Map.of("directory", dir.resolve("store").toString()),
                true);
        try {
            IStatus result = run(job, true);
            assertEquals(IStatus.CANCEL, result.getSeverity(), job.outcome());
            assertEquals("Import cancelled; nothing was created.", job.outcome());
            assertFalse(job.imported());
            try (var files = Files.list(dir)) {
                assertEquals(List.of("plan.xmi"), files.map(f -> f.getFileName().toString()).toList());
            }
            assertTrue(configs.find(name).isEmpty(), "no store configured");
        } finally {
            deleteConfigurations(name);
        }
    }

    /** Runs the job to its end (cancelled as it starts, if asked), the UI event loop going meanwhile. */
    private static IStatus run(ImportXmiJob job, boolean cancel) {
        AtomicReference<IStatus> result = new AtomicReference<>();
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void running(IJobChangeEvent event) {
                if (cancel) {
                    event.getJob().cancel();
                }
            }

            @Override
            public void done(IJobChangeEvent event) {
                result.set(event.getResult());
            }
        });
        job.schedule();
        return waitFor(result::get, "the end of the import job");
    }

    private static Repository repository(String name) {
        try {
            var refs = CONTEXT.getServiceReferences(Repository.class, "(strata.repository=" + name + ")");
            return refs.isEmpty() ? null : CONTEXT.getService(refs.iterator().next());
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A project "Imported plan" with tasks "first" and "second", written by plain EMF. */
    static Path writeXmi(Path file) throws Exception {
        Resource resource = new XMIResourceImpl(URI.createFileURI(file.toString()));
        Project p = TasksFactory.eINSTANCE.createProject();
        p.setName("Imported plan");
        for (String title : List.of("first", "second")) {
            Task t = TasksFactory.eINSTANCE.createTask();
            t.setTitle(title);
            p.getTasks().add(t);
        }
        resource.getContents().add(p);
        resource.save(Map.of());
        return file;
    }

    private static void deleteConfigurations(String name) throws Exception {
        ConfigurationAdmin admin = CONTEXT.getService(CONTEXT.getServiceReference(ConfigurationAdmin.class));
        Configuration[] found = admin.listConfigurations("(|(strata.store=" + name + ")(strata.repository=" + name + "))");
        for (Configuration c : found == null ? new Configuration[0] : found) {
            c.delete();
        }
    }
}
