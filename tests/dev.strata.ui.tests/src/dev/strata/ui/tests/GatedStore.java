package dev.strata.ui.tests;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.store.ForwardingStore;

/**
 * A store whose reads wait while the test holds its gate closed, as a REST store's do on a slow
 * network: what reads it on the UI thread would freeze the window, what reads it in a job does not.
 */
final class GatedStore extends ForwardingStore {

    /** Bounded, so that a read made on the UI thread fails the test instead of hanging it. */
    private static final long MAX_WAIT_SECONDS = 20;

    private final ModelStore store;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger waiting = new AtomicInteger();

    GatedStore(ModelStore store) {
        this.store = store;
    }

    @Override
    protected ModelStore delegate() {
        return store;
    }

    /** Reads wait from now until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Reads go through again, those waiting too. */
    void release() {
        gate.countDown();
    }

    /** How many reads are waiting at the gate now. */
    int waiting() {
        return waiting.get();
    }

    private void pass(String read) {
        CountDownLatch g = gate;
        if (g.getCount() == 0) {
            return;
        }
        waiting.incrementAndGet();
        try {
            if (!g.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Store '" + name() + "': " + read + " waited " + MAX_WAIT_SECONDS
                        + " s at a gate the test did not open");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Store '" + name() + "': " + read + " interrupted at the gate", e);
        } finally {
            waiting.decrementAndGet();
        }
    }

    @Override
    public Optional<Record> load(ObjectId id) {
        pass("load");
        return super.load(id);
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        pass("loadAll");
        return super.loadAll(ids);
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        pass("loadTree");
        return super.loadTree(rootId);
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        pass("loadTrees");
        return super.loadTrees(rootIds);
    }

    @Override
    public List<Record> query(Query query) {
        pass("query");
        return super.query(query);
    }

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        pass("log");
        return super.log(afterSequence, max);
    }

    @Override
    public List<LoggedCommit> recentLog(int max) {
        pass("recentLog");
        return super.recentLog(max);
    }

    @Override
    public List<Record> roots() {
        pass("roots");
        return super.roots();
    }

    @Override
    public List<ObjectId> rootIds() {
        pass("rootIds");
        return super.rootIds();
    }
}
