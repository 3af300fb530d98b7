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
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.FeatureMapUtil;
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

    /** Stands under an object (or range) whose children were never read while its store cannot be read. */
    record NotRead(Object parent, String text) {
    }

    /**
     * One row standing for the children at positions [from, from + span) of an object's long
     * containment list (fewer at the list's end). Its rows are the children themselves, or, for a
     * list longer than {@link #RANGE} squared, ranges {@link #RANGE} times shorter.
     */
    record Range(EObject owner, EReference feature, int from, int span) {

        /** The list's positions this row stands for now, as "tasks [0..999]". */
        String label() {
            int size = ((List<?>) owner.eGet(feature)).size();
            long last = Math.min((long) from + span, size) - 1;
            return feature.getName() + " [" + from + ".." + last + "]";
        }
    }

    /**
     * A containment list longer than this shows as ranges of this many children, opened one at a
     * time (as Eclipse's debugger shows a long array): a tree item per child of a list of 200,000
     * made GTK walk every sibling at each refresh, and a session reading the model lazily read every
     * child to show the list. The same length as a lazy session's page of a long list.
     */
    static final int RANGE = 1_000;

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
    /**
     * Objects whose children the tree has read: while their store cannot be read these are shown
     * from memory, and no other object's children are asked for (that would read the store and
     * wait for its timeouts on the UI thread).
     */
    private final java.util.Set<Object> childrenRead = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
    private boolean disposed;

    /**
     * @param loaded told, on the UI thread, when a repository's roots have loaded (or failed to)
     */
    ExplorerContent(Display display, WorkbenchSessions sessions, PastStates pasts, Consumer<Repository> loaded) {
        this.display = display;
        this.sessions = sessions;
        this.pasts = pasts;
        this.loaded = loaded;
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
        if (parent instanceof Range r) {
            String why = unreadChildren(r.owner(), r);
            if (why != null) {
                return new Object[] { new NotRead(r, "Not read: the store cannot be read: " + why) };
            }
            try {
                Object[] children = rangeChildren(r);
                childrenRead.add(r);
                return children;
            } catch (StoreException e) {
                cannotRead(r.owner(), e);
                return new Object[] { new NotRead(r, "Not read: the store cannot be read: " + StoreCells.why(e)) };
            }
        }
        if (parent instanceof EObject o) {
            String why = unreadChildren(o, o);
            if (why != null) {
                return new Object[] { new NotRead(o, "Not read: the store cannot be read: " + why) };
            }
            try {
                Object[] ranged = rangedChildren(o);
                if (ranged != null) {
                    childrenRead.add(o);
                    return ranged;
                }
            } catch (StoreException e) {
                cannotRead(o, e);
                return new Object[] { new NotRead(o, "Not read: the store cannot be read: " + StoreCells.why(e)) };
            }
            ITreeItemContentProvider items = (ITreeItemContentProvider) adapters.adapt(o, ITreeItemContentProvider.class);
            List<Object> children = new ArrayList<>();
            try {
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
            } catch (StoreException e) {
                // The store could not be read for them: say so; the row fills once it answers.
                cannotRead(o, e);
                return new Object[] { new NotRead(o, "Not read: the store cannot be read: " + StoreCells.why(e)) };
            }
            childrenRead.add(o);
            return children.toArray();
        }
        return new Object[0];
    }

    /**
     * An object's children when one of its containment lists is longer than {@link #RANGE}: its
     * containment features in the model's order, each long list as ranges, the others' children as
     * they are. Null for any other object (its item provider gives its children), and for a class
     * holding children through a feature map (its item provider knows which features stand for it).
     * Only the lists' sizes are read, not their children.
     */
    private static Object[] rangedChildren(EObject o) {
        List<EReference> features = o.eClass().getEAllContainments();
        boolean longList = false;
        for (EReference f : features) {
            if (f.isMany() && !f.isDerived() && ((List<?>) o.eGet(f)).size() > RANGE) {
                longList = true;
            }
        }
        if (!longList || holdsFeatureMap(o)) {
            return null;
        }
        List<Object> children = new ArrayList<>();
        for (EReference f : features) {
            if (f.isDerived()) {
                continue;
            }
            Object value = o.eGet(f);
            if (!f.isMany()) {
                if (value != null) {
                    children.add(value);
                }
                continue;
            }
            List<?> list = (List<?>) value;
            int size = list.size();
            if (size <= RANGE) {
                children.addAll(list);
                continue;
            }
            long span = topSpan(size);
            for (long from = 0; from < size; from += span) {
                children.add(new Range(o, f, (int) from, (int) span));
            }
        }
        return children.toArray();
    }

    private static boolean holdsFeatureMap(EObject o) {
        for (EStructuralFeature f : o.eClass().getEAllStructuralFeatures()) {
            if (FeatureMapUtil.isFeatureMap(f)) {
                return true;
            }
        }
        return false;
    }

    /** How many children each top range of a list of this size stands for: RANGE, RANGE², … */
    private static long topSpan(int size) {
        long span = RANGE;
        while ((long) size > span * RANGE) {
            span *= RANGE;
        }
        return span;
    }

    /** A range's rows: the children at its positions (only they are read), or shorter ranges. */
    private static Object[] rangeChildren(Range r) {
        List<?> list = (List<?>) r.owner().eGet(r.feature());
        int end = (int) Math.min((long) r.from() + r.span(), list.size());
        List<Object> children = new ArrayList<>();
        if (r.span() > RANGE) {
            int span = r.span() / RANGE;
            for (long from = r.from(); from < end; from += span) {
                children.add(new Range(r.owner(), r.feature(), (int) from, span));
            }
        } else {
            for (int i = r.from(); i < end; i++) {
                children.add(list.get(i));
            }
        }
        return children.toArray();
    }

    /**
     * The range row an object is shown under, if it is a child in a list shown as ranges; null
     * otherwise. Finding its position reads the list (a lazy session's list keeps an index of it).
     */
    static Range rangeOf(EObject o) {
        EObject owner = o.eContainer();
        if (owner == null || !(o.eContainmentFeature() instanceof EReference f) || !f.isMany() || f.isDerived()
                || holdsFeatureMap(owner)) {
            return null;
        }
        List<?> list = (List<?>) owner.eGet(f);
        int at = list.size() <= RANGE ? -1 : list.indexOf(o);
        if (at < 0) {
            return null;
        }
        return new Range(owner, f, at / RANGE * RANGE, RANGE);
    }

    /** The row a range is shown under: the range holding it, or the list's owner. */
    private static Object parentOf(Range r) {
        int size = ((List<?>) r.owner().eGet(r.feature())).size();
        long span = (long) r.span() * RANGE;
        if (span > topSpan(size)) {
            return r.owner();
        }
        return new Range(r.owner(), r.feature(), (int) (r.from() / span * span), (int) span);
    }

    private Object[] roots(Repository r) {
        if (sessions.isBusy()) {
            return lastRoots.getOrDefault(r.name(), new Object[0]);
        }
        Session s = sessions.existing(r);
        if (s != null) {
            if (sessions.unreadable(r) != null) {
                // Its store cannot be read now (a server down; a job tries it): the roots the session
                // holds, those read before and new ones, without waiting for the store's timeouts.
                return s.resource().getContents().toArray();
            }
            try {
                Object[] roots = s.roots().toArray();
                lastRoots.put(r.name(), roots);
                return roots;
            } catch (StoreException e) {
                sessions.cannotRead(r, e);
                return s.resource().getContents().toArray();
            }
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

    /** Why the repository's store could not be read at the last try, or null if it can be read. */
    String unreadable(Repository r) {
        return sessions.unreadable(r);
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
        if (element instanceof NotRead n) {
            return n.parent();
        }
        if (element instanceof Range r) {
            return parentOf(r);
        }
        if (!(element instanceof EObject o)) {
            return null;
        }
        if (o.eContainer() != null || sessions.isBusy()) {
            Range range = sessions.isBusy() ? null : rangeOf(o);
            return range != null ? range : o.eContainer();
        }
        // A root's parent is its repository's row (or past state's), so that a new root can be revealed and selected.
        Repository r = sessions.repositoryOf(o);
        return r != null ? r : pasts.of(o);
    }

    @Override
    public boolean hasChildren(Object element) {
        if (element instanceof EObject o) {
            if (unreadChildren(o, o) != null) {
                return true; // opening the row says why they are not shown
            }
            try {
                return !o.eContents().isEmpty();
            } catch (StoreException e) {
                cannotRead(o, e);
                return true; // not read yet and the store cannot be read: opening the row says so
            }
        }
        return element instanceof Repository || element instanceof Range
                || element instanceof PastStates.Past p && !p.roots().isEmpty();
    }

    /** A read of an object's children failed: its repository's store is marked unreadable. */
    private void cannotRead(EObject o, StoreException e) {
        Repository r = sessions.repositoryOf(o);
        if (r == null) {
            throw e;
        }
        sessions.cannotRead(r, e);
    }

    /**
     * Why the children of a row (the object, or a range of its list) are not asked for now (its
     * repository's store cannot be read and the tree never read them), or null if they can be.
     */
    private String unreadChildren(EObject o, Object row) {
        if (!sessions.anyUnreadable() || childrenRead.contains(row) || sessions.isBusy()) {
            return null;
        }
        Repository r = sessions.repositoryOf(o);
        return r == null ? null : sessions.unreadable(r);
    }

    @Override
    public void dispose() {
        disposed = true;
    }
}
