package dev.strata.server.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ChangeSet;
import dev.strata.core.ConflictException;
import dev.strata.core.CommitResult;
import dev.strata.core.LoggedCommit;
import dev.strata.core.MergeConflict;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.wire.Json;
import dev.strata.wire.JsonChanges;
import dev.strata.wire.JsonValues;

/** Writing a store and following it: commits (POST), the commit log (GET) and the change stream. */
final class CommitResources {

    private static final int MAX_LOG_PAGE = JsonChanges.LOG_PAGE;

    private final Api.Stores stores;
    private final Streams streams;

    CommitResources(Api.Stores stores, Streams streams) {
        this.stores = stores;
        this.streams = streams;
    }

    void addTo(Map<String, Resource> table) {
        table.put("commits", Resource.of(this::commits, "changes"));
        table.put("events", Resource.of(this::events, ""));
    }

    private void commits(Exchange x) throws IOException {
        x.expectNoRest();
        if (x.isPost()) {
            commit(x);
        } else {
            log(x);
        }
    }

    private void commit(Exchange x) throws IOException {
        ModelStore store = x.store();
        StoreModel model = stores.model(x.storeName(), store);
        // A change without "container" keeps the object where it is now; the version check of
        // the commit guarantees it has not moved since.
        ChangeSet cs = JsonChanges.changeSet(x.body(), model.resolver(),
                id -> store.load(id).map(Record::container).orElse(null));
        cs = model.check(cs);
        // A commit id names one change set: a retry is answered as a duplicate, other changes under it are refused.
        CommitIds ids = stores.commitIds(x.storeName());
        String digest = CommitIds.digest(cs);
        String earlier = ids.claim(cs.commitId(), digest);
        if (earlier != null && !earlier.equals(digest)) {
            throw reused(cs, -1);
        }
        CommitResult result;
        try {
            result = store.commit(cs);
        } catch (RuntimeException e) {
            if (earlier == null) {
                ids.forget(cs.commitId(), digest); // not committed: the id is still free
            }
            if (e instanceof ConflictException c) {
                throw conflict(store, cs, c);
            }
            throw e;
        }
        if (result.duplicate() && earlier == null) {
            // Committed before this server remembered it (a restart, or long ago): the store's log says what.
            ids.forget(cs.commitId(), digest);
            ChangeSet logged = logged(store, result);
            if (logged != null && !CommitIds.outline(logged).equals(CommitIds.outline(cs))) {
                throw reused(cs, result.sequence());
            }
        }
        x.send(200, JsonChanges.commitResult(result));
    }

    /** The logged change set of a commit, or null if the log no longer has it. */
    private static ChangeSet logged(ModelStore store, CommitResult result) {
        for (LoggedCommit c : store.log(Math.max(0, result.sequence() - 1), 1)) {
            if (c.changes().commitId().equals(result.commitId())) {
                return c.changes();
            }
        }
        return null;
    }

    /**
     * A 409 that says, besides the stale versions, what a merge would leave to the client: for each
     * feature changed on both sides its base, theirs (stored now) and mine (sent), and the objects
     * changed on one side and deleted on the other. A Strata client merges by itself; others read it.
     */
    private static Problem conflict(ModelStore store, ChangeSet cs, ConflictException e) {
        Problem p = new Problem(409, "conflict", e.getMessage());
        p.body().set("conflicts", JsonChanges.conflicts(e.conflicts()));
        List<ObjectId> named = e.conflicts().stream().map(ConflictException.Conflict::id).toList();
        p.body().set("merge", merge(MergeConflict.open(cs, named, store.loadAll(named))));
        return p;
    }

    /** Merge conflicts as JSON: id, label, feature, kind, and the base, theirs and mine values. */
    static ArrayNode merge(List<MergeConflict> conflicts) {
        ArrayNode merge = Json.array();
        for (MergeConflict m : conflicts) {
            ObjectNode o = merge.addObject();
            o.put("id", m.id().toString());
            o.put("label", m.label());
            o.put("feature", m.feature());
            o.put("kind", m.kind().name());
            o.set("base", JsonValues.value(m.base()));
            o.set("theirs", JsonValues.value(m.theirs()));
            o.set("mine", JsonValues.value(m.mine()));
        }
        return merge;
    }

    private static Problem reused(ChangeSet cs, long sequence) {
        Problem p = new Problem(409, "commit-id-reused", "commit id " + cs.commitId() + " was already used for a"
                + " different change set" + (sequence > 0 ? " (commit " + sequence + ")" : "") + "; nothing was"
                + " changed. A commit id names one change set: resend the same changes to retry, or give new changes"
                + " a new id");
        p.body().put("field", "commitId");
        return p;
    }

    /** The log after a sequence ({@code after}, {@code max}), or its newest commits ({@code last}). */
    private void log(Exchange x) throws IOException {
        long last = x.longParameter("last", -1);
        ObjectNode o = Json.object();
        List<LoggedCommit> commits;
        if (x.parameter("last") != null) {
            if (x.parameter("after") != null || x.parameter("max") != null) {
                throw Problem.badRequest("last", "query parameter 'last' (the newest commits) cannot be combined with"
                        + " 'after' or 'max' (the commits after a sequence)");
            }
            checkPage("last", last);
            commits = x.store().recentLog((int) last);
            o.put("last", last); // tells the client this server knows 'last' (an older one ignores it)
        } else {
            long max = x.longParameter("max", 100);
            checkPage("max", max);
            commits = x.store().log(x.longParameter("after", 0), (int) max);
        }
        ArrayNode a = o.putArray("commits");
        commits.forEach(c -> a.add(JsonChanges.loggedCommit(c)));
        x.send(200, o);
    }

    private static void checkPage(String parameter, long value) {
        if (value < 0 || value > MAX_LOG_PAGE) {
            throw Problem.badRequest(parameter, "query parameter '" + parameter + "' must be between 0 and "
                    + MAX_LOG_PAGE + ", got " + value);
        }
    }

    /** The change stream (server-sent events) from Last-Event-ID, else ?after=, else now. */
    private void events(Exchange x) throws IOException {
        x.expect("GET");
        String name = x.storeName();
        streams.stream(name, x.store(), () -> {
            Api.Served now = stores.served().get(name);
            return now == null ? null : now.store();
        }, after(x), x.resp());
    }

    private static long after(Exchange x) {
        String last = x.req().getHeader("Last-Event-ID");
        if (last != null && !last.isBlank()) {
            try {
                return Long.parseLong(last.trim());
            } catch (NumberFormatException e) {
                throw Problem.badRequest("Last-Event-ID", "header Last-Event-ID must be a commit sequence, got '"
                        + last + "'");
            }
        }
        return x.longParameter("after", -1);
    }
}
