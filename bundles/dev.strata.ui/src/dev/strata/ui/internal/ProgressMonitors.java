package dev.strata.ui.internal;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import dev.strata.core.Progress;

/**
 * Shows a Strata {@link Progress} on an Eclipse progress monitor. An operation reports one phase
 * after another ("Loading …", "Writing snapshot", each counting from 0); each new phase takes half
 * of the bar that is left, so the bar only moves forward, and the phase's name becomes the sub-task.
 */
public final class ProgressMonitors {

    private ProgressMonitors() {
    }

    /** Progress on the monitor; {@link Progress#isCancelled()} answers the monitor's cancel button. */
    public static Progress of(IProgressMonitor monitor) {
        return new MonitorProgress(monitor, false);
    }

    /**
     * Like {@link #of}, and once the user cancels, the operation's next progress report throws
     * {@link OperationCanceledException}. Only for operations whose partial work is thrown away
     * afterwards (an import into a temporary directory): it stops code that does not check.
     */
    public static Progress stopping(IProgressMonitor monitor) {
        return new MonitorProgress(monitor, true);
    }

    private static final class MonitorProgress implements Progress {

        private static final int TICKS = 1000;

        private final SubMonitor root;
        private final boolean stop;
        private int rootLeft = TICKS;
        private String task;
        private SubMonitor phase;
        private int phaseDone;

        MonitorProgress(IProgressMonitor monitor, boolean stop) {
            this.root = SubMonitor.convert(monitor, TICKS);
            this.stop = stop;
        }

        @Override
        public void worked(String what, long done, long total) {
            if (stop && root.isCanceled()) {
                throw new OperationCanceledException();
            }
            if (!what.equals(task)) {
                task = what;
                int share = Math.max(1, rootLeft / 2);
                rootLeft -= share;
                phase = root.newChild(share).setWorkRemaining(TICKS);
                phaseDone = 0;
                root.subTask(what);
            }
            if (total > 0) {
                int target = (int) Math.min(TICKS, Math.max(0, done) * TICKS / total);
                if (target > phaseDone) {
                    phase.worked(target - phaseDone);
                    phaseDone = target;
                }
            }
        }

        @Override
        public boolean isCancelled() {
            return root.isCanceled();
        }
    }
}
