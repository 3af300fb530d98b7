package dev.strata.core.contract;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.store.ForwardingStore;

/** A store seen through a counter of what sessions read from it: records, and whole-tree reads. */
final class CountingStore extends ForwardingStore {

    private final ModelStore delegate;
    /** Records handed out by any read. */
    final AtomicInteger records = new AtomicInteger();
    /** Calls that read a whole containment tree. */
    final AtomicInteger treeReads = new AtomicInteger();

    CountingStore(ModelStore delegate) {
        this.delegate = delegate;
    }

    @Override
    protected ModelStore delegate() {
        return delegate;
    }

    @Override
    public Optional<Record> load(ObjectId id) {
        Optional<Record> r = delegate.load(id);
        records.addAndGet(r.isPresent() ? 1 : 0);
        return r;
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        return counted(delegate.loadAll(ids));
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        treeReads.incrementAndGet();
        return counted(delegate.loadTree(rootId));
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        treeReads.incrementAndGet();
        return counted(delegate.loadTrees(rootIds));
    }

    private Map<ObjectId, Record> counted(Map<ObjectId, Record> read) {
        records.addAndGet(read.size());
        return read;
    }
}
