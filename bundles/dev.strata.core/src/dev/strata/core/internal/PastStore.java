package dev.strata.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.strata.core.At;
import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.StrataException;
import dev.strata.core.TypeRef;
import dev.strata.core.store.QueryEvaluation;

/**
 * A read-only view of a store as it was just after one commit: the live records with the logged
 * commits after that one undone, newest first, for the objects they touched (a record created
 * later is absent, a change gets its old values, container and version back, a deletion its last
 * record). Works for every store whose log keeps full change sets.
 * <p>
 * Every read takes the live records first and the log after them, so each commit those records
 * show is in the log and undone: later commits never move the view. Undoing sets values rather
 * than reverting differences, so a commit the log shows but the records do not yet is harmless.
 */
public final class PastStore implements ModelStore {

    /** Attempts at a consistent count while commits keep coming. */
    private static final int COUNT_ATTEMPTS = 5;

    private final ModelStore live;
    private final long target;
    private final String point;
    private final Object lock = new Object();
    /**
     * What the logged commits after the target did to each object, oldest first: a created Record, a
     * Change or a Deletion. Grows as the live store accepts commits.
     */
    private final Map<ObjectId, List<Object>> undo = new HashMap<>();
    private final Map<TypeRef, Set<ObjectId>> touchedByType = new HashMap<>();
    /** The newest sequence read from the log. */
    private long seen;

    private PastStore(ModelStore live, long target, String point, List<LoggedCommit> log, long seen) {
        this.live = live;
        this.target = target;
        this.point = point;
        this.seen = seen;
        log.stream().filter(c -> c.sequence() > target).forEach(this::add);
    }

    /**
     * A view of the store at the point, read from the log once now.
     *
     * @throws StrataException if the point is older than the log keeps, in the future, or unknown
     */
    public static PastStore open(ModelStore live, At at) {
        // Back to where every logged commit carries its values before and after.
        long floor = live.historyFloor();
        String where = "store '" + live.name() + "'";
        if (at.sequence().isPresent()) {
            // Only the commits after it are undone: a point near the present reads little of a long history.
            long target = at.sequence().getAsLong();
            if (target < floor) {
                throw new StrataException("Cannot open " + where + " at commit " + target + ": " + where
                        + " keeps history back to commit " + floor + "; commit " + target + " is older");
            }
            List<LoggedCommit> after = live.log(target, Integer.MAX_VALUE);
            long newest = !after.isEmpty() ? after.getLast().sequence()
                    : live.recentLog(1).stream().mapToLong(LoggedCommit::sequence).max().orElse(floor);
            if (target > newest) {
                throw new StrataException("Cannot open " + where + " at commit " + target
                        + ": it has not happened yet (the newest logged commit is " + newest + ")");
            }
            return new PastStore(live, target, "commit " + target, after, newest);
        }
        List<LoggedCommit> log = live.log(floor, Integer.MAX_VALUE);
        long newest = log.isEmpty() ? floor : log.getLast().sequence();
        long target;
        String point;
        if (at.commitId().isPresent()) {
            UUID id = at.commitId().get();
            target = log.stream().filter(c -> c.changes().commitId().equals(id)).mapToLong(LoggedCommit::sequence)
                    .findFirst().orElseThrow(() -> new StrataException("Cannot open " + where + " at commit " + id
                            + ": the history it keeps (the commits after " + floor + ") holds no commit with that id"));
            point = "commit " + target;
        } else {
            Instant time = at.time().orElseThrow();
            LoggedCommit last = null;
            for (LoggedCommit c : log) {
                if (c.time() != null && !c.time().isAfter(time)) {
                    last = c;
                }
            }
            if (last == null && floor > 0) {
                throw new StrataException("Cannot open " + where + " at " + time + ": " + where
                        + " keeps history back to commit " + floor + ", and every commit it logged since is later");
            }
            target = last == null ? floor : last.sequence();
            point = "commit " + target + " (the last at or before " + time + ")";
        }
        if (target < floor) {
            throw new StrataException("Cannot open " + where + " at commit " + target + ": " + where
                    + " keeps history back to commit " + floor + "; commit " + target + " is older");
        }
        return new PastStore(live, target, point, log, newest);
    }

