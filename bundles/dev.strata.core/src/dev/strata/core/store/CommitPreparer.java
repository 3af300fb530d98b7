package dev.strata.core.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.Migration;
import dev.strata.core.ModelVersionException;
import dev.strata.core.ObjectExistsException;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.internal.OrderedVersions;
import dev.strata.core.store.RecordTable.Prepared;

/**
 * Turns what a {@link RecordTable} is asked to do (a change set, a migration, a model version, a
 * commit replayed from a journal) into a {@link Prepared} commit against the records it holds now:
 * versions and ids checked, the full records written, the unique indexes kept. Nothing changes
 * here; the table writes and applies the result. Runs under the table's write lock.
 */
final class CommitPreparer {

    private final String storeName;
    private final Map<ObjectId, Record> records;
    private final TableIndexes indexes;

    CommitPreparer(String storeName, Map<ObjectId, Record> records, TableIndexes indexes) {
        this.storeName = storeName;
        this.records = records;
        this.indexes = indexes;
    }

    /** A checked change set as the commit with the given sequence. */
    Prepared commit(ChangeSet changes, long sequence) {
        for (int i = 0; i < changes.created().size(); i++) {
            ObjectId id = changes.created().get(i).id();
            if (records.containsKey(id)) {
                throw new ObjectExistsException("created[" + i + "].id", storeName, id);
            }
        }
        throwConflicts(changes);
        int n = changes.created().size() + changes.changed().size();
        List<Record> upserts = new ArrayList<>(n);
        // In the change set's order, no hash table (the check refused an id named twice): the
        // session and the commit event read them in that order.
        ObjectId[] ids = new ObjectId[n];
        long[] versions = new long[n];
        int v = 0;
        for (Record r : changes.created()) {
            upserts.add(r.with(1, Map.of()));
            ids[v] = r.id();
            versions[v++] = 1;
        }
        for (ChangeSet.Change c : changes.changed()) {
            Record next = records.get(c.id()).with(c.expectedVersion() + 1, c.container(), c.newValues());
            upserts.add(next);
            ids[v] = c.id();
            versions[v++] = next.version();
        }
        List<ObjectId> deletions = changes.deleted().stream().map(ChangeSet.Deletion::id).toList();
        indexes.checkUnique(upserts, deletions);
        // The time the store accepts the commit, in milliseconds: what every store can keep.
        return new Prepared(changes, upserts, deletions, new CommitResult(changes.commitId(), sequence, new OrderedVersions(ids, versions), false),
                Map.of(), List.of(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Changes and deletions made against versions the store no longer has. */
    void throwConflicts(ChangeSet changes) {
        List<ConflictException.Conflict> conflicts = new ArrayList<>();
        Map<ObjectId, Long> expected = new LinkedHashMap<>();
        changes.changed().forEach(c -> expected.put(c.id(), c.expectedVersion()));
        changes.deleted().forEach(d -> expected.put(d.id(), d.expectedVersion()));
        for (Map.Entry<ObjectId, Long> e : expected.entrySet()) {
            Record current = records.get(e.getKey());
            long actual = current == null ? -1 : current.version();
            if (actual != e.getValue()) {
                conflicts.add(new ConflictException.Conflict(e.getKey(), e.getValue(), actual));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConflictException(storeName, conflicts);
        }
    }

    /** A package's first model version, changing no data. */
    Prepared modelVersion(String nsUri, int version, long sequence) {
        return new Prepared(marker("model " + nsUri + " v" + version), List.of(), List.of(),
                new CommitResult(UUID.randomUUID(), sequence, Map.of(), false), Map.of(nsUri, version), List.of());
    }

    /** Every record of the migration's package transformed, with its new model version. */
    Prepared migration(Migration migration, Integer current, long sequence) {
        if (current == null || current != migration.fromVersion()) {
            throw new ModelVersionException(migration.nsUri(), current, "Cannot apply "
                    + migration.id() + " to store '" + storeName + "': it holds " + migration.nsUri()
                    + (current == null ? " at no model version" : " at model version " + current));
        }
        List<Record> upserts = new ArrayList<>();
        Map<ObjectId, Long> versions = new HashMap<>();
        for (Map.Entry<TypeRef, Set<ObjectId>> e : indexes.byType().entrySet()) {
            if (!migration.affects(e.getKey())) {
                continue;
            }
            for (ObjectId id : e.getValue()) {
                Record old = records.get(id);
                Record migrated = migration.apply(old);
                Record next = new Record(id, migrated.type(), old.version() + 1, migrated.container(),
                        migrated.values());
                upserts.add(next);
                versions.put(id, next.version());
            }
        }
        Prepared p = new Prepared(marker(migration.id()), upserts, List.of(),
                new CommitResult(UUID.randomUUID(), sequence, versions, false),
                Map.of(migration.nsUri(), migration.toVersion()), List.of(migration.id()));
        indexes.checkUnique(upserts, List.of());
        indexes.checkIndexable(migration.id(), upserts);
        return p;
    }

    /**
     * A commit read back from a journal, with the sequence it got: versions are not checked again;
     * changes apply to the records as they are now, exactly as when the commit was first accepted.
     */
    Prepared replay(ChangeSet changes, long commitSequence, Instant time) {
        List<Record> upserts = new ArrayList<>();
        for (Record r : changes.created()) {
            upserts.add(r.with(1, Map.of()));
        }
        for (ChangeSet.Change c : changes.changed()) {
            Record current = records.get(c.id());
            if (current == null) {
                throw new StoreException("Commit " + changes.commitId() + " changes " + c.id()
                        + ", which store '" + storeName + "' does not have");
            }
            upserts.add(current.with(c.expectedVersion() + 1, c.container(), c.newValues()));
        }
        List<ObjectId> deletions = changes.deleted().stream().map(ChangeSet.Deletion::id).toList();
        return new Prepared(changes, upserts, deletions, new CommitResult(changes.commitId(), commitSequence, Map.of(), false),
                Map.of(), List.of(), time);
    }

    /** The records of a snapshot, with the store state that goes with them. */
    static Prepared snapshot(List<Record> snapshot, long snapshotSequence, Map<String, Integer> versions,
            List<String> applied) {
        return new Prepared(new ChangeSet(UUID.randomUUID(), "", "snapshot", List.of(), List.of(), List.of()),
                snapshot, List.of(), new CommitResult(UUID.randomUUID(), snapshotSequence, Map.of(), false),
                versions, applied);
    }

    private static ChangeSet marker(String message) {
        return new ChangeSet(UUID.randomUUID(), "", message, List.of(), List.of(), List.of());
    }
}
