package dev.strata.ui.internal;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import dev.strata.core.ModelStore;

/**
 * Waits, off the UI thread, until a store whose configuration was just written is running, or its
 * component says why it is not (a database that cannot be reached may take a while to say so).
 * Cancelling only stops the waiting.
 */
final class StartStoreJob extends Job {

    static final long TIMEOUT_MS = 20_000;
    /** How long the store that ran before an edit is taken for one the edit did not restart. */
    static final long RESTART_GRACE_MS = 3_000;

    private final StoreConfigurations configs;
    private final String store;
    private final ModelStore previous;
    private volatile String outcome;
    private volatile boolean running;

    StartStoreJob(StoreConfigurations configs, String store) {
        this(configs, store, null);
    }

    /**
     * @param previous the store running before its configuration was changed (null: none): Config
     *                 Admin restarts it a moment later, and what it says until then is the old
     *                 configuration's
     */
    StartStoreJob(StoreConfigurations configs, String store, ModelStore previous) {
        super("Starting store '" + store + "'");
        this.configs = configs;
        this.store = store;
        this.previous = previous;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), IProgressMonitor.UNKNOWN);
        long start = System.currentTimeMillis();
        long end = start + TIMEOUT_MS;
        String status = null;
        try {
            while (System.currentTimeMillis() < end) {
                if (monitor.isCanceled()) {
                    outcome = "Stopped waiting for store '" + store + "'; its configuration stays (edit or remove it).";
                    return Status.CANCEL_STATUS;
                }
                ModelStore started = configs.running(store);
                if (started != null && (started != previous || System.currentTimeMillis() - start > RESTART_GRACE_MS)) {
                    running = true;
                    // Edited to another snapshot format, say: what the store has to say comes with it.
                    outcome = "Store '" + store + "' is running" + started.notice().map(n -> ": " + n).orElse("") + ".";
                    return Status.OK_STATUS;
                }
                status = configs.status(store);
                if (status != null && status.startsWith("failed: ")) {
                    outcome = "Store '" + store + "' did not start: " + sentence(status.substring("failed: ".length()))
                            + " Edit it to fix its settings, or remove it.";
                    return Status.OK_STATUS;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            monitor.done();
        }
        outcome = "Store '" + store + "' did not start within " + TIMEOUT_MS / 1000 + " s ("
                + (status == null ? "no reason given" : status) + "). Edit it to fix its settings, or remove it.";
        return Status.OK_STATUS;
    }

    static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    /** What became of the store, for the user. Read once the job is done. */
    String outcome() {
        return outcome;
    }

    boolean isRunning() {
        return running;
    }

    @Override
    public boolean belongsTo(Object family) {
        return StrataJobs.belongs(family, StrataJobs.START_STORE);
    }
}
