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
    /** Edits made in the views go through this stack, so they can be undone and redone. */
    private final org.eclipse.emf.common.command.BasicCommandStack commands = new org.eclipse.emf.common.command.BasicCommandStack();
    private final org.eclipse.emf.edit.domain.EditingDomain domain = new org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain(
            new org.eclipse.emf.edit.provider.ComposedAdapterFactory(
                    org.eclipse.emf.edit.provider.ComposedAdapterFactory.Descriptor.Registry.INSTANCE),
            commands);

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

    /** Sets a feature through the undoable command stack. */
    public void set(org.eclipse.emf.ecore.EObject object, org.eclipse.emf.ecore.EStructuralFeature feature, Object value) {
        org.eclipse.emf.common.command.Command set = org.eclipse.emf.edit.command.SetCommand.create(domain, object, feature,
                value == null ? org.eclipse.emf.edit.command.SetCommand.UNSET_VALUE : value);
        if (!set.canExecute()) {
            throw new IllegalArgumentException("Cannot set " + feature.getName() + " of " + dev.strata.core.Labels.of(object));
        }
        commands.execute(set);
    }

    public boolean canUndo() {
        return commands.canUndo();
    }

    public boolean canRedo() {
        return commands.canRedo();
    }

    public void undo() {
        commands.undo();
    }

    public void redo() {
        commands.redo();
    }

    /** After a commit or rollback the edits can no longer be undone one by one. */
    public void forgetEdits() {
        commands.flush();
    }

    /** Sessions with pending changes. */
    public java.util.List<Session> dirty() {
        return sessions.values().stream().filter(s -> !s.isClosed() && s.isDirty()).toList();
    }

    public java.util.Collection<Session> all() {
        return sessions.values().stream().filter(s -> !s.isClosed()).toList();
    }
}
