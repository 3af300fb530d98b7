package dev.strata.core.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.strata.core.ChangeSet;
import dev.strata.core.IndexDef;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.VetoException;

/**
 * The values a commit gives to objects under one unique index, for stores that check unique
 * indexes before writing (or explain afterwards why a database refused). Read from the change set
 * alone: a change that does not set the indexed feature claims nothing new, so no record has to be
 * read to check it. Values are compared as indexes compare them (null and "set to null" alike,
 * equal decimals equal).
 */
public final class UniqueClaims {

    private final IndexDef index;
    private final Map<Object, ObjectId> claimed = new LinkedHashMap<>();
    private final Set<ObjectId> leaving = new HashSet<>();

    private UniqueClaims(IndexDef index) {
        this.index = index;
    }

    /**
     * The claims of a commit under each unique index among {@code indexes} that it claims a value
     * of; two objects of the commit claiming one value are added to {@code problems}.
     */
    public static List<UniqueClaims> of(ChangeSet changes, Collection<IndexDef> indexes, List<String> problems) {
        List<UniqueClaims> out = new ArrayList<>();
        for (IndexDef def : indexes) {
            if (def.kind() != IndexDef.Kind.UNIQUE) {
                continue;
            }
            UniqueClaims claims = new UniqueClaims(def);
            changes.deleted().forEach(d -> claims.leaving.add(d.id()));
            for (Record r : changes.created()) {
                if (r.type().equals(def.type())) {
                    claims.claim(r.id(), r.value(def.feature()), problems);
                }
            }
            for (ChangeSet.Change c : changes.changed()) {
                if (c.type().equals(def.type()) && c.newValues().containsKey(def.feature())) {
                    claims.leaving.add(c.id()); // gives up its old value in this commit
                    claims.claim(c.id(), c.newValues().get(def.feature()), problems);
                }
            }
            if (!claims.claimed.isEmpty()) {
                out.add(claims);
            }
        }
        return out;
    }

    /**
     * Checks a commit's claims against the objects holding each value now, found by
     * {@code holders} (a query on the index's feature); throws a veto naming every clash.
     */
    public static void check(ChangeSet changes, Collection<IndexDef> indexes, Function<Query, List<Record>> holders) {
        List<String> problems = new ArrayList<>();
        for (UniqueClaims claims : of(changes, indexes, problems)) {
            for (Object value : claims.values()) {
                for (Record holder : holders.apply(Query.on(claims.index.type()).eq(claims.index.feature(), value))) {
                    claims.held(holder.id(), holder.value(claims.index.feature()), problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new VetoException(problems);
        }
    }

    public IndexDef index() {
        return index;
    }

    /** The values claimed, each once. */
    public List<Object> values() {
        return List.copyOf(claimed.keySet());
    }

    /**
     * Tells that {@code holder} holds {@code value} now (before the commit); a problem when another
     * object of the commit claims that value and the holder does not give it up.
     */
    public void held(ObjectId holder, Object value, List<String> problems) {
        ObjectId by = claimed.get(key(value));
        if (by != null && !by.equals(holder) && !leaving.contains(holder)) {
            problems.add("unique " + index + ": value '" + key(value) + "' of " + by + " is already used by " + holder);
        }
    }

    private void claim(ObjectId id, Object value, List<String> problems) {
        Object key = key(value);
        if (key == null) {
            return;
        }
        ObjectId other = claimed.putIfAbsent(key, id);
        if (other != null && !other.equals(id)) {
            problems.add("unique " + index + ": value '" + key + "' of " + id + " is already used by " + other);
        }
    }

    private static Object key(Object value) {
        return ValueIndex.key(value);
    }
}
