package dev.strata.core.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.strata.core.IndexDef;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.MissingIndexException;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.VetoException;

/**
 * What a {@link RecordTable} keeps beside its records to find them: ids by type, the roots in
 * order, and the declared indexes; with the unique checks and the queries that use them. Not
 * thread-safe: the table's lock guards it, and the records passed in are the table's.
 */
final class TableIndexes {

    private final Map<TypeRef, Set<ObjectId>> byType = new HashMap<>();
    /** In the order they became roots: a resource's roots have an order (UML's model comes first). */
    private final Set<ObjectId> roots = new LinkedHashSet<>();
    /**
     * The declared indexes; null for one declared but not built yet. An index is built when a
     * query, a count or a write first needs it, so a store opened only to read objects by id (a
     * session walking a model) never holds one; a unique index over values used twice is refused
     * then (the write or query fails and says which values), not when declared.
     */
    private final Map<IndexDef, ValueIndex> indexes = new LinkedHashMap<>();
    /** How many declared indexes are not built: read without the table's lock to skip the build. */
    private volatile int unbuilt;

    /** The root ids, in their order (live: read under the table's lock). */
    Set<ObjectId> roots() {
        return roots;
    }

    /** The types and the ids of each (live: read under the table's lock). */
    Map<TypeRef, Set<ObjectId>> byType() {
        return byType;
    }

    Collection<IndexDef> declared() {
        return List.copyOf(indexes.keySet());
    }

    void add(Record r) {
        if (r.isRoot()) {
            roots.add(r.id());
        }
        addTyped(r);
    }

    /** Adds an id to the ids by type only (no index is declared). */
    void addType(ObjectId id, TypeRef type) {
        byType.computeIfAbsent(type, t -> new IdSet()).add(id);
    }

    /** Adds a record to the ids by type and the declared indexes, not to the roots. */
    void addTyped(Record r) {
        byType.computeIfAbsent(r.type(), t -> new IdSet()).add(r.id());
        for (Map.Entry<IndexDef, ValueIndex> e : indexes.entrySet()) {
            if (e.getValue() != null && e.getKey().type().equals(r.type())) {
                e.getValue().add(ValueIndex.key(r.value(e.getKey().feature())), r.id());
            }
        }
    }

    /** Forgets every record (declared indexes stay declared, empty). */
    void clear() {
        byType.clear();
        roots.clear();
        indexes.replaceAll((def, index) -> index == null ? null : new ValueIndex(def));
    }

    /** True if some declared index holds values (else the ids by type need no record decoded). */
    boolean anyBuilt() {
        return indexes.values().stream().anyMatch(java.util.Objects::nonNull);
    }

    /** True if a declared index of the type (any type: null) is not built yet; safe without the lock. */
    boolean unbuilt() {
        return unbuilt > 0;
    }

    /** Builds the declared indexes not built yet over the records present. */
    void buildAll(Map<ObjectId, Record> records) {
        build(records, false);
    }

    /** Builds the unique indexes not built yet: a write checks its values against them. */
    void buildUnique(Map<ObjectId, Record> records) {
        if (unbuilt > 0) {
            build(records, true);
        }
    }

    private void build(Map<ObjectId, Record> records, boolean uniqueOnly) {
        for (Map.Entry<IndexDef, ValueIndex> e : indexes.entrySet()) {
            if (e.getValue() == null && (!uniqueOnly || e.getKey().kind() == IndexDef.Kind.UNIQUE)) {
                e.setValue(build(e.getKey(), records));
                unbuilt--;
            }
        }
    }

    void remove(Record r) {
        Set<ObjectId> ids = byType.get(r.type());
        if (ids != null) {
            ids.remove(r.id());
        }
        roots.remove(r.id());
        for (Map.Entry<IndexDef, ValueIndex> e : indexes.entrySet()) {
            if (e.getValue() != null && e.getKey().type().equals(r.type())) {
                e.getValue().remove(ValueIndex.key(r.value(e.getKey().feature())), r.id());
            }
        }
    }

    // ---------------------------------------------------------------- declaring

    /** Declares indexes, built when first needed ({@link #buildAll}). */
    void declare(Collection<IndexDef> defs, Map<ObjectId, Record> records) {
        // All or none: a refused declaration leaves the indexes as they were.
        Map<IndexDef, ValueIndex> built = new LinkedHashMap<>();
        for (IndexDef def : defs) {
            if (indexes.containsKey(def) || built.containsKey(def)) {
                continue;
            }
            built.put(def, null);
        }
        built.forEach((def, index) -> {
            indexes.put(def, index);
            if (index == null) {
                unbuilt++;
            }
        });
    }

    private ValueIndex build(IndexDef def, Map<ObjectId, Record> records) {
        ValueIndex index = new ValueIndex(def);
        for (ObjectId id : byType.getOrDefault(def.type(), Set.of())) {
            Record r = records.get(id);
            Object key = ValueIndex.key(r.value(def.feature()));
            if (def.kind() == IndexDef.Kind.UNIQUE && key != null && !index.ids(key).isEmpty()) {
                throw new VetoException("Cannot declare " + def + ": value '" + key + "' is used by "
                        + index.ids(key).iterator().next() + " and " + id);
            }
            index.add(key, id);
        }
        return index;
    }

