package dev.strata.store.queue.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.IndexDef;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.LockInfo;
import dev.strata.core.LockMode;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.VetoException;
import dev.strata.store.queue.QueueModelStore;
import dev.strata.store.queue.QueueStoreOptions;

/**
 * The write-behind store. A commit is checked ({@link Admission}) against the wrapped store's
 * records with the queued commits laid over them, written to the journal, laid over the records it
 * touches ({@link Overlay}) and announced; one thread passes the queued commits on, oldest first,
 * each with its own commit id (or, for a {@link Group} of coalesced commits, a name-based id of
 * theirs), so a drain repeated after a crash is recognised by the wrapped store and applied once.
 * <p>
 * Locks: {@code commitLock} serialises commits; {@link QueueState}'s lock guards the queue and the
 * overlay (commits write it briefly, reads hold it shared while they read the wrapped store);
 * {@code gate} keeps a drain's commit apart from a set-aside and from {@code countBy}, the one read
 * a commit landing in the middle of would get wrong (see {@link OverlaidReads}). Order: gate,
 * then state.
 */
public final class QueueStore implements QueueModelStore {

    private static final int SENT_KEPT = 10_000;

    private final String name;
    private final ModelStore wrapped;
    private final QueueStoreOptions options;
    private final EventAdmin events;
    private final QueueJournal journal;
    private final Admission admission;
    private final OverlaidReads reads;

    private final ReentrantLock commitLock = new ReentrantLock();
    private final QueueState state;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    /** Signalled whenever the queue gets shorter or longer. */
    private final Object progress = new Object();

