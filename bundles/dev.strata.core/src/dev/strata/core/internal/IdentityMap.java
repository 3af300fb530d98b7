package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;

import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StrataException;
import dev.strata.core.TypeRef;
import dev.strata.core.Values;

/**
 * One object per id: objects are read from the store on first use, with their root's tree, and
 * found in the session after that. Queries answer through it, their ids cached until a commit
 * touches their EClass.
 */
final class IdentityMap implements Materializer.Identity {

    private final SessionState state;
    private final ChangeTracker tracker;
    private final Materializer materializer;
    private final Map<Query, List<ObjectId>> queryCache = new ConcurrentHashMap<>();
    /** Entries created by the load under way, removed again if it fails. */
    private List<Entry> loading;
    /** The loaded objects by imported xmi:id, rebuilt when objects were added since. */
    private Map<String, Entry> byXmiId;
    private int byXmiIdSize = -1;

    IdentityMap(SessionState state, ChangeTracker tracker) {
        this.state = state;
        this.tracker = tracker;
        String store = state.repository.store().name();
        this.materializer = new Materializer(state.repository, store, state.repository.store(), this);
    }

    Materializer materializer() {
        return materializer;
    }

    /** The object, loaded if needed; null if there is none or it left the session. */
    EObject find(ObjectId objectId) {
        Entry e = load(objectId, null);
        return e == null || e.discarded ? null : e.object;
    }

    EObject findByXmiId(String xmiId) {
        Entry e = loadedByXmiId(xmiId);
        return e == null || e.discarded ? null : e.object;
    }

    private Entry loadedByXmiId(String xmiId) {
        if (byXmiId == null || byXmiIdSize != state.byId.size()) {
            byXmiId = new HashMap<>();
            state.byId.values().forEach(e -> {
                if (e.xmiId != null) {
                    byXmiId.put(e.xmiId, e);
                }
            });
            byXmiIdSize = state.byId.size();
        }
        return byXmiId.get(xmiId);
    }

    private Entry load(ObjectId objectId, Record hint) {
        return load(objectId, hint, Map.of());
    }

    /** Loads an object with its root's tree, taken from {@code trees} when they hold it. */
    private Entry load(ObjectId objectId, Record hint, Map<ObjectId, Record> trees) {
        Entry known = state.byId.get(objectId);
        if (known != null) {
            return known;
        }
        Record record = hint != null ? hint : state.repository.store().load(objectId).orElse(null);
        if (record == null) {
            return null;
        }
        if (record.container() != null) {
            // Containment is loaded as a whole: loading the root container brings this object in.
            Entry container = load(record.container(), null);
            if (container == null) {
                throw new StrataException("Store '" + state.repository.store().name() + "' is inconsistent: object "
                        + objectId + " names container " + record.container() + ", which does not exist");
            }
            return state.byId.get(objectId);
        }
        state.suppress++;
        List<Entry> outer = loading;
        loading = new ArrayList<>();
        try {
            EObject root = materializer.tree(record.id(),
                    trees.containsKey(record.id()) ? trees : state.repository.store().loadTree(record.id()),
                    state.resource);
            if (root == null) {
                return null; // deleted by a commit since the record was read
            }
            // A root loaded now was in the store all along: every restore point must keep it.
            if (state.originalRoots != null) {
                state.originalRoots.add(root);
            }
            for (SavepointImpl sp : state.liveSavepoints) {
                if (sp.rootsThen != null) {
                    sp.rootsThen.add(root);
                }
            }
        } catch (RuntimeException e) {
            for (Entry partial : loading) {
                partial.object.eAdapters().remove(partial);
                state.byId.remove(partial.id);
            }
            throw e;
        } finally {
            loading = outer;
            state.suppress--;
        }
        return state.byId.get(objectId);
    }

    @Override
    public EObject existing(ObjectId objectId) {
        Entry e = state.byId.get(objectId);
        return e == null ? null : e.object;
    }

    @Override
    public void created(EObject object, Record record) {
        Entry e = new Entry(tracker, object, record.id(), record.version(), false, record.container());
        e.xmiId = record.xmiId();
        state.byId.put(record.id(), e);
        object.eAdapters().add(e);
        if (loading != null) {
            loading.add(e);
        }
    }

    Optional<EObject> findByKey(EClass eClass, Object key) {
        EAttribute idAttribute = eClass.getEIDAttribute();
        if (idAttribute == null) {
            throw new StrataException(eClass.getName() + " declares no ID attribute, so it has no primary key");
        }
        for (Entry e : state.touched) {
            if (e.object.eClass() == eClass && !e.discarded && Objects.equals(e.object.eGet(idAttribute), key)
                    && !tracker.gone(e)) {
                return Optional.of(e.object);
            }
        }
        for (EObject o : query(Query.on(eClass).eq(idAttribute, key))) {
            if (Objects.equals(o.eGet(idAttribute), key)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    List<EObject> query(Query query) {
        List<ObjectId> ids = queryCache.get(query);
        Map<ObjectId, Record> hints = Map.of();
        if (ids == null) {
            List<Record> records = state.repository.store().query(query);
            ids = records.stream().map(Record::id).toList();
            hints = new HashMap<>();
            for (Record r : records) {
                hints.put(r.id(), r);
            }
            queryCache.put(query, ids);
        }
        List<EObject> result = new ArrayList<>(ids.size());
        for (ObjectId oid : ids) {
            Entry e = load(oid, hints.get(oid));
            if (e != null && !e.discarded) {
                result.add(e.object);
            }
        }
        return result;
    }

    void invalidateQueries(Set<String> types) {
        queryCache.keySet().removeIf(q -> types.contains(q.type().toString()));
    }

    void invalidateAllQueries() {
        queryCache.clear();
    }

    Map<Object, Long> countBy(EClass eClass, EAttribute attribute) {
        Map<Object, Long> stored = state.repository.store().countBy(TypeRef.of(eClass), attribute.getName());
        Map<Object, Long> result = new LinkedHashMap<>();
        stored.forEach((k, v) -> result.merge(Values.fromRecord(attribute, k), v, Long::sum));
        return result;
    }

    List<EObject> roots() {
        List<ObjectId> stored = state.repository.store().rootIds();
        List<ObjectId> missing = new ArrayList<>();
        for (ObjectId id : stored) {
            if (!state.byId.containsKey(id)) {
                missing.add(id);
            }
        }
        // Many roots (UML's stereotype applications) are read together, not tree by tree.
        Map<ObjectId, Record> trees = missing.size() > 1 ? state.repository.store().loadTrees(missing) : Map.of();
        for (ObjectId id : stored) {
            load(id, trees.get(id), trees); // a root deleted meanwhile is not there: skipped
        }
        return List.copyOf(state.resource.getContents());
    }
}