    /** The point this view shows, for messages: "commit 12". */
    String point() {
        return point;
    }

    long target() {
        return target;
    }

    private void add(LoggedCommit c) {
        ChangeSet cs = c.changes();
        for (Record r : cs.created()) {
            touched(r.id(), r.type(), r);
        }
        for (ChangeSet.Change ch : cs.changed()) {
            touched(ch.id(), ch.type(), ch);
        }
        for (ChangeSet.Deletion d : cs.deleted()) {
            touched(d.id(), d.last().type(), d);
        }
    }

    private void touched(ObjectId id, TypeRef type, Object what) {
        undo.computeIfAbsent(id, k -> new ArrayList<>()).add(what);
        touchedByType.computeIfAbsent(type, k -> new LinkedHashSet<>()).add(id);
    }

    /**
     * Reads the commits the live store logged since the last look. Called after reading live
     * records, so that every commit they show is undone.
     */
    private long catchUp() {
        synchronized (lock) {
            long floor = live.historyFloor();
            if (floor > seen) {
                throw new StoreException("Store '" + live.name() + "' dropped the history this view of " + point
                        + " needs (it keeps commits after " + floor + " now); open the session again");
            }
            for (LoggedCommit c : live.log(seen, Integer.MAX_VALUE)) {
                add(c);
                seen = c.sequence();
            }
            return seen;
        }
    }

    /** The record as it was at the target, from its live record (null: absent). */
    private Record past(ObjectId id, Record now) {
        List<Object> steps;
        synchronized (lock) {
            steps = undo.get(id);
            if (steps == null) {
                return now;
            }
            steps = List.copyOf(steps);
        }
        Record r = now;
        for (int i = steps.size() - 1; i >= 0; i--) {
            Object step = steps.get(i);
            if (step instanceof Record) {
                r = null; // created after the target
            } else if (step instanceof ChangeSet.Change c) {
                r = r == null ? null : r.with(c.expectedVersion(), c.oldContainer(), c.oldValues());
            } else if (step instanceof ChangeSet.Deletion d) {
                r = d.last();
            }
        }
        return r;
    }

    private boolean isTouched(ObjectId id) {
        synchronized (lock) {
            return undo.containsKey(id);
        }
    }

    private Set<ObjectId> touchedOf(TypeRef type) {
        synchronized (lock) {
            return new LinkedHashSet<>(touchedByType.getOrDefault(type, Set.of()));
        }
    }

