package dev.strata.store.mirror.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.strata.core.ChangeSet;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;

/**
 * Makes a replica hold what the primary holds, through commits only (the one way every store takes
 * data): the replica's trees deleted, the primary's created, then each record's version raised by
 * empty changes to the primary's, so that copies of later commits find the versions they expect.
 * The last commit carries the id of the primary's newest logged commit, so the replica's position
 * is found in the primary's log after a restart.
 */
final class Refill {

    /** Records per commit written to the replica (a tree is never split). */
    private static final int RECORDS_PER_COMMIT = 2000;
    /** Roots whose trees are deleted per commit. */
    private static final int ROOTS_PER_DELETE = 200;

    private final MirrorStore mirror;
    private final ModelStore replica;
    private final Map<String, Integer> versions;
    private final Set<String> migrated;
    private final String session;
    private int migrations;

    /**
     * @param versions the replica's model versions, kept up to date here
     * @param migrated the migrations through the mirror the replica needs no more, added to here
     */
    Refill(MirrorStore mirror, ModelStore replica, Map<String, Integer> versions, Set<String> migrated) {
        this.mirror = mirror;
        this.replica = replica;
        this.versions = versions;
        this.migrated = migrated;
        this.session = "mirror " + mirror.name();
    }

    /** The primary's sequence the replica holds now. */
    long run() {
        MirrorStore.Snapshot snapshot = mirror.snapshot();
        versions.clear();
        versions.putAll(replica.modelVersions());
        List<Migration> migrations = migrationsTo(snapshot.versions());
        deleteAll();
        migrations.forEach(replica::migrate);
        for (Map.Entry<String, Integer> e : snapshot.versions().entrySet()) {
            if (!versions.containsKey(e.getKey())) {
                replica.initModelVersion(e.getKey(), e.getValue());
            }
            versions.put(e.getKey(), e.getValue());
        }
        List<ChangeSet> commits = new ArrayList<>(creations(snapshot));
        commits.addAll(versionRaises(snapshot.records().values()));
        for (int i = 0; i < commits.size(); i++) {
            ChangeSet cs = commits.get(i);
            boolean last = i == commits.size() - 1;
            if (last && snapshot.marker() != null) {
                ChangeSet marked = withId(cs, snapshot.marker());
                if (replica.commit(marked).duplicate()) {
                    // The replica had that commit once: the changes must land all the same.
                    replica.commit(cs);
                }
            } else {
                replica.commit(cs);
            }
        }
        // Those made before the snapshot are in the data copied.
        for (MirrorStore.Pending p : mirror.migrations().subList(0, snapshot.migrations())) {
            migrated.add(p.migration().id());
        }
        this.migrations = snapshot.migrations();
        return snapshot.sequence();
    }

    /** After {@link #run()}: how many of the mirror's migrations the copied data has had. */
    int migrations() {
        return migrations;
    }

    /**
     * The migrations made through the mirror that take the replica's packages to the primary's
     * model versions, in order.
     *
     * @throws StoreException naming the package and both versions when there are none
     */
    private List<Migration> migrationsTo(Map<String, Integer> wanted) {
        List<Migration> steps = new ArrayList<>();
        for (Map.Entry<String, Integer> e : wanted.entrySet()) {
            Integer at = versions.get(e.getKey());
            while (at != null && !at.equals(e.getValue())) {
                Integer from = at;
                Migration next = mirror.migrations().stream().map(MirrorStore.Pending::migration)
                        .filter(m -> m.nsUri().equals(e.getKey()) && m.fromVersion() == from).findFirst()
                        .orElseThrow(() -> new StoreException("Replica '" + replica.name() + "' holds " + e.getKey()
                                + " at model version " + from + " and the primary at " + e.getValue()
                                + "; mirror '" + mirror.name() + "' knows no migration between them: migrate the"
                                + " replica, or give the mirror an empty store as replica"));
                steps.add(next);
                at = next.toVersion();
            }
        }
        return steps;
    }

    private void deleteAll() {
        List<ObjectId> roots = replica.rootIds();
        for (int from = 0; from < roots.size(); from += ROOTS_PER_DELETE) {
            Collection<Record> trees = replica.loadTrees(roots.subList(from, Math.min(roots.size(), from + ROOTS_PER_DELETE)))
                    .values();
            List<ChangeSet.Deletion> deletions = trees.stream().map(ChangeSet.Deletion::new).toList();
            replica.commit(new ChangeSet(UUID.randomUUID(), session, "refill: emptied", List.of(), List.of(), deletions));
        }
    }

    /** The primary's trees as new records, each after its container, a whole tree per commit at least. */
    private List<ChangeSet> creations(MirrorStore.Snapshot snapshot) {
        Map<ObjectId, List<Record>> children = new HashMap<>();
        for (Record r : snapshot.records().values()) {
            if (r.container() != null) {
                children.computeIfAbsent(r.container(), k -> new ArrayList<>()).add(r);
            }
        }
        List<ChangeSet> commits = new ArrayList<>();
        List<Record> pending = new ArrayList<>();
        for (ObjectId root : snapshot.roots()) {
            Record top = snapshot.records().get(root);
            if (top == null) {
                continue;
            }
            Deque<Record> open = new ArrayDeque<>(List.of(top));
            while (!open.isEmpty()) {
                Record r = open.removeFirst();
                pending.add(new Record(r.id(), r.type(), 0, r.container(), r.values()));
                open.addAll(children.getOrDefault(r.id(), List.of()));
            }
            if (pending.size() >= RECORDS_PER_COMMIT) {
                commits.add(created(pending));
                pending = new ArrayList<>();
            }
        }
        if (!pending.isEmpty()) {
            commits.add(created(pending));
        }
        return commits;
    }

    private ChangeSet created(List<Record> records) {
        return new ChangeSet(UUID.randomUUID(), session, "refill: copied from the primary", records, List.of(), List.of());
    }

    /** Empty changes raising each created record (now version 1) to its version in the primary, one step per commit. */
    private List<ChangeSet> versionRaises(Collection<Record> records) {
        long highest = records.stream().mapToLong(Record::version).max().orElse(1);
        List<ChangeSet> commits = new ArrayList<>();
        for (long v = 1; v < highest; v++) {
            long from = v;
            List<ChangeSet.Change> step = records.stream().filter(r -> r.version() > from)
                    .map(r -> new ChangeSet.Change(r.id(), r.type(), from, r.container(), r.container(), Map.of(), Map.of()))
                    .toList();
            for (int i = 0; i < step.size(); i += RECORDS_PER_COMMIT) {
                commits.add(new ChangeSet(UUID.randomUUID(), session, "refill: versions as in the primary", List.of(),
                        step.subList(i, Math.min(step.size(), i + RECORDS_PER_COMMIT)), List.of()));
            }
        }
        return commits;
    }

    private static ChangeSet withId(ChangeSet cs, UUID id) {
        Objects.requireNonNull(id);
        return new ChangeSet(id, cs.session(), cs.message(), cs.created(), cs.changed(), cs.deleted(), cs.author());
    }
}
