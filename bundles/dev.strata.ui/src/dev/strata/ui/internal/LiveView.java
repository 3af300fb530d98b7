package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.swt.widgets.Display;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.service.event.Event;

import dev.strata.core.Topics;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.ui.UpdateQueue;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * A Strata view that follows the event bus: commits and session changes are coalesced (at most
 * ~30 refreshes per second); on the UI thread the workbench sessions are brought up to date with
 * the commits, then the view refreshes. No view polls.
 */
public abstract class LiveView {

    /** Refreshes made so far by each kind of live view: what measurements read. */
    private static final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> REFRESHES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private UpdateQueue<String> updates;
    /** Keys delivered while a job held the sessions; offered again when it ends. UI thread only. */
    private final java.util.Set<String> deferred = new java.util.LinkedHashSet<>();

    /** Starts following the bus; call once the view's widgets exist. */
    protected final void follow(Display display) {
        java.util.concurrent.atomic.AtomicLong count = REFRESHES.computeIfAbsent(getClass().getSimpleName(),
                k -> new java.util.concurrent.atomic.AtomicLong());
        updates = new UpdateQueue<>(what -> {
            WorkbenchSessions sessions = WorkbenchSessions.get();
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
            refresh();
        }, display::asyncExec, ViewUpdates.TIMER, UpdateQueue.DEFAULT_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** Refreshes made so far, by view class name (for measurements). */
    public static java.util.Map<String, Long> refreshes() {
        java.util.Map<String, Long> copy = new java.util.TreeMap<>();
        REFRESHES.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Shows the current state; runs on the UI thread. */
    protected abstract void refresh();

    @Inject
    @Service
    private StrataAdmin admin;

    /** The stores, repositories and their configurations. */
    protected final StrataAdmin admin() {
        return admin;
    }

    @Inject
    @Optional
    void onCommit(@EventTopic(Topics.COMMIT_ALL) Event event) {
        List<String> keys = ChangedIds.of(event);
        WorkbenchSessions.get().announced(keys);
        offer(keys);
    }

    @Inject
    @Optional
    void onSessionChange(@EventTopic(Topics.SESSION_CHANGED) Event event) {
        offer(List.of("session"));
    }

    /** Asks for a refresh, coalesced with those the bus asks for (e.g. when a store service comes or goes). */
    protected final void requestRefresh() {
        offer(List.of("view"));
    }

    private final List<ServiceListener> serviceListeners = new ArrayList<>();

    /**
     * Refreshes when services of these types come or go: stores and repositories are configured at
     * any time (the Stores view, the console, Config Admin), and that is not announced on the bus.
     */
    protected final void followServices(Class<?>... types) {
        BundleContext context = FrameworkUtil.getBundle(LiveView.class).getBundleContext();
        StringBuilder filter = new StringBuilder("(|");
        for (Class<?> t : types) {
            filter.append("(objectClass=").append(t.getName()).append(')');
        }
        ServiceListener listener = e -> requestRefresh();
        try {
            context.addServiceListener(listener, filter.append(')').toString());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        serviceListeners.add(listener);
    }

    @PreDestroy
    void stopFollowingServices() {
        BundleContext context = FrameworkUtil.getBundle(LiveView.class).getBundleContext();
        serviceListeners.forEach(context::removeServiceListener);
        serviceListeners.clear();
    }

    private void offer(List<String> keys) {
        if (updates != null) {
            updates.offer(keys);
        }
    }
}
