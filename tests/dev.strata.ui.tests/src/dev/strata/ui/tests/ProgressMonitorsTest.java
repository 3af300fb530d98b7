package dev.strata.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;

import dev.strata.core.Progress;
import dev.strata.ui.internal.ProgressMonitors;

/** Strata's Progress shown on an Eclipse progress monitor: phases, forward-only work, cancellation. */
class ProgressMonitorsTest {

    /** Records what an operation tells the monitor. */
    private static final class Recording extends NullProgressMonitor {
        final List<String> subTasks = new ArrayList<>();
        double worked;
        int total;

        @Override
        public void beginTask(String name, int totalWork) {
            total = totalWork;
        }

        @Override
        public void internalWorked(double work) {
            assertTrue(work >= 0, "work only moves forward");
            worked += work;
        }

        @Override
        public void worked(int work) {
            internalWorked(work);
        }

        @Override
        public void subTask(String name) {
            subTasks.add(name);
        }
    }

    @Test
    void phasesBecomeSubTasksAndTheBarOnlyMovesForward() {
        Recording monitor = new Recording();
        Progress progress = ProgressMonitors.of(monitor);
        progress.worked("Loading snapshot", 0, 100);
        progress.worked("Loading snapshot", 50, 100);
        double half = monitor.worked;
        progress.worked("Loading snapshot", 100, 100);
        double loaded = monitor.worked;
        progress.worked("Replaying journal", 0, -1);
        progress.worked("Replaying journal", 10, 20);
        assertEquals(List.of("Loading snapshot", "Replaying journal"), monitor.subTasks);
        assertTrue(half > 0 && loaded > half, "worked grows within a phase: " + half + ", " + loaded);
        assertTrue(monitor.worked > loaded, "and across phases");
        assertTrue(monitor.worked <= monitor.total, monitor.worked + " of " + monitor.total);
    }

    @Test
    void cancellationIsAskedOrEnforced() {
        Recording monitor = new Recording();
        Progress asks = ProgressMonitors.of(monitor);
        Progress stops = ProgressMonitors.stopping(monitor);
        assertFalse(asks.isCancelled());
        monitor.setCanceled(true);
        assertTrue(asks.isCancelled());
        asks.worked("still going", 1, 2); // the operation decides when to stop
        assertThrows(OperationCanceledException.class, () -> stops.worked("stopped here", 1, 2));
    }
}
