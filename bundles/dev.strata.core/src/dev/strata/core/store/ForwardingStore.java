package dev.strata.core.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;

/**
 * Passes every call to another store: the base of DS components that own a store they create from
 * their configuration, and of stores that add behaviour around another (caches, write queues).
 */
public abstract class ForwardingStore implements ModelStore {

    protected abstract ModelStore delegate();

    @Override
    public String name() {
        return delegate().name();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate().capabilities();
    }

    @Override
    public Optional<Record> load(ObjectId id) {
        return delegate().load(id);
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        return delegate().loadAll(ids);
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return delegate().loadTree(rootId);
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        return delegate().loadTrees(rootIds);
    }

    @Override
    public void useModel(java.util.List<org.eclipse.emf.ecore.EPackage> packages, Collection<IndexDef> indexes) {
        delegate().useModel(packages, indexes);
    }

    @Override
    public void declareIndexes(Collection<IndexDef> indexes) {
        delegate().declareIndexes(indexes);
    }

    @Override
    public Collection<IndexDef> indexes() {
        return delegate().indexes();
    }

    @Override
    public List<Record> query(Query query) {
        return delegate().query(query);
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        return delegate().countBy(type, feature);
    }

    @Override
    public Map<String, Integer> modelVersions() {
        return delegate().modelVersions();
    }

    @Override
    public List<String> appliedMigrations() {
        return delegate().appliedMigrations();
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        delegate().initModelVersion(nsUri, version);
    }

    @Override
    public void migrate(Migration migration) {
        delegate().migrate(migration);
    }

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        return delegate().log(afterSequence, max);
    }

    @Override
    public List<LoggedCommit> recentLog(int max) {
        return delegate().recentLog(max);
    }

    @Override
    public String epoch() {
        return delegate().epoch();
    }

    @Override
    public long logFloor() {
        return delegate().logFloor();
    }

    @Override
    public long historyFloor() {
        return delegate().historyFloor();
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        delegate().rebuildIndex(index);
    }

    @Override
    public List<Record> roots() {
        return delegate().roots();
    }

    @Override
    public List<ObjectId> rootIds() {
        return delegate().rootIds();
    }

    @Override
    public CommitResult commit(ChangeSet changes) {
        return delegate().commit(changes);
    }

    @Override
    public Map<String, Long> figures() {
        return delegate().figures();
    }

    @Override
    public String toString() {
        return delegate().toString();
    }

    @Override
    public void lock(String owner, String holder, Collection<ObjectId> ids, dev.strata.core.LockMode mode,
            java.time.Duration lease) {
        delegate().lock(owner, holder, ids, mode, lease);
    }

    @Override
    public void unlock(String owner, Collection<ObjectId> ids) {
        delegate().unlock(owner, ids);
    }

    @Override
    public List<dev.strata.core.LockInfo> locks() {
        return delegate().locks();
    }
}
