package dev.strata.ui.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.ESelectionService;
import org.eclipse.swt.widgets.Display;
import org.osgi.service.event.Event;

import dev.strata.core.Topics;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.ui.UpdateQueue;
import jakarta.inject.Inject;

/**
 * A Strata view that follows the event bus: commits and session changes are coalesced (at most
 * ~30 refreshes per second); on the UI thread the workbench sessions are brought up to date with
 * the commits, then the view refreshes. No view polls.
 * <p>
 * Stores and repositories are configured at any time (the Stores view, the console, Config Admin),
 * and that is not announced on the bus: a view that lists them declares an injected method taking
 * {@code @Service List<ModelStore>} or {@code List<Repository>}, which e4 calls again (on a thread
 * of its own) whenever such a service comes or goes, and calls {@link #requestRefresh()} there.
 */
public abstract class LiveView {

    /**
     * Window context variable: what a Strata view selected last (null once that selection is
     * emptied), for the views that show it: Properties, and a view created later (the Compare
     * view, when its tab is first shown). Such a view's activation makes its own, empty selection
     * the active one, so the active selection no longer tells.
     */
    static final String LAST_SELECTED = "dev.strata.ui.lastSelected";

    @Inject
    private WorkbenchSessions sessions;

    @Inject
    private ViewUpdates viewUpdates;

    @Inject
    @Service
    private StrataAdmin admin;

    @Inject
    private ESelectionService selection;

    @Inject
    private MWindow window;

    /** Set on the UI thread; offered to from any thread (bus, service changes). */
    private volatile UpdateQueue<String> updates;
    /** Keys delivered while a job held the sessions; offered again when it ends. UI thread only. */
    private final java.util.Set<String> deferred = new java.util.LinkedHashSet<>();

    /** Starts following the bus; call once the view's widgets exist. */
    protected final void follow(Display display) {
        AtomicLong count = viewUpdates.counter(getClass());
        updates = new UpdateQueue<>(what -> {
            if (sessions.isBusy()) {
                // A job owns the sessions (they are not thread-safe): catch up once it is done.
                if (deferred.isEmpty()) {
                    sessions.whenIdle(() -> {
                        List<String> keys = List.copyOf(deferred);
                        deferred.clear();
                        offer(keys);
                    });
                }
                deferred.addAll(what);
                return;
            }
            count.incrementAndGet();
            sessions.catchUp(what);
            refresh(what);
        }, display::asyncExec, viewUpdates.timer(), UpdateQueue.DEFAULT_INTERVAL_MS, TimeUnit.MILLISECONDS);
        sessions.onReadability(readability);
    }

    /** A store could not be read, or can be again: the view shows it (rows read again, a repository's note). */
    private final Runnable readability = this::requestRefresh;

    @jakarta.annotation.PreDestroy
    void stopFollowing() {
        sessions.noLongerTold(readability);
    }

    /** Shows the current state; runs on the UI thread. */
    protected abstract void refresh();

    /**
     * Shows the current state after what the keys name: {@link #EDITED} alone for edits in the
     * workbench's sessions, else commits (their object ids) or other changes. Runs on the UI
     * thread; a view that can show an edit for less than a whole refresh overrides it.
     */
    protected void refresh(java.util.Set<String> what) {
        refresh();
    }

    /** The key of a session change: an edit, a rollback, a savepoint restored (no commit). */
    protected static final String EDITED = "session";

    /** The workbench's sessions, shared by every Strata view. */
    protected final WorkbenchSessions sessions() {
        return sessions;
    }

    /** The stores, repositories and their configurations. */
    protected final StrataAdmin admin() {
        return admin;
    }

    /**
     * Makes this the view's selection (the window's active one while the view is active), and
     * notes it in the window for Properties and for views created later.
     */
    protected final void publishSelection(Object selected) {
        selection.setSelection(selected);
        window.getContext().set(LAST_SELECTED, selected);
    }

    @Inject
    @Optional
    void onCommit(@EventTopic(Topics.COMMIT_ALL) Event event) {
        List<String> keys = ChangedIds.of(event);
        sessions.announced(keys);
        offer(keys);
    }

    @Inject
    @Optional
    void onSessionChange(@EventTopic(Topics.SESSION_CHANGED) Event event) {
        offer(List.of(EDITED));
    }

    /**
     * Asks for a refresh, coalesced with those the bus asks for (e.g. when a store service comes or
     * goes); any thread. Before {@link #follow} it does nothing: the view is not shown yet.
     */
    protected final void requestRefresh() {
        offer(List.of("view"));
    }

    private void offer(List<String> keys) {
        if (updates != null) {
            updates.offer(keys);
        }
    }
}
