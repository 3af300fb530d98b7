package dev.strata.ui.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.widgets.Display;

import dev.strata.core.ModelStore;

/**
 * Reads something of each store (its log) in a job, never on the UI thread: a REST store's log is a
 * network call. Keeps the last answer per store for the view to show from; a store not read yet is
 * {@link Loading}, one whose read failed is {@link Failed} with why. Requests made while a read runs
 * are folded into one more read once it ends. Used on the UI thread only; {@code shown} runs there
 * whenever an answer comes.
 */
final class StoreReads<T> {

    /** What is known of one store. */
    sealed interface Read<T> {
    }

    record Loading<T>() implements Read<T> {
    }

    record Done<T>(T value) implements Read<T> {
    }

    record Failed<T>(String why) implements Read<T> {
    }

    private final String what;
    private final Function<ModelStore, T> read;
    private final Display display;
    private final Runnable shown;
    private final Map<String, Read<T>> last = new HashMap<>();
    private Job running;
    /** The stores to read once the running job ends, or null. */
    private List<ModelStore> again;

    /**
     * @param what what is read, for the job's name ("the log")
     * @param read runs in the job, one store after the other
     */
    StoreReads(String what, Function<ModelStore, T> read, Display display, Runnable shown) {
        this.what = what;
        this.read = read;
        this.display = display;
        this.shown = shown;
    }

    /** The last answer for this store, or {@link Loading} if none came yet. */
    Read<T> of(String store) {
        return last.getOrDefault(store, new Loading<>());
    }

    /** Reads these stores again; what was read before stays shown until the new answers come. */
    void request(List<ModelStore> stores) {
        if (running != null) {
            again = List.copyOf(stores);
            return;
        }
        List<ModelStore> asked = List.copyOf(stores);
        Job job = new Job("Reading " + what + " of " + asked.size() + " stores") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                for (ModelStore store : asked) {
                    if (monitor.isCanceled()) {
                        return Status.CANCEL_STATUS;
                    }
                    // Each answer as it comes: a store that is slow to answer holds up none of the others.
                    String name = store.name();
                    Read<T> answer = readOne(store);
                    if (!display.isDisposed()) {
                        display.asyncExec(() -> keep(name, answer));
                    }
                }
                return Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return StrataJobs.belongs(family, StrataJobs.LOG);
            }
        };
        job.setSystem(true);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                if (!display.isDisposed()) {
                    display.asyncExec(() -> finished(asked));
                }
            }
        });
        running = job;
        job.schedule();
    }

    private Read<T> readOne(ModelStore store) {
        try {
            return new Done<>(read.apply(store));
        } catch (RuntimeException e) {
            return new Failed<>(e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    /** UI thread: one store's answer. */
    private void keep(String store, Read<T> answer) {
        last.put(store, answer);
        shown.run();
    }

    /** UI thread: stores no longer asked for are forgotten; read again if asked meanwhile. */
    private void finished(List<ModelStore> asked) {
        running = null;
        last.keySet().retainAll(asked.stream().map(ModelStore::name).toList());
        if (again != null) {
            List<ModelStore> next = again;
            again = null;
            request(next);
        }
    }

    /** Stops reading (the view closes). */
    void cancel() {
        again = null;
        if (running != null) {
            running.cancel();
        }
    }

    /** Whether a read is under way. */
    boolean reading() {
        return running != null;
    }
}
