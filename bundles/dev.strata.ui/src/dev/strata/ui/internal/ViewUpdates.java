package dev.strata.ui.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.e4.core.di.annotations.Creatable;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * What the Strata views share to pace their refreshes: the one timer thread they schedule their
 * coalesced refreshes on, and how many refreshes each kind of view has made (what measurements
 * read). Injected into every {@link LiveView}; one per workbench (see {@link WorkbenchSessions}).
 */
@Creatable
@Singleton
public final class ViewUpdates {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "strata-view-updates");
        t.setDaemon(true);
        return t;
    });

    private final Map<String, AtomicLong> refreshes = new ConcurrentHashMap<>();

    @Inject
    public ViewUpdates() {
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** The counter of refreshes of this kind of view. */
    AtomicLong counter(Class<?> view) {
        return refreshes.computeIfAbsent(view.getSimpleName(), k -> new AtomicLong());
    }

    /** Refreshes made so far, by view class name (for measurements). */
    public Map<String, Long> refreshes() {
        Map<String, Long> copy = new TreeMap<>();
        refreshes.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
