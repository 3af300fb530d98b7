package dev.strata.core.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.event.Event;

import dev.strata.core.Topics;

/** Posts a session's {@link Topics#SESSION_CHANGED} events. */
final class SessionEvents {

    /**
     * Timer for edit announcements: one daemon thread, gone again a second after the last one, so
     * a stopped bundle leaves no thread behind.
     */
    private static final ScheduledThreadPoolExecutor ANNOUNCER = announcer();
    /** Edits are announced at most this often per session; the last edit of a burst always is. */
    private static final long EDIT_ANNOUNCE_MS = 25;

    private final SessionState state;
    private boolean announcedDirty;
    /** An edit announcement is scheduled and has not read the session yet (set here, cleared by the timer). */
    private volatile boolean editAnnounced;
    /**
     * What the last announcement says is pending; the timer thread reads it. Written with release
     * semantics: a volatile write is a full fence, paid by every object's first change.
     */
    private final AtomicInteger pendingCount = new AtomicInteger();

    SessionEvents(SessionState state) {
        this.state = state;
    }

    private static ScheduledThreadPoolExecutor announcer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "Strata session announcements");
            t.setDaemon(true);
            return t;
        });
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    /**
     * Announces an edit. Pending changes appearing or disappearing are posted at once; any other
     * edit (a second object changed, another value for a changed one) is posted within
     * {@link #EDIT_ANNOUNCE_MS}, one event for a burst of edits, so that views show every change
     * without an event per eSet.
     */
    void announce() {
        int pending = state.touched.size();
        if (pending != pendingCount.getPlain()) {
            pendingCount.setRelease(pending); // what a scheduled announcement will say; written only on change
        }
        boolean dirty = !state.touched.isEmpty();
        if (dirty != announcedDirty || !dirty) {
            announceNow();
            return;
        }
        if (state.repository.events() == null || editAnnounced) {
            return;
        }
        editAnnounced = true;
        ANNOUNCER.schedule(() -> {
            editAnnounced = false; // before posting: an edit from now on schedules the next event
            post(pendingCount.getAcquire());
        }, EDIT_ANNOUNCE_MS, TimeUnit.MILLISECONDS);
    }

    /** Posts a session event now: pending changes appeared or went, a commit, a rollback, a refresh. */
    void announceNow() {
        announcedDirty = !state.touched.isEmpty();
        int pending = state.touched.size();
        pendingCount.setRelease(pending);
        post(pending);
    }

    private void post(int pending) {
        if (state.repository.events() == null) {
            return;
        }
        Map<String, Object> props = new HashMap<>();
        props.put(Topics.SESSION, state.id);
        props.put(Topics.REPOSITORY, state.repository.name());
        props.put(Topics.PENDING, pending);
        state.repository.events().postEvent(new Event(Topics.SESSION_CHANGED, props));
    }
}
