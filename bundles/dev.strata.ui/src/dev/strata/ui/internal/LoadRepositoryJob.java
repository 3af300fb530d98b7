package dev.strata.ui.internal;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;

import dev.strata.core.Record;
import dev.strata.core.Repository;
import dev.strata.core.Session;

/**
 * Opens a session on a repository and loads its root objects (with their contents) off the UI
 * thread, one root at a time, so a large store neither freezes the window nor has to be waited for
 * to the end: cancelling between roots is safe, since the session is still private to the job and
 * is simply closed. The caller takes the loaded session over on the UI thread.
 */
final class LoadRepositoryJob extends Job {

    private final Repository repository;
    private volatile Session loaded;
    private volatile String problem;

    LoadRepositoryJob(Repository repository) {
        super("Loading repository '" + repository.name() + "'");
        this.repository = repository;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        Session session = null;
        try {
            session = repository.openSession();
            List<Record> roots = repository.store().roots();
            SubMonitor progress = SubMonitor.convert(monitor, getName(), roots.size() + 1);
            for (Record root : roots) {
                if (progress.isCanceled()) {
                    session.close();
                    return Status.CANCEL_STATUS;
                }
                progress.subTask(root.type().name() + " " + root.id());
                session.find(root.id());
                progress.worked(1);
            }
            session.roots(); // and roots committed while the loop ran
            loaded = session;
            return Status.OK_STATUS;
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            // Shown in the explorer under the repository; an error dialog would interrupt for nothing.
            problem = e.getMessage() != null ? e.getMessage() : e.toString();
            return Status.OK_STATUS;
        }
    }

    Repository repository() {
        return repository;
    }

    /** The loaded session, or null if cancelled or failed. Read once the job is done. */
    Session loaded() {
        return loaded;
    }

    /** Why loading failed, or null. */
    String problem() {
        return problem;
    }

    @Override
    public boolean belongsTo(Object family) {
        return StrataJobs.belongs(family, StrataJobs.LOAD);
    }
}
