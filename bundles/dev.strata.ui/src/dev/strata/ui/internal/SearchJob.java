package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.ecore.EClass;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;

/**
 * Runs a {@link Search} against the repository's store, off the UI thread: a query through the
 * store's indexes, or a text search reading the stored objects one root's tree at a time (progress
 * per root, cancel between roots). Only the store is touched here, never the workbench sessions
 * (they belong to the UI thread); the Search Results view turns the hits into the session's objects
 * and lays the session's pending work over them (new objects that match, deleted ones left out).
 */
final class SearchJob extends Job {

    /** A stored object that matched, and what matched ({@code feature = value}). */
    record Hit(ObjectId id, String match) {
    }

    private final Search search;
    private final List<Hit> hits = new ArrayList<>();
    private volatile int total;
    private volatile boolean complete;
    private volatile String problem;

    SearchJob(Search search) {
        super("Searching " + search.repository().name() + " for " + search.describe());
        this.search = search;
        setUser(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        try {
            ModelStore store = search.repository().store();
            switch (search) {
                case Search.ByQuery q -> query(store, q.query());
                case Search.ByText t -> text(store, t, SubMonitor.convert(monitor, getName(), 1));
            }
            return Status.OK_STATUS;
        } catch (RuntimeException e) {
            // Shown in the Search Results view, where the search was asked for.
            problem = e.getMessage() != null ? e.getMessage() : e.toString();
            return Status.OK_STATUS;
        }
    }

    private void query(ModelStore store, Query query) {
        for (Record r : store.query(query)) {
            add(new Hit(r.id(), match(query, r::value))); // as stored
        }
        complete = true;
    }

    /** What the query's conditions (or else its order) looked at: {@code feature = value}, values by feature name. */
    static String match(Query query, java.util.function.Function<String, Object> value) {
        String match = query.conditions().stream().map(Query.Condition::feature)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new)).stream()
                .map(f -> f + " = " + value.apply(f)).collect(Collectors.joining(", "));
        if (match.isEmpty() && query.orderBy().isPresent()) {
            match = query.orderBy().get() + " = " + value.apply(query.orderBy().get());
        }
        return match;
    }

    private void text(ModelStore store, Search.ByText t, SubMonitor progress) {
        Map<TypeRef, EClass> classes = Search.classes(search.repository());
        List<ObjectId> roots = store.rootIds();
        progress.setWorkRemaining(roots.size());
        for (ObjectId root : roots) {
            if (progress.isCanceled()) {
                return;
            }
            for (Record r : store.loadTree(root).values()) {
                EClass eClass = classes.get(r.type());
                String match = eClass == null ? null : t.match(eClass, a -> r.value(a.getName()));
                if (match != null) {
                    add(new Hit(r.id(), match));
                }
            }
            progress.worked(1);
        }
        complete = true;
    }

    private void add(Hit hit) {
        synchronized (hits) {
            if (hits.size() < search.max()) {
                hits.add(hit);
            }
        }
        total++;
    }

    Search search() {
        return search;
    }

    /** The hits kept (at most the search's maximum). Read once the job is done. */
    List<Hit> hits() {
        synchronized (hits) {
            return List.copyOf(hits);
        }
    }

    /** How many stored objects matched, kept or not. */
    int total() {
        return total;
    }

    /** False if cancelled (or failed) before every object was looked at. */
    boolean complete() {
        return complete;
    }

    /** Why the search failed, or null. */
    String problem() {
        return problem;
    }

    @Override
    public boolean belongsTo(Object family) {
        return StrataJobs.belongs(family, StrataJobs.SEARCH);
    }
}
