package dev.strata.ui.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.ecore.EObject;

import dev.strata.core.ObjectState;
import dev.strata.core.Repository;
import dev.strata.core.Session;

/**
 * The workbench's unit of work: one session per repository, shared by every Strata view of the
 * window so that an edit in Properties shows as dirty in the Explorer and in Pending Changes.
 * Used from the UI thread only (sessions are not thread-safe).
 */
public final class WorkbenchSessions {

    private static final WorkbenchSessions INSTANCE = new WorkbenchSessions();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private WorkbenchSessions() {
    }

    public static WorkbenchSessions get() {
        return INSTANCE;
    }

    public Session session(Repository repository) {
        return sessions.compute(repository.name(),
                (n, s) -> s == null || s.isClosed() || s.repository() != repository ? repository.openSession() : s);
    }

    /** The session holding an object, or null. */
    public Session sessionOf(EObject object) {
        for (Session s : sessions.values()) {
            if (!s.isClosed() && s.state(object) != ObjectState.DISCARDED) {
                return s;
            }
        }
        return null;
    }

    /**
     * Brings the workbench's objects up to date with a commit seen on the bus (ids as the event's
     * CHANGED property carries them). Call on the UI thread.
     */
    public void refresh(java.util.Collection<String> ids) {
        java.util.List<dev.strata.core.ObjectId> parsed = new java.util.ArrayList<>();
        for (String id : ids) {
            try {
                parsed.add(dev.strata.core.ObjectId.parse(id));
            } catch (IllegalArgumentException e) {
                // not an object id (a store name or marker): nothing to refresh
            }
        }
        if (!parsed.isEmpty()) {
            all().forEach(s -> s.refresh(parsed));
        }
    }

    /** Sessions with pending changes. */
    public java.util.List<Session> dirty() {
        return sessions.values().stream().filter(s -> !s.isClosed() && s.isDirty()).toList();
    }

    public java.util.Collection<Session> all() {
        return sessions.values().stream().filter(s -> !s.isClosed()).toList();
    }
}
