package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.emf.ecore.EObject;

import dev.strata.core.ObjectId;
import dev.strata.core.Session;
import dev.strata.core.StrataException;

/**
 * What a session's pieces share: the objects it manages, the ones with pending work, and where
 * that work started. The pieces read and write these fields directly; none of them owns them.
 */
final class SessionState {

    final RepositoryImpl repository;
    final String id = UUID.randomUUID().toString();
    /** Who commits, for history: the OS user unless the application says otherwise. */
    String author = defaultAuthor();
    /** The session as its users see it: what savepoints and pending commits hand out. */
    final Session session;
    final StrataResource resource;
    final SessionEvents events;
    final Entries byId = new Entries();
    /** Only these entries can have pending changes, so commit and rollback cost what changed. */
    final TouchedSet touched = new TouchedSet();
    /** Root objects the store has, as they were before roots were added or removed; null if unchanged. */
    List<EObject> originalRoots;
    final List<SavepointImpl> liveSavepoints = new ArrayList<>();
    /** Above zero while the session itself changes objects: notifications are then no edits. */
    int suppress;
    /** The lease of the explicit locks this session takes. */
    java.time.Duration lockLease = java.time.Duration.ofMinutes(5);
    /** True once the session took a lock: commit, rollback and close let them go. */
    boolean holdsLocks;
    /** Lock what the session starts to change (Session#setAutoLock). */
    boolean autoLock;
    /** Counts commits and rollbacks: a savepoint holds only within the generation that made it. */
    int generation;
    boolean closed;
    /** True while close lets go of the objects: what that touches is not read from the store. */
    boolean closing;
    /** Above zero while the session looks only at what it has read (a feature not read counts as empty). */
    int onlyLoaded;
    /** Null for a live session; for a read-only one of the past, what it shows ("repository 'r' as of commit 12"). */
    String past;

    static String defaultAuthor() {
        String user = System.getProperty("user.name");
        return user == null ? "" : user;
    }

    SessionState(RepositoryImpl repository, Session session, StrataResource resource) {
        this.repository = repository;
        this.session = session;
        this.resource = resource;
        this.events = new SessionEvents(this);
    }

    void checkOpen() {
        if (closed) {
            throw new StrataException("Session " + id + " is closed");
        }
    }

    /** Refuses an edit or a commit in a session of the past. */
    void checkWritable(String what) {
        if (past != null) {
            throw new StrataException("Session " + id + " shows " + past + " and is read-only: " + what
                    + " is refused; open a session without a point in time to change the model");
        }
    }

    /** After a commit or a rollback: no pending work, and no savepoint before it holds. */
    void settled() {
        touched.clear();
        originalRoots = null;
        generation++;
        liveSavepoints.clear();
        events.announceNow();
    }
}
