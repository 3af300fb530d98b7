package dev.strata.ui.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.e4.core.di.annotations.Creatable;
import org.eclipse.emf.ecore.EObject;

import dev.strata.core.ObjectState;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The workbench's unit of work: one session per repository, shared by every Strata view of the
 * window so that an edit in Properties shows as dirty in the Explorer and in Pending Changes.
 * Used from the UI thread only (sessions are not thread-safe).
 * <p>
 * Views get it injected; jobs and helpers they make are handed it. {@code @Creatable @Singleton}
 * because that is the least e4 needs for one shared instance: the injector makes it on first use
 * and hands every view the same one, with no addon or model fragment to put it into a context.
 */
@Creatable
@Singleton
public final class WorkbenchSessions {

    private static final System.Logger LOG = System.getLogger(WorkbenchSessions.class.getName());

    /**
     * A session and the repository service it was opened for. The service is kept because a
     * session's own {@code repository()} may be the implementation behind the service (the DS
     * component delegates), so it cannot tell whether the service was replaced.
     */
    private record Opened(Repository repository, Session session) {
        boolean isFor(Repository r) {
            return repository == r && !session.isClosed();
        }
    }

    private final Map<String, Opened> sessions = new ConcurrentHashMap<>();
    /** Edits made in the views go through this stack, so they can be undone and redone. */
    private final org.eclipse.emf.common.command.BasicCommandStack commands = new org.eclipse.emf.common.command.BasicCommandStack();
    /**
     * The item providers of every installed model (generated edit code, through the registry), and
     * EMF's reflective one last for models without edit code (dynamic packages, foreign models).
     */
    private final org.eclipse.emf.edit.provider.ComposedAdapterFactory adapters = itemProviders();
    private final org.eclipse.emf.edit.domain.EditingDomain domain = new org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain(
            adapters, commands);

    private static org.eclipse.emf.edit.provider.ComposedAdapterFactory itemProviders() {
        var factory = new org.eclipse.emf.edit.provider.ComposedAdapterFactory(
                org.eclipse.emf.edit.provider.ComposedAdapterFactory.Descriptor.Registry.INSTANCE);
        factory.addAdapterFactory(new org.eclipse.emf.edit.provider.ReflectiveItemProviderAdapterFactory());
        return factory;
    }

    /** True while a job works on the sessions (a large commit): views leave them alone until it ends. */
    private boolean busy;
    private final java.util.List<Runnable> whenIdle = new java.util.ArrayList<>();
    /** Objects named by commits seen while a repository's session was loading in the background. */
    private final Map<String, java.util.Set<dev.strata.core.ObjectId>> loading = new java.util.HashMap<>();

    @Inject
    public WorkbenchSessions() {
        // A changed author applies to the open sessions' next commits too (on the UI thread, which owns them).
        StrataPreferences.onChange(() -> org.eclipse.swt.widgets.Display.getDefault().asyncExec(() -> whenIdle(
                () -> sessions.values().stream().map(Opened::session).filter(x -> !x.isClosed()).forEach(WorkbenchSessions::authored))));
    }

    public Session session(Repository repository) {
        return sessions.compute(repository.name(),
                (n, o) -> o != null && o.isFor(repository) ? o : new Opened(repository, authored(repository.openSession()))).session();
    }

    /** The workbench's commits carry the author set in the preferences (Window > Preferences > Strata). */
    private static Session authored(Session s) {
        s.setAuthor(StrataPreferences.author());
        return s;
    }

    /** The open session of a repository, or null if none was opened (or loaded) yet. */
    public Session existing(Repository repository) {
        Opened o = sessions.get(repository.name());
        return o != null && o.isFor(repository) ? o.session() : null;
    }

    /** Notes that a session of this repository is being loaded by a job, so commits seen meanwhile are kept. */
    void loadStarted(Repository repository) {
        loading.putIfAbsent(repository.name(), new java.util.HashSet<>());
    }

    /** Forgets a load that was cancelled or failed. */
    void loadEnded(Repository repository) {
        loading.remove(repository.name());
    }

