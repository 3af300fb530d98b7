package dev.strata.core;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.eclipse.emf.ecore.ENamedElement;

/**
 * A record's values, unmodifiable and in their order: the feature names in a {@link Shape} that
 * every record with the same names in the same order shares (the records of one class, as a rule),
 * the values in an array. Reading a record's features by name then touches one small, shared index
 * and one array, instead of a hash map of its own per record; it also takes less memory.
 */
final class RecordValues extends AbstractMap<String, Object> {

    /** Beyond this many shapes, a record with new names gets a shape of its own. */
    private static final int MAX_SHAPES = 10_000;
    private static final Map<List<String>, Shape> SHAPES = new ConcurrentHashMap<>();

    /** Feature names in order and where each is. */
    static final class Shape {
        private final String[] keys;
        private final Map<String, Integer> index;
        /** The positions last asked for (the records of one class ask with the same features). */
        private volatile Positions positions;

        private Shape(String[] keys, Map<String, Integer> index) {
            this.keys = keys;
            this.index = index;
        }

        static Shape of(String[] keys) {
            Map<String, Integer> index = new HashMap<>(keys.length * 2);
            for (int i = 0; i < keys.length; i++) {
                index.put(keys[i], i);
            }
            return new Shape(keys, index);
        }

        String[] keys() {
            return keys;
        }

        int[] positions(List<? extends ENamedElement> features) {
            Positions known = positions;
            if (known != null && known.features == features) {
                return known.at;
            }
            int[] at = new int[features.size()];
            for (int i = 0; i < at.length; i++) {
                Integer p = index.get(features.get(i).getName());
                at[i] = p == null ? -1 : p;
            }
            positions = new Positions(features, at);
            return at;
        }
    }

    private record Positions(List<?> features, int[] at) {
    }

    private final Shape shape;
    private final Object[] values;

    private RecordValues(Shape shape, Object[] values) {
        this.shape = shape;
        this.values = values;
    }

    /** An unmodifiable copy; lists are copied into unmodifiable lists (they may hold null). */
    static RecordValues copyOf(Map<String, ?> values) {
        if (values instanceof RecordValues same) {
            return same; // immutable already
        }
        String[] keys = new String[values.size()];
        Object[] copy = new Object[keys.length];
        int i = 0;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            keys[i] = e.getKey();
            copy[i++] = e.getValue() instanceof List<?> l ? list(l) : e.getValue();
        }
        return new RecordValues(shape(keys), copy);
    }

    /**
     * Values in a shape's order, taking over the array: lists are wrapped, not copied (the caller
     * hands them over and keeps no reference).
     */
    static RecordValues owning(Shape shape, Object[] values) {
        if (values.length != shape.keys.length) {
            throw new IllegalArgumentException(values.length + " values for " + shape.keys.length + " names");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof List<?> l) {
                values[i] = l.isEmpty() ? Collections.emptyList()
                        : l instanceof dev.strata.core.internal.IdList ? l : Collections.unmodifiableList(l);
            }
        }
        return new RecordValues(shape, values);
    }

    /** Most list values are empty: they share one empty list (reading them touches no memory of the record's). */
    private static List<?> list(List<?> l) {
        if (l instanceof dev.strata.core.internal.IdList) {
            return l; // immutable, and compact: kept as it is
        }
        return l.isEmpty() ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(l));
    }

    static Shape shape(String[] keys) {
        List<String> key = Arrays.asList(keys);
        Shape known = SHAPES.get(key);
        if (known != null) {
            return known;
        }
        Shape made = Shape.of(keys);
        if (SHAPES.size() >= MAX_SHAPES) {
            return made;
        }
        Shape raced = SHAPES.putIfAbsent(key, made);
        return raced != null ? raced : made;
    }

    /**
     * The values of these features in their order, null where the record holds none: found by
     * position, without a name lookup per feature and record (the positions are kept per shape).
     */
    Object[] of(List<? extends ENamedElement> features) {
        int[] at = shape.positions(features);
        Object[] result = new Object[at.length];
        for (int i = 0; i < at.length; i++) {
            result[i] = at[i] < 0 ? null : values[at[i]];
        }
        return result;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isEmpty() {
        return values.length == 0;
    }

    @Override
    public Object get(Object key) {
        Integer i = shape.index.get(key);
        return i == null ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return shape.index.containsKey(key);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < values.length; i++) {
            action.accept(shape.keys[i], values[i]);
        }
    }

    @Override
    public Collection<Object> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Object> iterator() {
                return new At<>() {
                    @Override
                    Object at(int i) {
                        return values[i];
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new At<>() {
                    @Override
                    Map.Entry<String, Object> at(int i) {
                        return new AbstractMap.SimpleImmutableEntry<>(shape.keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    /** Iterates positions 0 to size - 1; removing is not supported. */
    private abstract class At<T> implements Iterator<T> {
        private int next;

        abstract T at(int i);

        @Override
        public boolean hasNext() {
            return next < values.length;
        }

        @Override
        public T next() {
            if (next >= values.length) {
                throw new NoSuchElementException();
            }
            return at(next++);
        }
    }
}
