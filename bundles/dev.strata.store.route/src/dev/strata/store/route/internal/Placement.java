package dev.strata.store.route.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.strata.core.ObjectId;
import dev.strata.core.Record;

/**
 * Where a new containment tree goes: by its root's EClass when a rule names that class, otherwise
 * by the hash of its root's id. Trees never split: what a root contains stays on its shard.
 */
final class Placement {

    private final int shards;
    /** Class name (or nsURI#name) → shard index. */
    private final Map<String, Integer> byClass;

    private Placement(int shards, Map<String, Integer> byClass) {
        this.shards = shards;
        this.byClass = byClass;
    }

    /**
     * @param rules "Class=shard" entries; a class is its name or nsURI#name, a shard its store name
     * @throws IllegalArgumentException naming a rule that is malformed or names no shard
     */
    static Placement of(String routeName, List<String> shardNames, List<String> rules) {
        Map<String, Integer> byClass = new LinkedHashMap<>();
        for (String rule : rules) {
            if (rule == null || rule.isBlank()) {
                continue;
            }
            int eq = rule.indexOf('=');
            if (eq <= 0 || eq == rule.length() - 1) {
                throw new IllegalArgumentException("Route store '" + routeName + "': placement rule '" + rule
                        + "' is not of the form Class=shard (e.g. Project=" + shardNames.getFirst() + ")");
            }
            String shard = rule.substring(eq + 1).trim();
            int index = shardNames.indexOf(shard);
            if (index < 0) {
                throw new IllegalArgumentException("Route store '" + routeName + "': placement rule '" + rule
                        + "' names shard '" + shard + "', which is not one of " + shardNames);
            }
            byClass.put(rule.substring(0, eq).trim(), index);
        }
        return new Placement(shardNames.size(), byClass);
    }

    /** The shard for a tree with this root. */
    int shardOf(Record root) {
        Integer byType = byClass.get(root.type().nsUri() + "#" + root.type().name());
        if (byType == null) {
            byType = byClass.get(root.type().name());
        }
        return byType != null ? byType : hash(root.id());
    }

    /** Stable across processes and runs, unlike a HashMap's order. */
    int hash(ObjectId id) {
        long bits = id.value().getMostSignificantBits() ^ id.value().getLeastSignificantBits();
        bits ^= bits >>> 33;
        bits *= 0xff51afd7ed558ccdL;
        bits ^= bits >>> 33;
        return (int) Math.floorMod(bits, (long) shards);
    }

    String describe() {
        return byClass.isEmpty() ? "by hash of the root's id" : "by root class " + byClass + ", others by hash";
    }
}