    /**
     * Takes over a session a job loaded. It becomes the repository's workbench session unless one was
     * opened meanwhile (then the loaded one is closed); commits seen while it loaded are applied to it.
     *
     * @return the repository's workbench session
     */
    Session adopt(Repository repository, Session loaded) {
        java.util.Set<dev.strata.core.ObjectId> missed = loading.remove(repository.name());
        Session current = existing(repository);
        if (current != null) {
            loaded.close();
            return current;
        }
        sessions.put(repository.name(), new Opened(repository, authored(loaded)));
        if (missed != null && !missed.isEmpty()) {
            loaded.refresh(missed);
        }
        return loaded;
    }

    /**
     * Hands the sessions to a job (a large commit) until {@link #endJob()}: views defer their
     * refreshes and refuse edits meanwhile, since sessions are not thread-safe.
     */
    void beginJob() {
        if (busy) {
            throw new IllegalStateException("A job is already working on the workbench sessions");
        }
        busy = true;
    }

    /** The job is done: the sessions are the UI thread's again, and deferred work runs. */
    void endJob() {
        busy = false;
        java.util.List<Runnable> deferred = new java.util.ArrayList<>(whenIdle);
        whenIdle.clear();
        deferred.forEach(Runnable::run);
    }

    /**
     * Runs a job that works on the sessions (a large commit, a revert that reads the store): they are
     * the job's from now until it is done, then the UI thread's again before {@code done} runs there,
     * whatever happened to the view that started it. Call on the UI thread.
     */
    void runJob(org.eclipse.core.runtime.jobs.Job job, org.eclipse.swt.widgets.Display display, Runnable done) {
        beginJob();
        job.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
            @Override
            public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                display.asyncExec(() -> {
                    endJob();
                    done.run();
                });
            }
        });
        job.schedule();
    }

    /** True while a job works on the sessions; nothing but that job may touch them. */
    public boolean isBusy() {
        return busy;
    }

    /** Runs now, or once the job working on the sessions has ended. */
    void whenIdle(Runnable task) {
        if (busy) {
            whenIdle.add(task);
        } else {
            task.run();
        }
    }

    /** The session holding an object, or null. */
    public Session sessionOf(EObject object) {
        for (Session s : all()) {
            if (s.state(object) != ObjectState.DISCARDED) {
                return s;
            }
        }
        return null;
    }

    /** The repository (as the session was opened for it) whose session holds an object, or null. */
    public Repository repositoryOf(EObject object) {
        for (Opened o : sessions.values()) {
            if (!o.session().isClosed() && o.session().state(object) != ObjectState.DISCARDED) {
                return o.repository();
            }
        }
        return null;
    }

    /**
     * Object ids named by commit events that no view has applied to the sessions yet. Every live
     * view hears every commit; the first one to deliver brings the sessions up to date, the others
     * find nothing left to read from the store.
     */
    private final java.util.Set<String> unapplied = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Notes ids a commit event named (any thread). */
    void announced(java.util.Collection<String> ids) {
        unapplied.addAll(ids);
    }

    /** Object ids a commit named that a repository's sessions have not read again yet, by repository name. UI thread only. */
    private final Map<String, java.util.Set<dev.strata.core.ObjectId>> unread = new java.util.HashMap<>();
    /**
     * Why each repository's store could not be read at the last try (its server down), by repository
     * name. While a repository is here its sessions are not read on the UI thread (over a server that
     * is down each read waits for the store's timeouts): a job tries the store until it answers, then
     * the commits missed meanwhile are read. UI thread only.
     */
    private final Map<String, String> unreadable = new java.util.HashMap<>();
    /** The job trying each such repository's store (maybe waiting to). UI thread only. */
    private final Map<String, org.eclipse.core.runtime.jobs.Job> trying = new java.util.HashMap<>();
    /** Told, on the UI thread, when a repository's store could not be read or can be again. */
    private final java.util.List<Runnable> readability = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How long a job waits before trying a store that did not answer once more. */
    public static final long RETRY_MS = 5_000;

    /**
     * Reads, in the sessions, the objects these ids name that no view has brought up to date yet
     * (ids as a commit event's CHANGED property carries them; UI thread). A repository whose store
     * could not be read is not read here: its ids wait until a job finds the store answering.
     */
    void catchUp(java.util.Collection<String> ids) {
        java.util.List<dev.strata.core.ObjectId> fresh = new java.util.ArrayList<>();
        for (String id : ids) {
            if (!unapplied.remove(id)) {
                continue;
            }
            try {
                fresh.add(dev.strata.core.ObjectId.parse(id));
            } catch (IllegalArgumentException e) {
                // not an object id (a store name or marker): nothing to read
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        loading.values().forEach(missed -> missed.addAll(fresh));
        for (Opened o : java.util.List.copyOf(sessions.values())) {
            if (o.session().isClosed()) {
                continue;
            }
            unread.computeIfAbsent(o.repository().name(), n -> new java.util.LinkedHashSet<>()).addAll(fresh);
            if (unreadable.containsKey(o.repository().name())) {
                tryStore(o.repository(), 0); // a commit may mean its server is back
            } else {
                readAgain(o);
            }
        }
    }

    /** Reads in the repository's sessions what the commits it missed changed; a failure marks its store unreadable. */
    private void readAgain(Opened o) {
        java.util.Set<dev.strata.core.ObjectId> ids = unread.get(o.repository().name());
        if (ids == null || ids.isEmpty()) {
            return;
        }
        try {
            o.session().refresh(ids);
            unread.remove(o.repository().name());
        } catch (dev.strata.core.StoreException e) {
            cannotRead(o.repository(), e);
        }
    }

    /**
     * A read of the repository's store failed (UI thread): its sessions are read no more on the UI
     * thread until a job finds the store answering; views are told.
     */
    void cannotRead(Repository repository, RuntimeException e) {
        String why = StoreCells.why(e);
        String before = unreadable.put(repository.name(), why);
        if (before == null) {
            LOG.log(System.Logger.Level.WARNING, "The store of repository '" + repository.name() + "' cannot be read: " + why
                    + "; what it changes is read once it answers again");
            readability.forEach(Runnable::run);
        }
        tryStore(repository, RETRY_MS);
    }

    /** Why the repository's store could not be read at the last try, or null if it can be read (UI thread). */
    public String unreadable(Repository repository) {
        return unreadable.get(repository.name());
    }

    /** True if some repository's store could not be read at the last try (UI thread). */
    boolean anyUnreadable() {
        return !unreadable.isEmpty();
    }

    /** Runs {@code told} on the UI thread whenever a repository's store cannot be read, or can be again. */
    void onReadability(Runnable told) {
        readability.add(told);
    }

    void noLongerTold(Runnable told) {
        readability.remove(told);
    }

    /**
     * Tries, in a job, whether the repository's store answers (it lists its roots and reads the
     * objects the sessions wait for); until it does, again every {@link #RETRY_MS}. Once it answers
     * the sessions read what they missed.
     */
    private void tryStore(Repository repository, long delay) {
        org.eclipse.core.runtime.jobs.Job waiting = trying.get(repository.name());
        if (waiting != null) {
            if (delay == 0) {
                waiting.wakeUp(); // a commit was announced: try now rather than at the next retry
            }
            return;
        }
        org.eclipse.swt.widgets.Display display = org.eclipse.swt.widgets.Display.getDefault();
        // What the catch-up will read, so that a store that lists its roots but cannot read objects is not taken as back.
        java.util.List<dev.strata.core.ObjectId> ids = java.util.List.copyOf(unread.getOrDefault(repository.name(), java.util.Set.of()));
        org.eclipse.core.runtime.jobs.Job job = new org.eclipse.core.runtime.jobs.Job(
                "Trying the store of repository '" + repository.name() + "'") {
            @Override
            protected org.eclipse.core.runtime.IStatus run(org.eclipse.core.runtime.IProgressMonitor monitor) {
                RuntimeException failed = new dev.strata.core.StoreException("The check of the store ended early");
                try {
                    repository.store().rootIds();
                    repository.store().loadAll(ids);
                    failed = null;
                } catch (RuntimeException e) {
                    failed = e;
                } finally {
                    RuntimeException answer = failed;
                    if (!display.isDisposed()) {
                        display.asyncExec(() -> whenIdle(() -> tried(repository, answer)));
                    }
                }
                return org.eclipse.core.runtime.Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return StrataJobs.belongs(family, StrataJobs.STORE_CHECK);
            }
        };
        job.setSystem(true);
        trying.put(repository.name(), job);
        job.schedule(delay);
    }

    /** UI thread: the job tried the store; null if it answered. */
    private void tried(Repository repository, RuntimeException failed) {
        trying.remove(repository.name());
        Opened open = sessions.get(repository.name());
        if (open == null || !open.isFor(repository) || !unreadable.containsKey(repository.name())) {
            // No session reads it any more (closed, or the repository service was replaced: the
            // new one is read as any other), or it was read meanwhile: nothing to wait for.
            if (unreadable.remove(repository.name()) != null) {
                readability.forEach(Runnable::run);
            }
            return;
        }
        if (failed != null) {
            cannotRead(repository, failed);
            return;
        }
        unreadable.remove(repository.name());
        LOG.log(System.Logger.Level.INFO, "The store of repository '" + repository.name() + "' answers again");
        readAgain(open);
        if (!unreadable.containsKey(repository.name())) {
            readability.forEach(Runnable::run);
        }
    }

    /** Sets a feature through the undoable command stack. */
    public void set(org.eclipse.emf.ecore.EObject object, org.eclipse.emf.ecore.EStructuralFeature feature, Object value) {
        org.eclipse.emf.common.command.Command set = org.eclipse.emf.edit.command.SetCommand.create(domain, object, feature,
                value == null ? org.eclipse.emf.edit.command.SetCommand.UNSET_VALUE : value);
        if (!set.canExecute()) {
            throw new IllegalArgumentException("Cannot set " + feature.getName() + " of " + dev.strata.core.Labels.of(object));
        }
        if (set instanceof org.eclipse.emf.common.command.AbstractCommand c) {
            // Edit > Undo names the edit: "Undo Set priority", not EMF's bare "Undo Set".
            c.setLabel("Set " + feature.getName());
        }
        commands.execute(set);
    }

    /** The item providers the views label and browse objects with, and the edit commands use. */
    public org.eclipse.emf.edit.provider.ComposedAdapterFactory adapters() {
        return adapters;
    }

    /** The editing domain whose commands go on the undoable stack (create, delete, copy, move). */
    public org.eclipse.emf.edit.domain.EditingDomain domain() {
        return domain;
    }

    /**
     * Executes an EMF.Edit command on the undoable stack.
     *
     * @throws IllegalStateException    while a job holds the sessions
     * @throws IllegalArgumentException when the command cannot execute; the message names it
     */
    public void execute(org.eclipse.emf.common.command.Command command) {
        if (busy) {
            throw new IllegalStateException("A commit is running; '" + label(command) + "' was not done");
        }
        if (command == null || !command.canExecute()) {
            throw new IllegalArgumentException("'" + label(command) + "' cannot be done here");
        }
        commands.execute(command);
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

    /** What Undo would undo ("Set name"), or "" if nothing. */
    public String undoLabel() {
        return label(commands.getUndoCommand());
    }

    /** What Redo would redo, or "" if nothing. */
    public String redoLabel() {
        return label(commands.getRedoCommand());
    }

    private static String label(org.eclipse.emf.common.command.Command c) {
        return c == null || c.getLabel() == null ? "" : c.getLabel();
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
        return all().stream().filter(Session::isDirty).toList();
    }

    public java.util.Collection<Session> all() {
        return sessions.values().stream().map(Opened::session).filter(s -> !s.isClosed()).toList();
    }
}
