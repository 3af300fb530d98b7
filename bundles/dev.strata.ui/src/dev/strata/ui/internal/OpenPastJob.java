package dev.strata.ui.internal;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.ecore.EObject;

import dev.strata.core.At;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Repository;
import dev.strata.core.Session;

/**
 * Opens a read-only session of a repository as it was just after a commit, and reads its root
 * objects with their contents, off the UI thread: the way back goes through the store's log and
 * each read is a store call (a network call for a REST store). The caller shows the result on the
 * UI thread, or says why it could not be opened.
 */
final class OpenPastJob extends Job {

    private final Repository repository;
    private final LoggedCommit commit;
    private volatile PastStates.Past opened;
    private volatile String problem;

    OpenPastJob(Repository repository, LoggedCommit commit) {
        super("Opening repository '" + repository.name() + "' as of commit " + commit.sequence());
        this.repository = repository;
        this.commit = commit;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        Session session = null;
        try {
            session = repository.openSession(At.commit(commit.sequence()));
            // Roots come with their containment trees; kept, since the state they show is fixed.
            List<EObject> roots = session.roots();
            if (monitor.isCanceled()) {
                session.close();
                return Status.CANCEL_STATUS;
            }
            opened = new PastStates.Past(repository, commit.sequence(), commit.time(), session, roots);
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            problem = e.getMessage() != null ? e.getMessage() : e.toString();
        }
        return Status.OK_STATUS;
    }

    LoggedCommit commit() {
        return commit;
    }

    /** The opened state, or null if cancelled or failed. Read once the job is done. */
    PastStates.Past opened() {
        return opened;
    }

    /** Why it could not be opened, or null. */
    String problem() {
        return problem;
    }

    @Override
    public boolean belongsTo(Object family) {
        return StrataJobs.belongs(family, StrataJobs.PAST);
    }
}
