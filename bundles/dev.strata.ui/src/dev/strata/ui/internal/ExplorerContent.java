package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain;
import org.eclipse.emf.edit.provider.ComposedAdapterFactory;
import org.eclipse.emf.edit.provider.ITreeItemContentProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.swt.widgets.Display;

import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StoreException;

/**
 * Content of the Model Explorer: repositories, their root objects, and contents as the model's
 * EMF.Edit item providers present them (EMF.Edit.UI's JFace adapters are not on Maven Central, so
 * this is the small part of them Strata needs). Each repository is browsed through the workbench
 * session; the first time a repository is opened its root objects load in a job, with a
 * placeholder node meanwhile, so a large store does not freeze the window. Past states opened from
 * History ({@link PastStates}) are shown after the repositories with the roots they were opened with.
 */
final class ExplorerContent implements ITreeContentProvider {

    /** Stands under a repository while its roots load, or says why they did not. */
    record Placeholder(Repository repository, String text, boolean retry) {
    }

    /** The workbench's item providers (those the edit commands use too); not disposed here. */
    final ComposedAdapterFactory adapters;
    private final Display display;
    private final WorkbenchSessions sessions;
    private final PastStates pasts;
    private final Consumer<Repository> loaded;
    /** Loads running or ended without a session (cancelled, failed), by repository name. UI thread only. */
    private final Map<String, Placeholder> loads = new HashMap<>();
    /** Each repository's roots as last shown, for while a job holds the sessions or the store cannot be read. */
    private final Map<String, Object[]> lastRoots = new HashMap<>();
    /** Why a repository's roots could not be read at the last try (a server down), by repository name. */
    private final Map<String, String> unreadable = new HashMap<>();
    private final Consumer<Repository> relabel;
    private boolean disposed;

    /**
     * @param loaded told, on the UI thread, when a repository's roots have loaded (or failed to)
     * @param relabel told, on the UI thread, when a repository's row says something else (its store
     *        could not be read, or can be again)
     */
    ExplorerContent(Display display, WorkbenchSessions sessions, PastStates pasts, Consumer<Repository> loaded,
            Consumer<Repository> relabel) {
        this.display = display;
        this.sessions = sessions;
        this.pasts = pasts;
        this.loaded = loaded;
        this.relabel = relabel;
        this.adapters = sessions.adapters();
    }

    /** The session an object belongs to, or null; none while a job holds the sessions. */
    Session sessionOf(EObject object) {
        return sessions.isBusy() ? null : sessions.sessionOf(object);
    }

    @Override
    public Object[] getElements(Object input) {
        return input instanceof Collection<?> c ? c.toArray() : new Object[0];
    }

    @Override
    public Object[] getChildren(Object parent) {
        if (parent instanceof Repository r) {
            return roots(r);
        }
        if (parent instanceof PastStates.Past p) {
            return p.roots().toArray();
        }
        if (parent instanceof EObject o) {
            ITreeItemContentProvider items = (ITreeItemContentProvider) adapters.adapt(o, ITreeItemContentProvider.class);
            List<Object> children = new ArrayList<>();
            if (items != null) {
                for (Object child : items.getChildren(o)) {
                    // A child held in a feature map comes wrapped in its entry: show the object itself
                    // (its label, properties, states); a text entry of mixed content keeps its wrapper.
                    Object value = AdapterFactoryEditingDomain.unwrap(child);
                    children.add(value instanceof EObject ? value : child);
                }
            } else {
                children.addAll(o.eContents());
            }
            return children.toArray();
        }
        return new Object[0];
    }

    private Object[] roots(Repository r) {
        if (sessions.isBusy()) {
            return lastRoots.getOrDefault(r.name(), new Object[0]);
        }
        Session s = sessions.existing(r);
        if (s != null) {
            Object[] roots;
            String problem = null;
            try {
                roots = s.roots().toArray();
                lastRoots.put(r.name(), roots);
            } catch (StoreException e) {
                // The store cannot be read now (its server is down): the roots the session holds stay
                // (those read before, and new ones), the repository's row says why, and the next
                // refresh tries again.
                problem = java.util.Objects.requireNonNullElse(e.getMessage(), e.toString());
                roots = s.resource().getContents().toArray();
            }
            String before = problem == null ? unreadable.remove(r.name()) : unreadable.put(r.name(), problem);
            if (!java.util.Objects.equals(before, problem)) {
                display.asyncExec(() -> {
                    if (!disposed) {
                        relabel.accept(r);
                    }
                });
            }
            return roots;
        }
        Placeholder p = loads.get(r.name());
        if (p == null) {
            p = load(r);
        }
        // A cancelled or failed load stays so until the user asks again (double-click), not at each refresh.
        return new Object[] { p };
    }

    /** Starts loading a repository's roots in a job. */
    private Placeholder load(Repository r) {
        Placeholder p = new Placeholder(r, "Loading…", false);
        loads.put(r.name(), p);
        sessions.loadStarted(r);
        LoadRepositoryJob job = new LoadRepositoryJob(r);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                display.asyncExec(() -> finished(job));
            }
        });
        job.schedule();
        return p;
    }

    private void finished(LoadRepositoryJob job) {
        Repository r = job.repository();
        Session session = job.loaded();
        if (disposed) {
            // The view closed meanwhile; the session is still the workbench's to use.
            if (session != null) {
                sessions.adopt(r, session);
            }
            return;
        }
        if (session != null) {
            loads.remove(r.name());
            sessions.adopt(r, session);
        } else {
            sessions.loadEnded(r);
            loads.put(r.name(), new Placeholder(r, job.problem() != null ? "Cannot load: " + job.problem()
                    : "Loading cancelled; double-click to load", true));
        }
        loaded.accept(r);
    }

    /** Why the repository's roots could not be read at the last try, or null if they could. */
    String unreadable(Repository r) {
        return unreadable.get(r.name());
    }

    /** How many root objects of the repository the tree was last given (0 while loading). */
    int shownRoots(Repository r) {
        Object[] roots = lastRoots.get(r.name());
        return roots == null ? 0 : roots.length;
    }

    /** Loads a repository again after a cancelled or failed load. */
    void retry(Placeholder p) {
        if (p.retry()) {
            load(p.repository());
            loaded.accept(p.repository());
        }
    }

    @Override
    public Object getParent(Object element) {
        if (element instanceof Placeholder p) {
            return p.repository();
        }
        if (!(element instanceof EObject o)) {
            return null;
        }
        if (o.eContainer() != null || sessions.isBusy()) {
            return o.eContainer();
        }
        // A root's parent is its repository's row (or past state's), so that a new root can be revealed and selected.
        Repository r = sessions.repositoryOf(o);
        return r != null ? r : pasts.of(o);
    }

    @Override
    public boolean hasChildren(Object element) {
        return element instanceof Repository || element instanceof PastStates.Past p && !p.roots().isEmpty()
                || element instanceof EObject o && !o.eContents().isEmpty();
    }

    @Override
    public void dispose() {
        disposed = true;
    }
}
