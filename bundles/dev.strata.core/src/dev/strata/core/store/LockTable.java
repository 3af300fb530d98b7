package dev.strata.core.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.strata.core.ChangeSet;
import dev.strata.core.LockInfo;
import dev.strata.core.LockMode;
import dev.strata.core.LockedException;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StrataException;

/**
 * Explicit locks kept in memory, for stores that one process serves (the memory and file stores;
 * other processes reach them through a server). Thread-safe. {@link #check} is what a commit must
 * pass; a store calls it while it holds its commit lock.
 *
 * @since 0.5
 */
public final class LockTable {

    private final String store;
    private final Clock clock;
    private final Map<ObjectId, List<LockInfo>> held = new HashMap<>();

    public LockTable(String store) {
        this(store, Clock.systemUTC());
    }

    public LockTable(String store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public synchronized void lock(String owner, String holder, Collection<ObjectId> ids, LockMode mode, Duration lease) {
        checkLease(lease);
        Instant now = clock.instant();
        List<LockInfo> blocking = new ArrayList<>();
        for (ObjectId id : ids) {
            blocking.addAll(blocking(live(id, now), owner, mode));
        }
        if (!blocking.isEmpty()) {
            throw new LockedException(store, mode.name().toLowerCase(java.util.Locale.ROOT) + "-locking " + ids.size()
                    + " object(s)", blocking);
        }
        Instant expires = now.plus(lease);
        for (ObjectId id : ids) {
            List<LockInfo> list = held.computeIfAbsent(id, k -> new ArrayList<>());
            list.removeIf(l -> l.owner().equals(owner));
            list.add(new LockInfo(id, mode, owner, holder, expires));
        }
    }

    public synchronized void unlock(String owner, Collection<ObjectId> ids) {
        Collection<ObjectId> which = ids.isEmpty() ? List.copyOf(held.keySet()) : ids;
        for (ObjectId id : which) {
            List<LockInfo> list = held.get(id);
            if (list != null) {
                list.removeIf(l -> l.owner().equals(owner));
                if (list.isEmpty()) {
                    held.remove(id);
                }
            }
        }
    }

    public synchronized List<LockInfo> locks() {
        Instant now = clock.instant();
        List<LockInfo> all = new ArrayList<>();
        for (ObjectId id : List.copyOf(held.keySet())) {
            all.addAll(live(id, now));
        }
        return all;
    }

    /** Refuses a change set that touches objects another session holds locks on. */
    public synchronized void check(ChangeSet changes) {
        if (held.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<LockInfo> blocking = new ArrayList<>();
        for (ObjectId id : touched(changes)) {
            blocking.addAll(blocking(live(id, now), changes.session(), LockMode.WRITE));
        }
        if (!blocking.isEmpty()) {
            throw new LockedException(store, "the commit", blocking);
        }
    }

    /** The objects a change set writes: created, changed, deleted. */
    public static List<ObjectId> touched(ChangeSet changes) {
        List<ObjectId> ids = new ArrayList<>();
        changes.created().stream().map(Record::id).forEach(ids::add);
        changes.changed().forEach(c -> ids.add(c.id()));
        changes.deleted().forEach(d -> ids.add(d.id()));
        return ids;
    }

    /** The locks among {@code held} that keep {@code owner} from {@code wanted}. */
    public static List<LockInfo> blocking(Collection<LockInfo> held, String owner, LockMode wanted) {
        return held.stream().filter(l -> l.blocks(owner, wanted)).toList();
    }

    /** A lease must be positive: a lock that never ends would outlive a crashed holder. */
    public static void checkLease(Duration lease) {
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new StrataException("A lock's lease must be positive, got " + lease);
        }
    }

    /** The object's locks whose lease runs; ended ones are forgotten. */
    private List<LockInfo> live(ObjectId id, Instant now) {
        List<LockInfo> list = held.get(id);
        if (list == null) {
            return List.of();
        }
        list.removeIf(l -> !l.heldAt(now));
        if (list.isEmpty()) {
            held.remove(id);
            return List.of();
        }
        return List.copyOf(list);
    }
}
