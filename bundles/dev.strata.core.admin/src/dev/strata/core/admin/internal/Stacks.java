package dev.strata.core.admin.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

import dev.strata.core.admin.StoreStack;

/**
 * Stores placed in stacks by what their {@code *.target} filters select among the others'
 * properties. It knows no store type: any setting ending in {@code .target} names layers, so a
 * combinator added later is placed without a change here.
 */
final class Stacks {

    private static final String TARGET = ".target";

    private Stacks() {
    }

    /**
     * @param stores each store's properties by name: its service properties, or its configuration's
     *               when it does not run
     */
    static List<StoreStack> of(Map<String, Map<String, Object>> stores) {
        Map<String, List<String>> layers = new TreeMap<>();
        Set<String> wrapped = new HashSet<>();
        for (String name : new TreeMap<>(stores).keySet()) {
            List<String> own = layers(name, stores);
            layers.put(name, own);
            wrapped.addAll(own);
        }
        List<StoreStack> top = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String name : layers.keySet()) {
            if (!wrapped.contains(name)) {
                top.add(stack(name, layers, new LinkedHashSet<>(), placed));
            }
        }
        // What no top store reaches wraps and is wrapped only in a circle: shown rather than lost.
        for (String name : layers.keySet()) {
            if (!placed.contains(name)) {
                top.add(stack(name, layers, new LinkedHashSet<>(), placed));
            }
        }
        return top;
    }

    /** The stores the store's filters select, target key by key (primary before replicas), names in order. */
    private static List<String> layers(String name, Map<String, Map<String, Object>> stores) {
        Map<String, Object> own = stores.get(name);
        List<String> found = new ArrayList<>();
        for (String key : new TreeMap<>(own).keySet()) {
            Filter filter = key.endsWith(TARGET) ? filter(own.get(key)) : null;
            if (filter == null) {
                continue;
            }
            for (var other : new TreeMap<>(stores).entrySet()) {
                if (!other.getKey().equals(name) && !found.contains(other.getKey()) && filter.matches(other.getValue())) {
                    found.add(other.getKey());
                }
            }
        }
        return found;
    }

    /** A filter the value holds, or null: a value that is not one selects nothing (its store says why). */
    private static Filter filter(Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            return null;
        }
        try {
            return FrameworkUtil.createFilter(text);
        } catch (InvalidSyntaxException e) {
            return null;
        }
    }

    private static StoreStack stack(String name, Map<String, List<String>> layers, Set<String> path, Set<String> placed) {
        placed.add(name);
        path.add(name);
        List<StoreStack> below = new ArrayList<>();
        for (String layer : layers.getOrDefault(name, List.of())) {
            if (!path.contains(layer)) {
                below.add(stack(layer, layers, path, placed));
            }
        }
        path.remove(name);
        return new StoreStack(name, below);
    }
}
