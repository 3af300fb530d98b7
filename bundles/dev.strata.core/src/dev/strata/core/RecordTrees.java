package dev.strata.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Containment in record form. A record does not say which of its features are containments, but a
 * contained record names its container: the children of a record are the ids among its values
 * whose records name it as their container.
 */
public final class RecordTrees {

    private RecordTrees() {
    }

    /**
     * A record and everything it contains, read through {@code load} one level at a time.
     *
     * @param load returns the records that exist among the given ids
     */
    public static java.util.Map<ObjectId, Record> collect(ObjectId rootId,
            java.util.function.Function<java.util.Collection<ObjectId>, java.util.Map<ObjectId, Record>> load) {
        return collect(List.of(rootId), load);
    }

    /**
     * The records under several roots, read level by level for all of them together (one load per
     * level, not per root and level).
     */
    public static java.util.Map<ObjectId, Record> collect(java.util.Collection<ObjectId> rootIds,
            java.util.function.Function<java.util.Collection<ObjectId>, java.util.Map<ObjectId, Record>> load) {
        java.util.Map<ObjectId, Record> result = new java.util.LinkedHashMap<>();
        java.util.Map<ObjectId, Record> roots = load.apply(rootIds);
        List<Record> level = new ArrayList<>();
        for (ObjectId id : rootIds) {
            Record root = roots.get(id);
            if (root != null && !result.containsKey(id)) {
                result.put(id, root);
                level.add(root);
            }
        }
        while (!level.isEmpty()) {
            // Cross references are candidates too (a record does not say which ids are children);
            // objects read already are not asked for again.
            java.util.Set<ObjectId> candidates = new java.util.LinkedHashSet<>();
            for (Record r : level) {
                for (ObjectId id : childIds(r)) {
                    if (!result.containsKey(id)) {
                        candidates.add(id);
                    }
                }
            }
            if (candidates.isEmpty()) {
                break;
            }
            java.util.Map<ObjectId, Record> found = load.apply(candidates);
            List<Record> next = new ArrayList<>();
            for (Record r : level) {
                for (ObjectId id : childIds(r)) {
                    Record child = found.get(id);
                    if (child != null && r.id().equals(child.container()) && !result.containsKey(id)) {
                        result.put(id, child);
                        next.add(child);
                    }
                }
            }
            level = next;
        }
        return result;
    }

    /** Every object id the record's values hold (references and containments alike). */
    public static List<ObjectId> childIds(Record r) {
        List<ObjectId> ids = new ArrayList<>();
        for (Object v : r.values().values()) {
            if (v instanceof ObjectId id) {
                ids.add(id);
            } else if (v instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof ObjectId id) {
                        ids.add(id);
                    } else if (o instanceof FeatureMapEntry e && e.value() instanceof ObjectId id) {
                        ids.add(id);
                    }
                }
            }
        }
        return ids;
    }
}
