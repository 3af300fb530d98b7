package dev.strata.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.strata.core.Repository;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * Imports an XMI file written by any EMF tool into a new file store, then configures that store
 * (and, if asked, a repository on it for the packages the file uses) so it appears as a service.
 * The import writes into a temporary directory beside the target and moves it into place only when
 * complete, so it can be cancelled at any point: the temporary directory is deleted.
 * <p>
 * This is the only class of the views that uses the file store's API (an optional import): check
 * {@link XmiImports#available()} before touching it.
 */
public final class ImportXmiJob extends Job {

    private final StoreConfigurations configs;
    private final Path xmi;
    private final String name;
    private final Map<String, String> values;
    private final boolean createRepository;
    private volatile String outcome;
    private volatile boolean imported;

    /**
     * @param values           the file store's settings as the store dialog gives them (directory
     *                         empty = the default directory)
     * @param createRepository also configure a repository of the same name on the new store
     */
    public ImportXmiJob(StoreConfigurations configs, Path xmi, String name, Map<String, String> values,
            boolean createRepository) {
        super("Importing " + xmi.getFileName() + " into store '" + name + "'");
        this.configs = configs;
        this.xmi = xmi;
        this.name = name;
        this.values = Map.copyOf(values);
        this.createRepository = createRepository;
        setUser(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), 100);
        Path target = XmiImports.directoryOf(name, values);
        Path temporary = target.resolveSibling(target.getFileName() + ".importing-" + UUID.randomUUID());
        List<String> packages = new ArrayList<>();
        int roots;
        try {
            String problem = XmiImports.problem(name, values);
            if (problem != null) {
                outcome = problem;
                return Status.OK_STATUS;
            }
            Files.createDirectories(target.getParent());
            FileStoreOptions options = FileStoreOptions.defaults(temporary)
                    .withFormat(FileStoreOptions.Format.parse(values.getOrDefault("format", "xmi")))
                    .withSync(!"none".equals(values.get("durability")));
            try (FileModelStore store = FileStores.importXmi(name, xmi, options,
                    ProgressMonitors.stopping(progress.newChild(90)))) {
                packages.addAll(store.modelVersions().keySet());
                roots = store.roots().size();
            }
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            progress.subTask("Moving the store into " + target);
            Files.deleteIfExists(target); // an empty directory, checked above
            Files.move(temporary, target);
        } catch (OperationCanceledException e) {
            deleteQuietly(temporary);
            outcome = "Import cancelled; nothing was created.";
            return Status.CANCEL_STATUS;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            if (progress.isCanceled()) {
                outcome = "Import cancelled; nothing was created.";
                return Status.CANCEL_STATUS;
            }
            outcome = "Could not import " + xmi + ": " + (e.getMessage() != null ? e.getMessage() : e.toString());
            return Status.OK_STATUS;
        }
        progress.setWorkRemaining(10);
        try {
            Map<String, String> settings = new java.util.HashMap<>(values);
            settings.put("directory", target.toString());
            configs.add(StoreType.FILE, name, settings);
            if (createRepository && !packages.isEmpty()) {
                configureRepository(packages);
            }
        } catch (IOException | RuntimeException e) {
            outcome = "Imported into " + target + ", but could not configure store '" + name + "': " + e.getMessage();
            return Status.OK_STATUS;
        }
        imported = true;
        outcome = "Imported " + roots + " root object(s) from " + xmi.getFileName() + " into store '" + name + "' ("
                + target + ")" + (createRepository && !packages.isEmpty() ? " with repository '" + name + "'" : "") + ".";
        return Status.OK_STATUS;
    }

    private void configureRepository(List<String> packages) throws IOException {
        var context = FrameworkUtil.getBundle(ImportXmiJob.class).getBundleContext();
        var ref = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = ref == null ? null : context.getService(ref);
        if (admin == null) {
            throw new IllegalStateException("Config Admin is not running");
        }
        admin.getFactoryConfiguration(Repository.PID, name, "?")
                .update(Repository.configuration(name, name, packages.toArray(String[]::new)));
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    // Best effort: a leftover temporary directory is named as such.
                }
            });
        } catch (IOException e) {
            // As above.
        }
    }

    /** What happened, for the user. Read once the job is done. */
    public String outcome() {
        return outcome;
    }

    /** True if the store was imported and configured. */
    public boolean imported() {
        return imported;
    }

    @Override
    public boolean belongsTo(Object family) {
        return StrataJobs.belongs(family, StrataJobs.IMPORT);
    }
}