    /** Drops and rebuilds one declared index from the records; if that fails, the old one stays. */
    void rebuild(IndexDef def, Map<ObjectId, Record> records, String storeName) {
        if (!indexes.containsKey(def)) {
            throw new MissingIndexException("Store '" + storeName + "' has no " + def + " to rebuild; declare it"
                    + " first (" + def.howToDeclare() + ")");
        }
        ValueIndex fresh = build(def, records); // throws before anything changes
        if (indexes.put(def, fresh) == null) {
            unbuilt--;
        }
    }

    // ---------------------------------------------------------------- checks before a write

    /** Refuses records that would give a unique index's value to two objects. */
    void checkUnique(List<Record> upserts, List<ObjectId> deletions) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<IndexDef, ValueIndex> e : indexes.entrySet()) {
            IndexDef def = e.getKey();
            if (def.kind() != IndexDef.Kind.UNIQUE || e.getValue() == null) {
                continue;
            }
            Set<ObjectId> leaving = new HashSet<>(deletions);
            Map<Object, ObjectId> claimed = new HashMap<>();
            for (Record r : upserts) {
                if (r.type().equals(def.type())) {
                    leaving.add(r.id());
                }
            }
            for (Record r : upserts) {
                if (!r.type().equals(def.type())) {
                    continue;
                }
                Object key = ValueIndex.key(r.value(def.feature()));
                if (key == null) {
                    continue;
                }
                ObjectId other = claimed.putIfAbsent(key, r.id());
                if (other == null) {
                    other = e.getValue().ids(key).stream().filter(id -> !leaving.contains(id)).findFirst().orElse(null);
                }
                if (other != null && !other.equals(r.id())) {
                    problems.add("unique " + def + ": value '" + key + "' of " + r.id() + " is already used by " + other);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new VetoException(problems);
        }
    }

    /**
     * Refuses migrated values an index cannot hold (a text where an ordered index keeps numbers)
     * before anything is written: applying them would fail after the write, leaving a durable
     * migration the indexes never saw. The trial holds what the index will hold afterwards.
     */
    void checkIndexable(String migrationId, List<Record> upserts) {
        Set<ObjectId> migrated = new HashSet<>();
        upserts.forEach(r -> migrated.add(r.id()));
        for (Map.Entry<IndexDef, ValueIndex> e : indexes.entrySet()) {
            IndexDef def = e.getKey();
            TreeMap<Object, Boolean> trial = def.servesOrder() ? new TreeMap<>(ValueIndex.NULLS_LAST) : null;
            if (trial != null && e.getValue() != null) {
                Object kept = e.getValue().keyOutside(migrated);
                if (kept != null) {
                    trial.put(kept, Boolean.TRUE);
                }
            }
            for (Record r : upserts) {
                if (!r.type().equals(def.type())) {
                    continue;
                }
                Object key = null;
                try {
                    key = ValueIndex.key(r.value(def.feature()));
                    if (trial != null && key != null) {
                        trial.put(key, Boolean.TRUE);
                    }
                } catch (IllegalArgumentException | ClassCastException ex) {
                    throw new InvalidChangeException(def.feature(), "Cannot apply " + migrationId
                            + ": " + r.id() + "." + def.feature() + " would hold "
                            + (key == null ? "a value" : key.getClass().getSimpleName() + " '" + key + "'")
                            + " that the index " + def + " cannot hold beside its other values");
                }
            }
        }
    }

    // ---------------------------------------------------------------- queries

    /** The records a query finds, starting from an index when one fits. */
    List<Record> query(Query q, Map<ObjectId, Record> records) {
        Collection<IndexDef> declared = indexes.keySet();
        q.check(declared);
        Collection<ObjectId> candidates = null;
        List<Query.Condition> rest = new ArrayList<>(q.conditions());
        for (Query.Condition c : q.conditions()) {
            if (c.op() == Query.Op.EQ) {
                candidates = indexes.get(q.find(declared, c.feature(), false).orElseThrow()).ids(ValueIndex.key(c.value()));
                rest.remove(c);
                break;
            }
        }
        if (candidates == null) {
            for (Query.Condition c : q.conditions()) {
                candidates = indexes.get(q.find(declared, c.feature(), true).orElseThrow()).range(c.value(), c.upper());
                rest.remove(c);
                break;
            }
        }
        if (candidates == null) {
            candidates = byType.getOrDefault(q.type(), Set.of());
        }
        List<Record> result = new ArrayList<>();
        for (ObjectId id : candidates) {
            Record r = records.get(id);
            if (r != null && r.type().equals(q.type())
                    && rest.stream().allMatch(c -> QueryEvaluation.matches(c, r.value(c.feature())))) {
                result.add(r);
            }
        }
        if (q.orderBy().isPresent()) {
            result.sort(QueryEvaluation.order(q, Record::value));
        }
        if (q.limit() >= 0 && result.size() > q.limit()) {
            return new ArrayList<>(result.subList(0, q.limit()));
        }
        return result;
    }

    Map<Object, Long> countBy(TypeRef type, String feature) {
        ValueIndex index = indexes.entrySet().stream()
                .filter(e -> e.getKey().type().equals(type) && e.getKey().feature().equals(feature))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new MissingIndexException("Counting " + type.name() + " by " + feature
                        + " needs an index: declare an "
                        + new IndexDef(type, feature, IndexDef.Kind.EQUALITY) + " ("
                        + new IndexDef(type, feature, IndexDef.Kind.EQUALITY).howToDeclare() + ")"));
        return index.counts();
    }
}
