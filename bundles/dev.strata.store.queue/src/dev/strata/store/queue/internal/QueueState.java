package dev.strata.store.queue.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.LoggedCommit;

/**
 * The queued commits and what goes with them, under one read-write lock: the groups in drain
 * order, the {@link Overlay} they lay over the wrapped store, this queue's log and the results of
 * the commits it acknowledged. Each method is one step under the lock; {@link QueueStore} decides
 * when a step happens (which commit, drain or set-aside holds which of its other locks).
 * <p>
 * The count and the oldest commit's time are also kept in volatile fields, so the figures (read on
 * the workbench's thread) never wait behind a writer that waits for a slow read.
 */
final class QueueState {

    private static final int LOG_KEPT = 10_000;
    private static final int KNOWN_KEPT = 100_000;

    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final Overlay overlay = new Overlay();
    private final Deque<Group> queue = new ArrayDeque<>();
    private final List<LoggedCommit> log = new ArrayList<>();
    /** Results of the commits acknowledged, by commit id, so a commit sent again is answered as a duplicate. */
    private final Map<UUID, CommitResult> acknowledged = QueueStore.lru(KNOWN_KEPT);
    private long floor;
    private long sequence;
    private volatile int count;
    private volatile Instant oldest;
    private final AtomicLong coalesced = new AtomicLong();

    /** The commits a journal found still queued, grouped as they were written. */
    QueueState(QueueJournal.State found) {
        sequence = found.sequence();
        floor = found.sequence();
        for (QueueJournal.Entry e : found.pending()) {
            Group group = e.merged() && !queue.isEmpty() ? queue.peekLast() : null;
            if (group == null) {
                group = new Group(e.changes());
                queue.addLast(group);
            }
            group.members.add(e);
            count++;
            layOver(group, e);
            acknowledged.put(e.changes().commitId(), new CommitResult(e.changes().commitId(), e.sequence(), group.versions,
                    false));
        }
        headChanged();
    }

    <T> T read(Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void write(Runnable step) {
        lock.writeLock().lock();
        try {
            step.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How many commits are queued (without the lock). */
    int count() {
        return count;
    }

    /** When the oldest queued commit was acknowledged, or null (without the lock). */
    Instant oldest() {
        return oldest;
    }

    long coalesced() {
        return coalesced.get();
    }

    long sequence() {
        return read(() -> sequence);
    }

    long floor() {
        return read(() -> floor);
    }

    CommitResult acknowledged(UUID commitId) {
        return read(() -> acknowledged.get(commitId));
    }

    /**
     * Queues a checked commit: joined to the last group if {@code coalesce} allows and that group
     * takes it, else as a group of its own. {@code durable} writes the entry to the journal first;
     * the decision and the write are under the lock, so the drain cannot take the group in between
     * and the journal and the queue agree on groups.
     */
    CommitResult append(ChangeSet checked, Instant time, boolean coalesce, Consumer<QueueJournal.Entry> durable) {
        lock.writeLock().lock();
        try {
            Group tail = coalesce && !queue.isEmpty() && queue.peekLast().takes(checked) ? queue.peekLast() : null;
            long seq = sequence + 1;
            QueueJournal.Entry entry = new QueueJournal.Entry(seq, time, tail != null, checked);
            durable.accept(entry); // acknowledged from here
            Group group = tail;
            if (group == null) {
                group = new Group(checked);
                queue.addLast(group);
            } else {
                coalesced.incrementAndGet();
            }
            group.members.add(entry);
            sequence = seq;
            count++;
            headChanged();
            layOver(group, entry);
            CommitResult result = new CommitResult(checked.commitId(), seq, group.versions, false);
            acknowledged.put(checked.commitId(), result);
            log.add(new LoggedCommit(seq, checked, time));
            if (log.size() > LOG_KEPT) {
                floor = log.removeFirst().sequence();
            }
            return result;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The oldest group, marked as taken by the drain (no later commit joins it), or null. */
    Group take() {
        lock.writeLock().lock();
        try {
            Group g = queue.peekFirst();
            if (g != null) {
                g.taken = true;
            }
            return g;
        } finally {
            lock.writeLock().unlock();
        }
    }

    Group head() {
        return read(queue::peekFirst);
    }

    /** The head group is in the wrapped store now. */
    void drained(Group group) {
        write(() -> {
            queue.removeFirst();
            count -= group.members.size();
            headChanged();
            overlay.drained(group.last());
        });
    }

    /** What a set-aside of the head would take out, if {@code stuck} says the head is stuck; else null. */
    SetAside.Chosen chooseAside(Predicate<Group> stuck) {
        return read(() -> stuck.test(queue.peekFirst()) ? SetAside.choose(queue, queue.peekFirst()) : null);
    }

    /** Takes the chosen groups out and lays the rest over the store anew; {@code also} runs under the lock. */
    void setAside(SetAside.Chosen chosen, Runnable also) {
        write(() -> {
            queue.removeAll(chosen.groups());
            count -= chosen.commits().size();
            headChanged();
            // The groups set aside may have touched the same objects first.
            overlay.clear();
            queue.forEach(g -> g.members.forEach(e -> layOver(g, e)));
            chosen.commits().forEach(e -> acknowledged.remove(e.changes().commitId()));
            also.run();
        });
    }

    List<LoggedCommit> log(long afterSequence, int max) {
        return read(() -> log.stream().filter(c -> c.sequence() > afterSequence).limit(Math.max(0, max)).toList());
    }

    List<LoggedCommit> recentLog(int max) {
        return read(() -> max <= 0 ? List.of() : List.copyOf(log.subList(Math.max(0, log.size() - max), log.size())));
    }

    private void headChanged() {
        Group head = queue.peekFirst();
        oldest = head == null ? null : head.members.getFirst().time();
    }

    private void layOver(Group group, QueueJournal.Entry e) {
        overlay.apply(e.changes(), group.versions, e.sequence(), e.merged() ? e.changes().session() : null);
    }
}
