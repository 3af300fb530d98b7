package dev.strata.ui.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.e4.core.di.annotations.Creatable;
import org.eclipse.emf.ecore.EObject;

import dev.strata.core.Labels;
import dev.strata.core.ObjectState;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import jakarta.inject.Singleton;

/**
 * Repositories as they were after a past commit, opened from History (Open As of This Commit) and
 * shown in the Model Explorer beside the live ones until closed. Each is a read-only session of its
 * own, kept apart from {@link WorkbenchSessions}: it never becomes a repository's workbench session,
 * so commits on the bus, pending changes, Save and Undo never reach it. UI thread only.
 */
@Creatable
@Singleton
public final class PastStates {

    /**
     * One past state: the repository, the commit it is as of (sequence and time), its read-only
     * session, and its root objects as read when it opened (the state is fixed, so they are not read
     * again).
     */
    public record Past(Repository repository, long sequence, Instant time, Session session, List<EObject> roots) {

        /** "tasks as of commit 12": what the views call it. */
        public String name() {
            return repository.name() + " as of commit " + sequence;
        }

        /** The explorer's label: "tasks as of commit 12 at 2026-12-04 10:15:00 (read-only)". */
        public String label() {
            return name() + (time == null ? "" : " at " + Labels.time(time)) + " (read-only)";
        }

        /** Why an object of this state cannot be edited, naming it. */
        String readOnly(EObject object) {
            return Labels.of(object) + " is " + name() + ", which is read-only";
        }
    }

    private final List<Past> open = new ArrayList<>();
    /** Told of a state opened (the state) or closed (null). */
    private final List<Consumer<Past>> listeners = new CopyOnWriteArrayList<>();

    /** The open past states, oldest opened first. */
    public List<Past> all() {
        return List.copyOf(open);
    }

    /** Shows a past state opened by a job. */
    void add(Past past) {
        open.add(past);
        listeners.forEach(l -> l.accept(past));
    }

    /** Removes a past state and closes its session. */
    public void close(Past past) {
        if (open.remove(past)) {
            past.session().close();
            listeners.forEach(l -> l.accept(null));
        }
    }

    /** The past state holding an object, or null for objects of the live sessions. */
    public Past of(Object object) {
        if (object instanceof EObject o) {
            for (Past p : open) {
                if (!p.session().isClosed() && p.session().state(o) != ObjectState.DISCARDED) {
                    return p;
                }
            }
        }
        return null;
    }

    void onChange(Consumer<Past> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<Past> listener) {
        listeners.remove(listener);
    }
}
