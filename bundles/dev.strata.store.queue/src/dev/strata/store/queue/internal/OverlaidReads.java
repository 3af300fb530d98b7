package dev.strata.store.queue.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import dev.strata.core.ModelStore;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.RecordTrees;
import dev.strata.core.TypeRef;
import dev.strata.core.store.QueryEvaluation;

/**
 * The queue store's reads: the wrapped store's records with the queued commits laid over them
 * ({@link Overlay}). Every read holds the queue's state lock shared, so the overlay stays as it is
 * while the read goes on; the versions read from the wrapped store of objects not queued are
 * remembered for checking later commits.
 * <p>
 * A drain's commit may reach the wrapped store during a read (the commit is still in the overlay
 * until the drain has its answer). The reads do not wait for it: each record a read returns is
 * the wrapped store's with the overlay laid over it, and laying a queued commit over a record that
 * already has it gives the same record; lists of ids (roots, query results) name each object once,
 * with what the overlay says of it. Only {@link #countBy} holds the queue's gate: it reads
 * the wrapped store twice (counts, then the records the overlay changes) and subtracts one from
 * the other, so a commit between the two would be counted wrong.
 */
final class OverlaidReads {

    private final ModelStore wrapped;
    private final Overlay overlay;
    private final BiConsumer<ObjectId, Long> remember;
    private final ReentrantReadWriteLock state;
    private final ReentrantReadWriteLock gate;

    OverlaidReads(ModelStore wrapped, Overlay overlay, BiConsumer<ObjectId, Long> remember, ReentrantReadWriteLock state,
            ReentrantReadWriteLock gate) {
        this.wrapped = wrapped;
        this.overlay = overlay;
        this.remember = remember;
        this.state = state;
        this.gate = gate;
    }

    /** A read of the wrapped store and the overlay, the overlay held still. */
    private <T> T reading(Supplier<T> read) {
        state.readLock().lock();
        try {
            return read.get();
        } finally {
            state.readLock().unlock();
        }
    }

    /** A read that no drain's commit falls between (the gate, then the state lock). */
    private <T> T readingApart(Supplier<T> read) {
        gate.readLock().lock();
        try {
            return reading(read);
        } finally {
            gate.readLock().unlock();
        }
    }

    /** The records with the queued commits over them; the caller holds the state lock. */
    Map<ObjectId, Record> overlaid(Collection<ObjectId> ids) {
        Map<ObjectId, Overlay.Pending> pending = overlay.of(ids);
        List<ObjectId> ask = ids.stream().filter(id -> {
            Overlay.Pending p = pending.get(id);
            return p == null || !p.whole();
        }).distinct().toList();
        Map<ObjectId, Record> stored = ask.isEmpty() ? Map.of() : wrapped.loadAll(ask);
        // Not the versions of queued objects: a drained commit may be changing them in the wrapped
        // store now, and the drain tells the admission their versions when its commit is answered.
        stored.values().stream().filter(r -> !pending.containsKey(r.id()))
                .forEach(r -> remember.accept(r.id(), r.version()));
        Map<ObjectId, Record> out = new LinkedHashMap<>();
        for (ObjectId id : ids) {
            Overlay.Pending p = pending.get(id);
            Record r = p == null ? stored.get(id) : p.over(stored.get(id));
            if (r != null) {
                out.put(id, r);
            }
        }
        return out;
    }

    /** Records read from the wrapped store, their versions remembered for checking commits. */
    private Map<ObjectId, Record> remembered(Map<ObjectId, Record> records) {
        records.values().forEach(r -> remember.accept(r.id(), r.version()));
        return records;
    }

    Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        return reading(() -> overlaid(ids));
    }

    Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return reading(() -> overlay.isEmpty() ? remembered(wrapped.loadTree(rootId))
                : RecordTrees.collect(rootId, this::overlaid));
    }

    Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        return reading(() -> overlay.isEmpty() ? remembered(wrapped.loadTrees(rootIds))
                : RecordTrees.collect(rootIds, this::overlaid));
    }

    List<ObjectId> rootIds() {
        return reading(this::rootIdsLocked);
    }

    private List<ObjectId> rootIdsLocked() {
        List<ObjectId> stored = wrapped.rootIds();
        if (overlay.isEmpty()) {
            return stored;
        }
        List<ObjectId> out = new ArrayList<>();
        Set<ObjectId> seen = new HashSet<>();
        for (ObjectId id : stored) {
            Overlay.Pending p = overlay.get(id);
            if ((p == null || p.root()) && seen.add(id)) {
                out.add(id);
            }
        }
        for (Overlay.Pending p : overlay.all()) {
            if (p.root() && seen.add(p.id)) {
                out.add(p.id);
            }
        }
        return out;
    }

    List<Record> roots() {
        return reading(() -> {
            List<ObjectId> ids = rootIdsLocked();
            Map<ObjectId, Record> records = overlaid(ids);
            return ids.stream().map(records::get).filter(Objects::nonNull).toList();
        });
    }

    List<Record> query(Query query) {
        return reading(() -> {
            if (!overlay.touches(query.type())) {
                return wrapped.query(query);
            }
            List<Record> out = new ArrayList<>();
            for (Record r : wrapped.query(unlimited(query))) {
                if (overlay.get(r.id()) == null) {
                    out.add(r);
                }
            }
            List<ObjectId> ids = overlay.all().stream().filter(p -> query.type().equals(p.type)).map(p -> p.id).toList();
            for (Record r : overlaid(ids).values()) {
                if (QueryEvaluation.matches(query, r::value)) {
                    out.add(r);
                }
            }
            out.sort(QueryEvaluation.order(query, Record::value));
            return query.limit() >= 0 && out.size() > query.limit() ? List.copyOf(out.subList(0, query.limit()))
                    : out;
        });
    }

    private static Query unlimited(Query q) {
        Query all = Query.on(q.type());
        for (Query.Condition c : q.conditions()) {
            all = c.op() == Query.Op.EQ ? all.eq(c.feature(), c.value()) : all.range(c.feature(), c.value(), c.upper());
        }
        if (q.orderBy().isPresent()) {
            all = all.orderBy(q.orderBy().get(), q.descending());
        }
        return all;
    }

    Map<Object, Long> countBy(TypeRef type, String feature) {
        return readingApart(() -> {
            Map<Object, Long> stored = wrapped.countBy(type, feature);
            if (!overlay.touches(type)) {
                return stored;
            }
            Map<Object, Long> counts = new LinkedHashMap<>(stored);
            List<ObjectId> ids = overlay.all().stream().filter(p -> type.equals(p.type)).map(p -> p.id).toList();
            Map<ObjectId, Record> before = wrapped.loadAll(ids);
            Map<ObjectId, Record> after = overlaid(ids);
            for (ObjectId id : ids) {
                Record b = before.get(id);
                if (b != null) {
                    counts.merge(key(b.value(feature)), -1L, Long::sum);
                }
                Record a = after.get(id);
                if (a != null) {
                    counts.merge(key(a.value(feature)), 1L, Long::sum);
                }
            }
            counts.values().removeIf(n -> n <= 0);
            return counts;
        });
    }

    /** A value as counts and unique indexes key it: no value and null alike, equal decimals equal. */
    private static Object key(Object v) {
        if (v == Nil.VALUE) {
            return null;
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.signum() == 0 ? java.math.BigDecimal.ZERO : d.stripTrailingZeros();
        }
        return v;
    }
}
