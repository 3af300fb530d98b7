package dev.strata.ui.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The one timer thread all Strata views schedule their coalesced refreshes on. */
final class ViewUpdates {

    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "strata-view-updates");
        t.setDaemon(true);
        return t;
    });

    private ViewUpdates() {
    }
}