    private Set<ObjectId> allTouched() {
        synchronized (lock) {
            return new LinkedHashSet<>(undo.keySet());
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public String name() {
        return live.name();
    }

    @Override
    public Set<Capability> capabilities() {
        return live.capabilities();
    }

    @Override
    public Optional<Record> load(ObjectId id) {
        return Optional.ofNullable(loadAll(List.of(id)).get(id));
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        Map<ObjectId, Record> now = live.loadAll(ids);
        catchUp();
        Map<ObjectId, Record> result = new LinkedHashMap<>();
        for (ObjectId id : ids) {
            Record r = past(id, now.get(id));
            if (r != null) {
                result.put(id, r);
            }
        }
        return result;
    }

    @Override
    public Collection<IndexDef> indexes() {
        return live.indexes();
    }

    @Override
    public List<Record> query(Query query) {
        Set<ObjectId> touched = touchedOf(query.type());
        // Touched records the store returns are set aside, so ask for as many more.
        Query wider = query.limit() < 0 ? query
                : query.limit((int) Math.min(Integer.MAX_VALUE, (long) query.limit() + touched.size()));
        List<Record> stored = live.query(wider);
        catchUp();
        touched = touchedOf(query.type());
        List<Record> merged = new ArrayList<>();
        for (Record r : stored) {
            if (!touched.contains(r.id())) {
                merged.add(r);
            }
        }
        for (Record r : loadAll(touched).values()) {
            if (r.type().equals(query.type()) && QueryEvaluation.matches(query, r::value)) {
                merged.add(r);
            }
        }
        merged.sort(QueryEvaluation.order(query, Record::value));
        return query.limit() < 0 || merged.size() <= query.limit() ? merged : merged.subList(0, query.limit());
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        // The live counts and the touched records must show the same commits: retry while commits arrive.
        for (int attempt = 0; attempt < COUNT_ATTEMPTS; attempt++) {
            long before = catchUp();
            Map<Object, Long> counts = new LinkedHashMap<>(live.countBy(type, feature));
            Set<ObjectId> touched = touchedOf(type);
            Map<ObjectId, Record> now = live.loadAll(touched);
            if (catchUp() != before) {
                continue;
            }
            for (ObjectId id : touched) {
                Record current = now.get(id);
                if (current != null) {
                    count(counts, current.value(feature), -1);
                }
                Record then = past(id, current);
                if (then != null) {
                    count(counts, then.value(feature), 1);
                }
            }
            return counts;
        }
        throw new StoreException("Store '" + live.name() + "' kept committing while counting " + type.name() + " by "
                + feature + " as of " + point + "; try again");
    }

    private static void count(Map<Object, Long> counts, Object value, long delta) {
        Object key = value == Nil.VALUE ? null : value instanceof java.math.BigDecimal d
                ? (d.signum() == 0 ? java.math.BigDecimal.ZERO : d.stripTrailingZeros())
                : value;
        if (counts.merge(key, delta, Long::sum) <= 0) {
            counts.remove(key);
        }
    }

    @Override
    public List<Record> roots() {
        List<ObjectId> ids = rootIds();
        Map<ObjectId, Record> records = loadAll(ids);
        return ids.stream().map(records::get).filter(r -> r != null).toList();
    }

    @Override
    public List<ObjectId> rootIds() {
        List<ObjectId> now = live.rootIds();
        catchUp();
        Set<ObjectId> touched = allTouched();
        List<ObjectId> result = new ArrayList<>();
        for (ObjectId id : now) {
            if (!touched.contains(id)) {
                result.add(id);
            }
        }
        for (Record r : loadAll(touched).values()) {
            if (r.isRoot()) {
                result.add(r.id());
            }
        }
        return result;
    }

    @Override
    public Map<String, Integer> modelVersions() {
        return live.modelVersions();
    }

    @Override
    public List<String> appliedMigrations() {
        return live.appliedMigrations();
    }

    /** The log up to the target: what had happened by then. */
    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        return live.log(afterSequence, Integer.MAX_VALUE).stream().filter(c -> c.sequence() <= target)
                .limit(Math.max(0, max)).toList();
    }

    @Override
    public List<LoggedCommit> recentLog(int max) {
        List<LoggedCommit> all = log(live.logFloor(), Integer.MAX_VALUE);
        return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, max)), all.size()));
    }

    @Override
    public String epoch() {
        return live.epoch();
    }

    @Override
    public long logFloor() {
        return live.logFloor();
    }

    // ---------------------------------------------------------------- writes: refused

    private StrataException readOnly(String what) {
        return new StrataException("Store '" + live.name() + "' as of " + point + " is a read-only view of the past: "
                + what + " is refused");
    }

    @Override
    public void useModel(List<org.eclipse.emf.ecore.EPackage> packages, Collection<IndexDef> indexes) {
        throw readOnly("laying out storage for a model");
    }

    @Override
    public void declareIndexes(Collection<IndexDef> indexes) {
        throw readOnly("declaring indexes");
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        throw readOnly("recording a model version");
    }

    @Override
    public void migrate(Migration migration) {
        throw readOnly("migration " + migration.id());
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        throw readOnly("rebuilding index " + index);
    }

    @Override
    public CommitResult commit(ChangeSet changes) {
        throw readOnly("commit " + changes.commitId());
    }

    @Override
    public String toString() {
        return live + " as of " + point;
    }
}
