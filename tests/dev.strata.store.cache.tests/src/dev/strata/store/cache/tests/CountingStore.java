package dev.strata.store.cache.tests;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.store.ForwardingStore;

/**
 * A store that counts the reads by id reaching it, and can hold one {@code load} after it has read
 * its answer (to let a commit pass it), until released.
 */
final class CountingStore extends ForwardingStore {

    private final ModelStore store;
    final AtomicInteger loads = new AtomicInteger();
    final AtomicInteger trees = new AtomicInteger();
    private volatile CountDownLatch hasRead;
    private volatile CountDownLatch release;

    CountingStore(ModelStore store) {
        this.store = store;
    }

    @Override
    protected ModelStore delegate() {
        return store;
    }

    /** The next load reads, counts {@code hasRead} down and waits for {@code release} before answering. */
    void holdNextLoad(CountDownLatch read, CountDownLatch go) {
        this.hasRead = read;
        this.release = go;
    }

    @Override
    public Optional<Record> load(ObjectId id) {
        loads.incrementAndGet();
        Optional<Record> answer = store.load(id);
        CountDownLatch read = hasRead;
        CountDownLatch go = release;
        if (read != null) {
            hasRead = null;
            release = null;
            read.countDown();
            try {
                if (!go.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the held load was not released within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answer;
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        loads.addAndGet(ids.size());
        return store.loadAll(ids);
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        trees.incrementAndGet();
        return store.loadTree(rootId);
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        trees.addAndGet(rootIds.size());
        return store.loadTrees(rootIds);
    }
}
