package dev.strata.core.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import dev.strata.core.IndexDef;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;

/** One index of a {@link RecordTable}: value to ids, ordered when the index serves ranges. Nulls are kept under NULL. */
final class ValueIndex {

    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    @SuppressWarnings({ "unchecked", "rawtypes" })
    static final Comparator<Object> NULLS_LAST = (a, b) -> {
        if (a == b) {
            return 0;
        }
        if (a == null || a == NULL) {
            return 1;
        }
        if (b == null || b == NULL) {
            return -1;
        }
        return ((Comparable) a).compareTo(b);
    };

    private final Map<Object, Set<ObjectId>> map;

    ValueIndex(IndexDef def) {
        this.map = def.servesOrder() ? new TreeMap<>(NULLS_LAST) : new HashMap<>();
    }

    /** Normalises a value so that equal values are equal keys (BigDecimal 2.0 = 2.00). */
    static Object key(Object value) {
        if (value == Nil.VALUE) {
            return null; // set to null: found as null, like an unset value
        }
        if (value instanceof BigDecimal d) {
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        }
        if (value instanceof byte[] || value instanceof List<?>) {
            throw new IllegalArgumentException("Binary and many-valued features cannot be indexed or queried");
        }
        return value;
    }

    void add(Object key, ObjectId id) {
        map.computeIfAbsent(key == null ? NULL : key, k -> new LinkedHashSet<>()).add(id);
    }

    void remove(Object key, ObjectId id) {
        Object k = key == null ? NULL : key;
        Set<ObjectId> ids = map.get(k);
        if (ids != null) {
            ids.remove(id);
            if (ids.isEmpty()) {
                map.remove(k);
            }
        }
    }

    Set<ObjectId> ids(Object key) {
        return map.getOrDefault(key == null ? NULL : key, Set.of());
    }

    /** A non-null key of an object not among the given ones, or null. */
    Object keyOutside(Set<ObjectId> ids) {
        for (Map.Entry<Object, Set<ObjectId>> e : map.entrySet()) {
            if (e.getKey() != NULL && !ids.containsAll(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    Collection<ObjectId> range(Object lower, Object upper) {
        NavigableMap<Object, Set<ObjectId>> tree = (NavigableMap<Object, Set<ObjectId>>) map;
        NavigableMap<Object, Set<ObjectId>> sub;
        if (lower != null && upper != null) {
            sub = tree.subMap(key(lower), true, key(upper), false);
        } else if (lower != null) {
            sub = tree.tailMap(key(lower), true);
        } else if (upper != null) {
            sub = tree.headMap(key(upper), false);
        } else {
            sub = tree;
        }
        List<ObjectId> ids = new ArrayList<>();
        sub.forEach((k, v) -> {
            if (k != NULL) {
                ids.addAll(v);
            }
        });
        return ids;
    }

    Map<Object, Long> counts() {
        Map<Object, Long> counts = new LinkedHashMap<>();
        map.forEach((k, v) -> counts.put(k == NULL ? null : k, (long) v.size()));
        return counts;
    }
}
