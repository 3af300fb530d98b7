package dev.strata.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;

import dev.strata.core.admin.StoreImporter;

/**
 * Imports an XMI file written by any EMF tool into a new store of the importer's type, then
 * configures that store (and, if asked, a repository on it for the packages the file uses) so it
 * appears as a service. Cancelling is the importer's to make safe: it leaves nothing behind.
 * <p>
 * The import itself is the {@link StoreImporter} service a store bundle offers; the views do not
 * use any store bundle's API.
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
     * @param values           the store's settings as the store dialog gives them (empty
     *                         ones take the type's defaults)
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
        StoreImporter importer = configs.xmiImporter().orElse(null);
        if (importer == null) {
            outcome = "No store type installed here imports XMI.";
            return Status.OK_STATUS;
        }
        StoreImporter.Imported result;
        try {
            String problem = importer.problem(name, values);
            if (problem != null) {
                outcome = problem;
                return Status.OK_STATUS;
            }
            result = importer.importFile(xmi, name, values, ProgressMonitors.stopping(progress.newChild(90)));
        } catch (OperationCanceledException | CancellationException e) {
            outcome = "Import cancelled; nothing was created.";
            return Status.CANCEL_STATUS;
        } catch (IOException | RuntimeException e) {
            if (progress.isCanceled()) {
                outcome = "Import cancelled; nothing was created.";
                return Status.CANCEL_STATUS;
            }
            outcome = "Could not import " + xmi + ": " + (e.getMessage() != null ? e.getMessage() : e.toString());
            return Status.OK_STATUS;
        }
        progress.setWorkRemaining(10);
        boolean withRepository = createRepository && !result.packages().isEmpty();
        try {
            configs.admin().configureStore(importer.storeType(), name, result.settings());
            if (withRepository) {
                configs.admin().configureRepository(name, name, result.packages());
            }
        } catch (RuntimeException e) {
            outcome = "Imported into " + result.location() + ", but could not configure store '" + name + "': "
                    + e.getMessage();
            return Status.OK_STATUS;
        }
        imported = true;
        outcome = "Imported " + result.roots() + " root object(s) from " + xmi.getFileName() + " into store '" + name
                + "' (" + result.location() + ")" + (withRepository ? " with repository '" + name + "'" : "") + ".";
        return Status.OK_STATUS;
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
