package dev.strata.core.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.strata.core.IndexDef;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;

/**
 * A store whose working set is a {@link RecordTable}: every read is answered from the table;
 * subclasses decide how commits, model versions and migrations are made durable.
 */
public abstract class TableStore implements ModelStore {

    /** The records, indexes and log this store answers reads from. */
    protected abstract RecordTable table();

    @Override
    public void useModel(List<org.eclipse.emf.ecore.EPackage> packages, Collection<IndexDef> indexes) {
        table().useModel(packages);
    }

    @Override
    public Optional<Record> load(ObjectId id) {
        return table().get(id);
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        return table().getAll(ids);
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return table().loadTree(rootId);
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        return table().loadTrees(rootIds);
    }

    @Override
    public void declareIndexes(Collection<IndexDef> indexes) {
        table().declareIndexes(indexes);
    }

    @Override
    public Collection<IndexDef> indexes() {
        return table().indexes();
    }

    @Override
    public List<Record> query(Query query) {
        return table().query(query);
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        return table().countBy(type, feature);
    }

    @Override
    public List<Record> roots() {
        return table().roots();
    }

    @Override
    public Map<String, Integer> modelVersions() {
        return table().modelVersions();
    }

    @Override
    public List<String> appliedMigrations() {
        return table().appliedMigrations();
    }

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        return table().log(afterSequence, max);
    }

    @Override
    public List<LoggedCommit> recentLog(int max) {
        return table().recentLog(max);
    }

    @Override
    public long logFloor() {
        return table().logFloor();
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        table().rebuildIndex(index);
    }

    @Override
    public void lock(String owner, String holder, Collection<ObjectId> ids, dev.strata.core.LockMode mode,
            java.time.Duration lease) {
        table().locks().lock(owner, holder, ids, mode, lease);
    }

    @Override
    public void unlock(String owner, Collection<ObjectId> ids) {
        table().locks().unlock(owner, ids);
    }

    @Override
    public List<dev.strata.core.LockInfo> locks() {
        return table().locks().locks();
    }
}