    /** Commit ids this queue sent to the wrapped store: their events are not another writer's. */
    private final Set<UUID> sent = java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(lru(SENT_KEPT)));

    private final AtomicLong drained = new AtomicLong();
    private final DrainStatus status;
    private final AtomicLong setAside = new AtomicLong();
    private volatile boolean closed;
    private final Thread drainer;

    public QueueStore(String name, ModelStore wrapped, QueueStoreOptions options, EventAdmin events) {
        this.name = Objects.requireNonNull(name, "name");
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        this.options = Objects.requireNonNull(options, "options");
        this.events = Objects.requireNonNull(events, "events");
        if (name.equals(wrapped.name())) {
            // Both would announce on the same topic, and the queue would hear its own announcements.
            throw new IllegalArgumentException("Queue store '" + name + "' cannot have the name of the store it writes to");
        }
        this.status = new DrainStatus(wrapped.name(), options.retryMax());
        this.journal = QueueJournal.open(options.journalDirectory(), options.sync(),
                warning -> System.getLogger(QueueStore.class.getName()).log(System.Logger.Level.WARNING, warning));
        this.state = new QueueState(journal.state());
        this.reads = new OverlaidReads(wrapped, state.overlay, this::remember, state.lock, gate);
        this.admission = new Admission(name, wrapped, new Admission.View() {
            @Override
            public Map<ObjectId, Record> overlaid(Collection<ObjectId> ids) {
                return state.read(() -> reads.overlaid(ids));
            }

            @Override
            public Map<ObjectId, Overlay.Pending> pending(Collection<ObjectId> ids) {
                return state.read(() -> state.overlay.of(ids));
            }

            @Override
            public List<Record> query(Query query) {
                return QueueStore.this.query(query);
            }
        });
        this.drainer = Thread.ofPlatform().daemon().name("strata-queue-" + name).unstarted(this::drainLoop);
        drainer.start();
    }

    /** A version read from the wrapped store, which later commits are checked against. */
    private void remember(ObjectId id, long version) {
        admission.remember(id, version);
    }

    static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    // ------------------------------------------------------------------ what the store is

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelStore wrapped() {
        return wrapped;
    }

    @Override
    public Path journalDirectory() {
        return options.journalDirectory();
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        caps.addAll(wrapped.capabilities());
        caps.add(Capability.DURABLE); // the journal is durable whatever the wrapped store is
        caps.add(Capability.NOTIFIES);
        return caps;
    }

    @Override
    public int queued() {
        return state.count();
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(status.problem());
    }

    @Override
    public boolean isStuck() {
        return status.stuck();
    }

    @Override
    public Map<String, Long> figures() {
        Map<String, Long> figures = new LinkedHashMap<>();
        Instant head = state.oldest();
        long oldest = head == null ? 0L : Duration.between(head, Instant.now()).toMillis();
        figures.put("queued", (long) queued());
        figures.put("drained", drained.get());
        figures.put("coalesced", state.coalesced());
        figures.put("retries", status.retries());
        figures.put("failing", status.problem() == null ? 0L : 1L);
        figures.put("stuck", status.stuck() ? 1L : 0L);
        figures.put("set.aside", setAside.get());
        figures.put("behind.ms", oldest);
        figures.put("unchecked", admission.unchecked());
        figures.put("max.queued", (long) options.maxQueued());
        return figures;
    }

    @Override
    public String toString() {
        String p = status.problem();
        return "queue store '" + name + "' over " + wrapped.name() + " (" + queued() + " queued"
                + (p == null ? "" : (status.stuck() ? ", stuck: " : ", failing: ") + p) + ")";
    }

    // ------------------------------------------------------------------ commits

    @Override
    public CommitResult commit(ChangeSet changes) {
        Objects.requireNonNull(changes, "changes");
        lockWithRoom(changes);
        try {
            refuseIfClosed("commit " + changes.commitId());
            CommitResult earlier = state.acknowledged(changes.commitId());
            if (earlier != null) {
                return new CommitResult(earlier.commitId(), earlier.sequence(), earlier.newVersions(), true);
            }
            ChangeSet checked = admission.check(changes);
            Instant time = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            CommitResult result;
            synchronized (journal) {
                result = state.append(checked, time, options.coalesce(), journal::queued);
            }
            synchronized (progress) {
                progress.notifyAll();
            }
            events.postEvent(CommitEvents.of(name, checked, result));
            return result;
        } finally {
            commitLock.unlock();
        }
    }

    /**
     * Takes the commit lock once the queue has room for the commit (or when it is a retry of one
     * acknowledged before). Commits wait for room without the lock: a set-aside, which a stuck and
     * full queue needs, is then not held behind every commit waiting for room.
     */
    private void lockWithRoom(ChangeSet changes) {
        long deadline = System.nanoTime() + options.maxWait().toNanos();
        for (;;) {
            waitForRoom(changes, deadline);
            commitLock.lock();
            if (closed || queued() < options.maxQueued() || acknowledgedBefore(changes)) {
                return;
            }
            commitLock.unlock(); // another commit took the room meanwhile
        }
    }

    private boolean acknowledgedBefore(ChangeSet changes) {
        return state.acknowledged(changes.commitId()) != null;
    }

    /** Back-pressure: waits while the queue is full, then refuses saying how far behind the drain is. */
    private void waitForRoom(ChangeSet changes, long deadline) {
        if (acknowledgedBefore(changes)) {
            return; // read before the monitor: the state lock may wait behind a slow read
        }
        synchronized (progress) {
            while (!closed && queued() >= options.maxQueued()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    Map<String, Long> f = figures();
                    String p = status.problem();
                    throw new StoreException("Queue store '" + name + "': the queue is full (" + f.get("queued")
                            + " commits waiting, max.queued=" + options.maxQueued() + ") and did not get shorter in "
                            + options.maxWait().toMillis() + " ms; the drain to store '" + wrapped.name() + "' is "
                            + f.get("behind.ms") + " ms behind" + (p == null ? "" : " (" + p + ")") + ". Commit "
                            + changes.commitId() + " was not accepted; the session keeps its changes");
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("Queue store '" + name + "': interrupted while waiting for room in the"
                            + " queue; commit " + changes.commitId() + " was not accepted", e);
                }
            }
        }
    }

    // ------------------------------------------------------------------ the drain

    private void drainLoop() {
        while (!closed) {
            Group group;
            try {
                group = head();
            } catch (InterruptedException e) {
                return;
            }
            if (group == null) {
                continue;
            }
            ChangeSet cs = group.toWrapped();
            sent.add(cs.commitId());
            boolean through = false;
            gate.writeLock().lock();
            try {
                if (state.head() != group) {
                    continue; // set aside while this waited for the gate
                }
                CommitResult result = wrapped.commit(cs);
                admission.remember(result.newVersions());
                admission.forget(cs.deleted().stream().map(ChangeSet.Deletion::id).toList());
                state.drained(group);
                status.clear(); // before the gate opens: a set-aside waiting for it must not see the next group as stuck
                through = true;
            } catch (ConflictException | InvalidChangeException | VetoException e) {
                status.failed(group, e, true);
            } catch (RuntimeException e) {
                status.failed(group, e, false);
            } finally {
                gate.writeLock().unlock();
            }
            if (!through) {
                // Paused with the gate open: reads and a set-aside of the refused head go on meanwhile.
                if (!status.pause(() -> closed)) {
                    closed = true; // the drain was interrupted: it stops, and the store refuses what needs it
                    synchronized (progress) {
                        progress.notifyAll(); // commits waiting for room, awaitDrained
                    }
                }
                continue;
            }
            drained.addAndGet(group.members.size());
            status.wentThrough();
            try {
                synchronized (journal) {
                    journal.drained(group.last());
                    if (queued() == 0) {
                        journal.rotateIfLarge(sequenceNow());
                    }
                }
            } catch (StoreException e) {
                // Harmless for what is queued: drained again after a restart, the wrapped store
                // recognises the commit id. Reported until a later entry is written.
                status.note("the journal could not record a drained commit: " + e.getMessage());
            }
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    @Override
    public List<UUID> setAsideStuck(Path file) {
        SetAside.Chosen chosen;
        // No commit is admitted (against what is being set aside), no drain passes anything on (nor
        // changes the status) and the journal is not closed meanwhile. The file and the journal are
        // written and forced before the state lock is taken: reads wait only for the queue's change.
        commitLock.lock();
        gate.writeLock().lock();
        try {
            refuseIfClosed("setting a stuck commit aside");
            synchronized (journal) {
                String why = status.problem();
                chosen = state.chooseAside(status::stuckOn);
                if (chosen == null) {
                    throw new IllegalStateException("Queue store '" + name + "' is not stuck: no commit at its head"
                            + " is refused by store '" + wrapped.name() + "'" + (why == null ? "" : " (" + why + ")")
                            + "; nothing was set aside");
                }
                try {
                    SetAside.write(file, chosen.commits(), why);
                } catch (IOException | RuntimeException e) {
                    throw new StoreException("Queue store '" + name + "': cannot write the stuck commit to " + file
                            + " (" + (e instanceof java.nio.file.FileAlreadyExistsException ? "the file exists" : e)
                            + "); nothing was set aside", e);
                }
                try {
                    journal.setAside(chosen.commits().stream().map(QueueJournal.Entry::sequence).toList());
                } catch (RuntimeException e) {
                    SetAside.delete(file);
                    throw new StoreException("Queue store '" + name + "': the journal could not record that the stuck"
                            + " commit was set aside (" + e.getMessage() + "); it is still queued, and " + file
                            + " was removed again", e);
                }
                state.setAside(chosen, () -> {
                    // The versions they would have given are not the store's: read those again.
                    admission.forget(chosen.touched());
                    chosen.groups().forEach(g -> sent.remove(g.toWrapped().commitId()));
                    setAside.addAndGet(chosen.commits().size());
                    status.clear();
                });
            }
        } finally {
            gate.writeLock().unlock();
            commitLock.unlock();
        }
        List<UUID> ids = chosen.commits().stream().map(e -> e.changes().commitId()).toList();
        events.postEvent(CommitEvents.resync(name, sequenceNow(), "commits " + ids + " were set aside to " + file
                + ": store '" + wrapped.name() + "' refused them"));
        synchronized (progress) {
            progress.notifyAll();
        }
        status.wake(); // the drain need not finish its pause to go on with the next commit
        return ids;
    }

    /** The oldest group, taken for draining (waits for one). */
    private Group head() throws InterruptedException {
        synchronized (progress) {
            while (!closed && queued() == 0) {
                progress.wait(1000);
            }
        }
        if (closed) {
            throw new InterruptedException();
        }
        return state.take();
    }

    private long sequenceNow() {
        return state.sequence();
    }

    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (queued() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Operations that change the wrapped store outside commits wait for what is queued to be drained first. */
    private void drainFirst(String what) {
        try {
            if (awaitDrained(options.maxWait())) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String p = status.problem();
        throw new StoreException("Queue store '" + name + "': " + what + " must wait until the " + queued()
                + " queued commits are in store '" + wrapped.name() + "', and they were not within "
                + options.maxWait().toMillis() + " ms" + (p == null ? "" : " (" + p + ")"));
    }

    private void refuseIfClosed(String what) {
        if (closed) {
            throw new StoreException("Queue store '" + name + "' is closed: " + what + " is refused");
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (progress) {
            progress.notifyAll();
        }
        status.wake();
        try {
            drainer.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (journal) {
            journal.close();
        }
    }

    // ------------------------------------------------------------------ reads, with the queue laid over them

    @Override
    public Optional<Record> load(ObjectId id) {
        return Optional.ofNullable(loadAll(List.of(id)).get(id));
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        return reads.loadAll(ids);
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return reads.loadTree(rootId);
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        return reads.loadTrees(rootIds);
    }

    @Override
    public List<ObjectId> rootIds() {
        return reads.rootIds();
    }

    @Override
    public List<Record> roots() {
        return reads.roots();
    }

    @Override
    public List<Record> query(Query query) {
        return reads.query(query);
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        return reads.countBy(type, feature);
    }

    // ------------------------------------------------------------------ the log: this queue's commits

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        return state.log(afterSequence, max);
    }

    @Override
    public List<LoggedCommit> recentLog(int max) {
        return state.recentLog(max);
    }

    @Override
    public String epoch() {
        return "queue-" + journal.epoch();
    }

    @Override
    public long logFloor() {
        return state.floor();
    }

    // ------------------------------------------------------------------ passed on

    @Override
    public void useModel(List<EPackage> packages, Collection<IndexDef> indexes) {
        admission.use(packages);
        wrapped.useModel(packages, indexes);
    }

    @Override
    public void declareIndexes(Collection<IndexDef> indexes) {
        wrapped.declareIndexes(indexes);
    }

    @Override
    public Collection<IndexDef> indexes() {
        return wrapped.indexes();
    }

    @Override
    public Map<String, Integer> modelVersions() {
        return wrapped.modelVersions();
    }

    @Override
    public List<String> appliedMigrations() {
        return wrapped.appliedMigrations();
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        wrapped.initModelVersion(nsUri, version);
    }

    @Override
    public void migrate(Migration migration) {
        commitLock.lock();
        try {
            drainFirst("migration " + migration.id());
            wrapped.migrate(migration);
            admission.forgetAll();
        } finally {
            commitLock.unlock();
        }
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        drainFirst("rebuilding " + index);
        wrapped.rebuildIndex(index);
    }

    @Override
    public void lock(String owner, String holder, Collection<ObjectId> ids, LockMode mode, Duration lease) {
        admission.lockTaken();
        wrapped.lock(owner, holder, ids, mode, lease);
    }

    @Override
    public void unlock(String owner, Collection<ObjectId> ids) {
        wrapped.unlock(owner, ids);
    }

    @Override
    public List<LockInfo> locks() {
        return wrapped.locks();
    }

    // ------------------------------------------------------------------ the wrapped store's commits

    /**
     * A commit event of the wrapped store: one this queue drained was announced when acknowledged;
     * one of another writer is not in this queue's log, so listeners are told to read afresh.
     */
    @Override
    public void handleEvent(Event event) {
        if (!Topics.commit(wrapped.name()).equals(event.getTopic())) {
            return;
        }
        Object id = event.getProperty(Topics.COMMIT_ID);
        if (id != null && sent.contains(UUID.fromString(id.toString()))) {
            return;
        }
        admission.forgetAll();
        events.postEvent(CommitEvents.resync(name, sequenceNow(), "store '" + wrapped.name()
                + "' was changed by another writer" + (id == null ? "" : " (commit " + id + ")")));
    }
}
