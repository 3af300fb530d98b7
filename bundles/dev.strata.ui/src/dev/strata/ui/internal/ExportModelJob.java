package dev.strata.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;

import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.wire.ModelFiles;

/**
 * File > Export: writes a repository's root objects, as committed (a session of its own, so
 * pending work in the views is not included), to a model file of the format its extension names
 * ({@link ModelFiles}), keeping the objects' xmi ids.
 */
public final class ExportModelJob extends Job {

    private final Repository repository;
    private final Path file;
    private volatile String outcome;

    public ExportModelJob(Repository repository, Path file) {
        super("Exporting repository '" + repository.name() + "' to " + file.getFileName());
        this.repository = repository;
        this.file = file;
        setUser(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), 2);
        try (Session s = repository.openSession()) {
            progress.subTask("Reading repository '" + repository.name() + "'");
            List<EObject> roots = s.roots();
            int objects = 0;
            for (Iterator<EObject> it = EcoreUtil.getAllProperContents(roots, false); it.hasNext(); it.next()) {
                objects++; // loads every object before writing, so a store failure leaves no half file
            }
            progress.worked(1);
            progress.subTask("Writing " + file);
            ModelFiles.save(file, roots, s::xmiId);
            progress.worked(1);
            outcome = "Exported " + roots.size() + " root object(s), " + objects + " in all, from repository '"
                    + repository.name() + "' to " + file + ".";
            return Status.OK_STATUS;
        } catch (IOException | RuntimeException e) {
            outcome = "Could not export repository '" + repository.name() + "' to " + file + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.toString());
            return Status.error(outcome, e);
        }
    }

    /** What happened, for the user. Read once the job is done. */
    public String outcome() {
        return outcome;
    }

    @Override
    public boolean belongsTo(Object family) {
        return StrataJobs.belongs(family, StrataJobs.EXPORT);
    }
}
