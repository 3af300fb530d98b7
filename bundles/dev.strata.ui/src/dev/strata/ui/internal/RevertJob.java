package dev.strata.ui.internal;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import dev.strata.core.MergeConflict;
import dev.strata.core.Session;

/**
 * Undoes logged commits in a workbench session off the UI thread: a revert reads the store's log
 * and the records the commits touched (network calls for a REST store) before it changes the
 * session's objects. Runs through {@link WorkbenchSessions#runJob}, which hands it the sessions as a
 * large commit gets them. One call into the session, so it cannot stop half way.
 */
final class RevertJob extends Job {

    private final Session session;
    private final long first;
    private final long last;
    private volatile List<MergeConflict> left;
    private volatile String problem;

    /** @param commits what is reverted, as the job's name says it ("commits 3 to 5 of store 'tasks'") */
    RevertJob(Session session, long first, long last, String commits) {
        super("Reverting " + commits);
        this.session = session;
        this.first = first;
        this.last = last;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            return Status.CANCEL_STATUS;
        }
        try {
            left = List.copyOf(session.revert(first, last));
        } catch (RuntimeException e) {
            problem = e.getMessage() != null ? e.getMessage() : e.toString();
        }
        return Status.OK_STATUS;
    }

    /** What was left as it is now, or null if the revert did not run (cancelled) or failed. Read once done. */
    List<MergeConflict> left() {
        return left;
    }

    /** Why the revert failed, or null. */
    String problem() {
        return problem;
    }

    @Override
    public boolean belongsTo(Object family) {
        return StrataJobs.belongs(family, StrataJobs.REVERT);
    }
}
