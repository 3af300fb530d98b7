package dev.strata.core.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Lock;

import dev.strata.core.IndexDef;
import dev.strata.core.Record;
import dev.strata.core.StoreException;

/**
 * The {@link RecordTable}'s indexes over records read lazily: the ids by type and the declared
 * indexes are built on a background thread once asked for, and what needs them waits. Indexes
 * declared meanwhile are queued and declared once the build is done. Writes wait for the build
 * (the table's {@code lockWrites}), so the builder reads the records without the table's lock.
 */
final class IndexBuilding {

    private final String storeName;
    private final LayeredRecords records;
    private final TableIndexes indexes;
    /** The table's write lock: declaring the queued indexes changes them. */
    private final Lock writeLock;
    /** Set while the indexes are not built; counted down when they are (or building them failed). */
    private volatile CountDownLatch building;
    private volatile boolean started;
    private volatile RuntimeException failure;
    private final Queue<IndexDef> declaredMeanwhile = new ConcurrentLinkedQueue<>();

    IndexBuilding(String storeName, LayeredRecords records, TableIndexes indexes, Lock writeLock) {
        this.storeName = storeName;
        this.records = records;
        this.indexes = indexes;
        this.writeLock = writeLock;
    }

    /** The records were just read lazily (under the write lock): the indexes are to be built again. */
    void reset() {
        failure = null;
        started = false;
        building = new CountDownLatch(1);
    }

    /** True once the indexes cover every record. */
    boolean built() {
        return building == null;
    }

    /**
     * Starts the build on its own thread; nothing if built or being built. Marked started under the
     * table's write lock: a write that holds it and finds no build running ends before one starts.
     * Not to be called holding the table's read lock.
     */
    void start() {
        CountDownLatch latch;
        writeLock.lock();
        try {
            synchronized (this) {
                latch = building;
                if (latch == null || started) {
                    return;
                }
                started = true;
            }
        } finally {
            writeLock.unlock();
        }
        Thread t = new Thread(() -> build(latch), "strata-indexes-" + storeName);
        t.setDaemon(true);
        t.start();
    }

    /** Queues indexes declared while the build runs; false if nothing is being built (declare them now). */
    boolean queue(Collection<IndexDef> defs) {
        if (building == null) {
            return false;
        }
        declaredMeanwhile.addAll(defs);
        return building != null; // the build may have ended meanwhile: then the caller declares them too
    }

    /** The declared indexes with those queued. */
    Collection<IndexDef> withQueued(Collection<IndexDef> declared) {
        if (declaredMeanwhile.isEmpty()) {
            return declared;
        }
        Set<IndexDef> all = new LinkedHashSet<>(declared);
        all.addAll(declaredMeanwhile);
        return List.copyOf(all);
    }

    /** Waits until the indexes are built (starting the build if nobody has), then declares the queued ones. */
    void await() {
        CountDownLatch latch = building;
        if (latch != null) {
            start();
            await(latch);
        }
        if (!declaredMeanwhile.isEmpty()) {
            writeLock.lock();
            try {
                List<IndexDef> defs = new ArrayList<>();
                for (IndexDef d; (d = declaredMeanwhile.poll()) != null;) {
                    defs.add(d);
                }
                indexes.declare(defs, records);
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** True while a build reads the records without the lock (or has failed): writes must wait. */
    boolean running() {
        return building != null && started;
    }

    /** Waits for a build under way; one not started is left alone (commits replayed on open). */
    void awaitStarted() {
        CountDownLatch latch = building;
        if (latch != null && started) {
            await(latch);
        }
    }

    private void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Store '" + storeName + "': interrupted while its indexes are built", e);
        }
        RuntimeException failed = failure;
        if (failed != null && building == latch) {
            throw new StoreException("Store '" + storeName + "' cannot answer: building its indexes failed ("
                    + failed.getMessage() + ")", failed);
        }
    }

    private void build(CountDownLatch latch) {
        try {
            RecordSource source = records.base();
            if (!indexes.anyBuilt()) {
                // No declared index needs values: ids and types are enough, nothing is decoded.
                source.forEachType((id, type) -> {
                    if (!records.shadowed(id)) {
                        indexes.addType(id, type);
                    }
                });
            } else {
                source.forEach(r -> {
                    if (!records.shadowed(r.id())) {
                        indexes.addTyped(r);
                    }
                });
            }
            for (Record r : records.written()) {
                indexes.addTyped(r);
            }
            building = null;
        } catch (CancellationException e) {
            // The source was closed (its store closed): nothing is left to answer.
            failure = new StoreException("Store '" + storeName + "' is closed", e);
        } catch (RuntimeException | Error e) {
            failure = e instanceof RuntimeException re ? re : new StoreException(String.valueOf(e), e);
            System.getLogger(RecordTable.class.getName()).log(System.Logger.Level.ERROR,
                    "Store '" + storeName + "': building its indexes failed; queries and commits are refused", e);
        } finally {
            latch.countDown();
        }
    }
}
