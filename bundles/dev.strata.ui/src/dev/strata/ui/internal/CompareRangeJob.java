package dev.strata.ui.internal;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import dev.strata.core.ModelStore;
import dev.strata.ui.internal.Comparisons.ChangeRow;

/**
 * Works out what differs between a store just after two of its commits, off the UI thread: it reads
 * the store's history and the records as they were (network calls for a REST store). Touches no
 * session. The Compare view shows the rows on the UI thread if the range is still what it shows.
 */
final class CompareRangeJob extends Job {

    private final ModelStore store;
    private final HistoryView.Range range;
    private volatile List<ChangeRow> rows;
    private volatile String problem;

    CompareRangeJob(ModelStore store, HistoryView.Range range) {
        super("Comparing " + describe(range));
        this.store = store;
        this.range = range;
    }

    /** "commits #3 and #7 of store 'tasks'" */
    static String describe(HistoryView.Range range) {
        return "commits #" + range.from().sequence() + " and #" + range.to().sequence() + " of store '" + range.store()
                + "'";
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            return Status.CANCEL_STATUS;
        }
        try {
            rows = List.copyOf(Comparisons.ofRange(store, range.from().sequence(), range.to().sequence()));
        } catch (RuntimeException e) {
            problem = String.valueOf(e.getMessage());
        }
        return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
    }

    HistoryView.Range range() {
        return range;
    }

    /** The rows, or null if cancelled or failed. Read once the job is done. */
    List<ChangeRow> rows() {
        return rows;
    }

    /** Why the commits could not be compared, or null. */
    String problem() {
        return problem;
    }

    @Override
    public boolean belongsTo(Object family) {
        return StrataJobs.belongs(family, StrataJobs.COMPARE);
    }
}
