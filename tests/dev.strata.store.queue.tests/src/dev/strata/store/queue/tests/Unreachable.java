package dev.strata.store.queue.tests;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.store.ForwardingStore;

/**
 * A store that can be switched off, as a server that is down: every read of data and every commit
 * fails with a StoreException while it is. It can also lose the answer to commits: the commit is
 * applied and the caller gets an error, as when a connection breaks after the server committed.
 */
final class Unreachable extends ForwardingStore {

    private final ModelStore store;
    volatile boolean down;
    volatile boolean loseAnswers;
    /** Commits fail, reads go through: a drain held back while readers still reach the store. */
    volatile boolean refuseCommits;
    /** One commit that fails as if the store could not be reached; the others go through. */
    volatile java.util.UUID holdBack;
    /** While set, a commit is applied and then waits for it before it answers: a slow answer. */
    volatile java.util.concurrent.CountDownLatch slowAnswers;
    /** While set, reads of records wait for it: a slow network read. */
    volatile java.util.concurrent.CountDownLatch slowReads;
    final AtomicInteger commits = new AtomicInteger();

    Unreachable(ModelStore store) {
        this.store = store;
    }

    @Override
    protected ModelStore delegate() {
        return store;
    }

    /** Waits for the latch, if set (30 s at most). */
    private static void slow(java.util.concurrent.CountDownLatch latch) {
        if (latch == null) {
            return;
        }
        try {
            latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reach(String what) {
        if (down) {
            throw new StoreException("Store '" + store.name() + "' is unreachable (test): " + what);
        }
    }

    @Override
    public CommitResult commit(ChangeSet changes) {
        reach("commit");
        if (refuseCommits || changes.commitId().equals(holdBack)) {
            throw new StoreException("Store '" + store.name() + "' takes no commits now (test)");
        }
        CommitResult result = store.commit(changes);
        commits.incrementAndGet();
        slow(slowAnswers);
        if (loseAnswers) {
            throw new StoreException("Store '" + store.name() + "': the connection broke after commit (test)");
        }
        return result;
    }

    @Override
    public Optional<Record> load(ObjectId id) {
        reach("load");
        return store.load(id);
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        reach("loadAll");
        slow(slowReads);
        return store.loadAll(ids);
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        reach("loadTree");
        return store.loadTree(rootId);
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        reach("loadTrees");
        return store.loadTrees(rootIds);
    }

    @Override
    public List<Record> roots() {
        reach("roots");
        return store.roots();
    }

    @Override
    public List<ObjectId> rootIds() {
        reach("rootIds");
        return store.rootIds();
    }

    @Override
    public List<Record> query(Query query) {
        reach("query");
        return store.query(query);
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        reach("countBy");
        return store.countBy(type, feature);
    }
}
