package dev.strata.ui.internal;

import java.util.List;
import java.util.stream.Collectors;

import dev.strata.core.Labels;
import dev.strata.core.ModelStore;
import dev.strata.store.queue.QueueModelStore;

/**
 * What a store's row in the Stores view says: its status with the figures it keeps (cheap, read on
 * the workbench's thread at each refresh), and what a job reads of it (capabilities, newest logged
 * commit, locks held), each saying why where it could not be read.
 */
final class StoreCells {

    /** What a job reads of a running store: both may need the network (a REST store asks its server). */
    record Summary(String capabilities, String lastCommit, String locks) {
    }

    private StoreCells() {
    }

    /**
     * "running", and the figures the store keeps (a cache's hits and misses): cheap, read with each
     * refresh. A queue whose drain fails says so first, with why, and so does a store's notice (a
     * snapshot written in another format than the one chosen): its figures alone would hide it at
     * the end of a narrow column.
     */
    static String running(ModelStore store) {
        String figures = store.figures().entrySet().stream().map(f -> f.getKey() + "=" + f.getValue())
                .collect(Collectors.joining(" "));
        String state = "running";
        if (store instanceof QueueModelStore queue) {
            // Read once each: the drain may clear the problem meanwhile. Stuck is read first, as
            // the drain sets the problem before it.
            boolean stuck = queue.isStuck();
            String problem = queue.problem().orElse(null);
            if (problem != null) {
                state = (stuck ? "stuck: " : "failing: ") + problem;
            }
        }
        String notice = store.notice().orElse(null);
        if (notice != null) {
            state += ": " + notice;
        }
        return figures.isEmpty() ? state : state + " · " + figures;
    }

    /** Runs in the job; a failed read is shown in the row, saying why. */
    static Summary summary(ModelStore store) {
        String capabilities;
        try {
            capabilities = store.capabilities().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
        } catch (RuntimeException e) {
            capabilities = "not known: " + why(e);
        }
        String last;
        try {
            last = lastLogged(store);
        } catch (RuntimeException e) {
            last = unreadable(why(e));
        }
        String locks;
        try {
            locks = locks(store);
        } catch (RuntimeException e) {
            locks = unreadable(why(e));
        }
        return new Summary(capabilities, last, locks);
    }

    /** Who holds what (runs in the job): "WRITE Task 'Spec' by ada until 14:05:00; …", or none. */
    private static String locks(ModelStore store) {
        if (!store.capabilities().contains(ModelStore.Capability.LOCKS)) {
            return "";
        }
        List<dev.strata.core.LockInfo> held = store.locks();
        if (held.isEmpty()) {
            return "none";
        }
        java.util.Map<dev.strata.core.ObjectId, dev.strata.core.Record> records = store.loadAll(
                held.stream().map(dev.strata.core.LockInfo::id).distinct().toList());
        return held.stream().map(l -> {
            dev.strata.core.Record r = records.get(l.id());
            String what = r == null ? l.id().toString() : Labels.of(r.type(), r.id(), r.values());
            return l.mode() + " " + what + " by " + (l.holder().isEmpty() ? "session " + l.owner() : l.holder())
                    + " until " + Labels.time(l.expires()).substring(11);
        }).collect(Collectors.joining("; "));
    }

    static String why(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    static String unreadable(String why) {
        return "log not readable: " + why;
    }

    /** The newest commit the store's log remembers (read in a job, again on every commit event). */
    private static String lastLogged(ModelStore store) {
        var log = store.recentLog(1);
        if (log.isEmpty()) {
            return "none yet";
        }
        // As History shows it: number, time, author, message; the commit's id is in History and Compare.
        dev.strata.core.LoggedCommit last = log.get(log.size() - 1);
        String message = last.changes().message();
        return "#" + last.sequence() + "  " + dev.strata.core.Labels.time(last.time()) + "  "
                + dev.strata.core.Labels.author(last) + (message.isBlank() ? "" : "  \"" + message + "\"");
    }
}
