package dev.strata.core.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.strata.core.CommitResult;
import dev.strata.core.LoggedCommit;

/**
 * The commits a {@link RecordTable} remembers: recent commit ids, to recognise a retried commit,
 * and recent change sets, for followers that resume. Not thread-safe: the table's lock guards it.
 */
final class TableLog {

    /** How many recent commit ids are remembered to recognise a retried commit. */
    private static final int REMEMBERED_COMMITS = 100_000;
    /** How many recent commits the log keeps unless told otherwise. */
    static final HistoryPolicy DEFAULT_HISTORY = HistoryPolicy.commits(10_000);

    /** Which commits the log keeps; older ones are dropped as commits arrive. */
    private final HistoryPolicy history;

    private final LinkedHashMap<UUID, CommitResult> applied = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, CommitResult> eldest) {
            return size() > REMEMBERED_COMMITS;
        }
    };
    private final ArrayDeque<LoggedCommit> log = new ArrayDeque<>();
    /** The log holds every logged commit after this sequence (older ones were dropped or never loaded). */
    private long floor;

    TableLog(HistoryPolicy history) {
        this.history = history;
    }

    /** The result an earlier commit with this id got, or null. */
    CommitResult earlier(UUID commitId) {
        return applied.get(commitId);
    }

    /** Remembers a commit's id and result without logging its changes (one read from a snapshot). */
    void remember(CommitResult result) {
        applied.put(result.commitId(), result);
    }

    /** Remembers an applied commit, and logs it unless it changed no record. */
    void applied(RecordTable.Prepared p) {
        applied.put(p.changes().commitId(), p.result());
        if (!p.changes().isEmpty()) {
            log.addLast(new LoggedCommit(p.result().sequence(), p.changes(), p.time()));
            prune();
        }
    }

    /** Drops the oldest commits the policy no longer keeps, raising the floor past them. */
    private void prune() {
        java.time.Instant now = java.time.Instant.now();
        while (!log.isEmpty() && !history.keeps(log.size() - 1L, log.peekFirst().time(), now)) {
            floor = log.removeFirst().sequence();
        }
    }

    /** Logged commits after a sequence, oldest first, at most max. */
    List<LoggedCommit> after(long afterSequence, int max) {
        return log.stream().filter(c -> c.sequence() > afterSequence).limit(Math.max(0, max)).toList();
    }

    /** The newest logged commits, oldest first, at most max. */
    List<LoggedCommit> newest(int max) {
        int n = Math.min(Math.max(0, max), log.size());
        List<LoggedCommit> newest = new ArrayList<>(n);
        Iterator<LoggedCommit> back = log.descendingIterator();
        while (newest.size() < n) {
            newest.add(back.next());
        }
        Collections.reverse(newest);
        return newest;
    }

    long floor() {
        return floor;
    }

    /** The commits up to this sequence are not in the log (they were in a snapshot). */
    void raiseFloor(long sequence) {
        floor = Math.max(floor, sequence);
    }

    /** The ids and sequences of recent commits, oldest first. */
    List<CommitResult> recent() {
        return applied.values().stream().map(r -> new CommitResult(r.commitId(), r.sequence(), Map.of(), false))
                .toList();
    }
}
