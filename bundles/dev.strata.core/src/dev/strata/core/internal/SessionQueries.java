package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.core.Nil;
import dev.strata.core.ObjectState;
import dev.strata.core.Query;
import dev.strata.core.TypeRef;
import dev.strata.core.Values;
import dev.strata.core.store.QueryEvaluation;

/**
 * Queries and counts as the session's user sees the objects: the store's answer with the pending
 * work laid over it. Objects with pending changes of the queried class are judged by their current
 * values, in memory, the way a record table judges records; the others by the store.
 */
final class SessionQueries {

    private final ChangeTracker tracker;
    private final IdentityMap identity;
    private final ChangeSetPlanner planner;
    private final SessionState state;

    SessionQueries(SessionState state, ChangeTracker tracker, IdentityMap identity, ChangeSetPlanner planner) {
        this.state = state;
        this.tracker = tracker;
        this.identity = identity;
        this.planner = planner;
    }

    List<EObject> query(Query query) {
        Set<Entry> pending = pending(query.type());
        if (pending.isEmpty()) {
            return identity.query(query);
        }
        // A pending object the store holds may take a place in the store's answer and then not match
        // (deleted, changed): ask for one more per such object so the limit is still filled.
        long stored = pending.stream().filter(e -> !e.isNew).count();
        Query asked = query.limit() < 0 ? query : query.limit((int) Math.min(Integer.MAX_VALUE, query.limit() + stored));
        List<EObject> result = new ArrayList<>();
        Set<Entry> seen = new LinkedHashSet<>();
        try {
            for (EObject o : identity.query(asked)) {
                Entry e = tracker.entryOf(o);
                if (e != null && (!pending.contains(e) || matchesNow(query, e))) {
                    result.add(o);
                }
                if (e != null) {
                    seen.add(e);
                }
            }
            for (Entry e : pending) {
                if (!seen.contains(e) && matchesNow(query, e)) {
                    result.add(e.object);
                }
            }
            if (query.orderBy().isPresent()) {
                result.sort(QueryEvaluation.order(query, (o, f) -> current(tracker.entryOf(o), f)));
            }
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("Query " + query + ": a value is not of the type its feature holds", e);
        }
        return query.limit() >= 0 && result.size() > query.limit() ? List.copyOf(result.subList(0, query.limit()))
                : result;
    }

    /**
     * The store's counts, less the stored values of pending objects the store holds, plus the
     * current values of those still in the session (new, changed).
     */
    Map<Object, Long> countBy(EClass eClass, EAttribute attribute) {
        Map<Object, Long> counts = identity.countBy(eClass, attribute);
        for (Entry e : pending(TypeRef.of(eClass))) {
            if (!e.isNew) {
                count(counts, attribute, planner.recordValue(e, attribute, true), -1);
            }
            if (!tracker.gone(e)) {
                count(counts, attribute, planner.recordValue(e, attribute, false), 1);
            }
        }
        return counts;
    }

    private static void count(Map<Object, Long> counts, EAttribute attribute, Object recordValue, long delta) {
        Object key = Values.fromRecord(attribute, recordValue == Nil.VALUE ? null : recordValue);
        if (counts.merge(key, delta, Long::sum) <= 0) {
            counts.remove(key);
        }
    }

    private boolean matchesNow(Query query, Entry e) {
        return !tracker.gone(e) && QueryEvaluation.matches(query, f -> current(e, f));
    }

    private Object current(Entry e, String featureName) {
        EStructuralFeature f = e.object.eClass().getEStructuralFeature(featureName);
        return f == null ? null : planner.recordValue(e, f, false);
    }

    /**
     * The objects of exactly this class with pending work: new, changed, deleted (with what they
     * contained) or taken out of their container.
     */
    private Set<Entry> pending(TypeRef type) {
        Set<Entry> result = new LinkedHashSet<>();
        for (Entry e : state.touched) {
            if (e.discarded) {
                continue;
            }
            List<Entry> involved = new ArrayList<>(List.of(e));
            if (tracker.baseState(e) == ObjectState.DELETED) {
                involved.addAll(tracker.persistentContents(e));
            }
            for (Entry x : involved) {
                if (TypeRef.of(x.object.eClass()).equals(type)) {
                    result.add(x);
                }
            }
        }
        return result;
    }
}
