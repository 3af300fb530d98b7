package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;

import dev.strata.core.Session;
import dev.strata.core.StrataException;

/**
 * Commits the workbench sessions in the background, one after the other, when so many objects are
 * pending that the UI would freeze. It runs through {@link WorkbenchSessions#runJob}, which hands
 * the sessions over and takes them back when the job is done. A session's commit
 * is atomic and cannot be stopped half way; cancelling stops before the next session's commit.
 */
final class CommitJob extends Job {

    private final List<Session> sessions;
    private final String message;
    private final List<String> committed = new ArrayList<>();
    private volatile String problem;
    private volatile StrataException failure;
    private volatile Session failed;
    private volatile boolean stopped;

    CommitJob(List<Session> sessions, String message, int objects) {
        super("Committing " + objects + " objects");
        this.sessions = List.copyOf(sessions);
        this.message = message;
        setUser(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), sessions.size());
        for (Session s : sessions) {
            if (progress.isCanceled()) {
                stopped = true;
                return Status.CANCEL_STATUS;
            }
            progress.subTask("Repository '" + s.repository().name() + "'");
            java.util.Map<dev.strata.core.ObjectId, java.util.Set<String>> before = ConflictText.changedFeatures(s);
            try {
                s.commit(message);
            } catch (StrataException e) {
                // Shown beside the pending changes, as a commit from the button shows it; the changes stay.
                failure = e;
                failed = s;
                problem = ConflictText.refusal(e, before).replaceFirst("^Not committed",
                        "Not committed (repository '" + java.util.regex.Matcher.quoteReplacement(s.repository().name()) + "')");
                return Status.OK_STATUS;
            }
            synchronized (committed) {
                committed.add(s.repository().name());
            }
            progress.worked(1);
        }
        return Status.OK_STATUS;
    }

    /** Why a commit was refused, or null. Read once the job is done. */
    String problem() {
        return problem;
    }

    /** The refused commit's exception, or null; with {@link #failed()} the view puts it next to the objects. */
    StrataException failure() {
        return failure;
    }

    /** The session whose commit was refused, or null. */
    Session failed() {
        return failed;
    }

    /** True if the user cancelled before every session was committed. */
    boolean stopped() {
        return stopped;
    }

    /** The repositories committed. */
    List<String> committed() {
        synchronized (committed) {
            return List.copyOf(committed);
        }
    }

    @Override
    public boolean belongsTo(Object family) {
        return StrataJobs.belongs(family, StrataJobs.COMMIT);
    }
}
