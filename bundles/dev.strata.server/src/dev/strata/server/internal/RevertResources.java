package dev.strata.server.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.MergeConflict;
import dev.strata.core.MergeConflictException;
import dev.strata.core.Session;
import dev.strata.wire.Json;
import dev.strata.wire.JsonChanges;

/**
 * {@code POST revert?commit=n} or {@code POST revert?from=a&to=b}: undoes logged commits of a store
 * as a new commit, through a session on the store's model, merged with newer commits like any other
 * commit. Optional {@code message} and {@code author}. The answer is the commit (absent when there
 * was nothing left to undo) and what was left as it is because it changed again since.
 */
final class RevertResources {

    private final Api.Stores stores;

    RevertResources(Api.Stores stores) {
        this.stores = stores;
    }

    void addTo(Map<String, Resource> table) {
        table.put("revert", Resource.of(this::revert, ""));
    }

    private void revert(Exchange x) throws IOException {
        x.expect("POST");
        x.expectNoRest();
        long one = x.longParameter("commit", -1);
        boolean ranged = x.parameter("from") != null || x.parameter("to") != null;
        if ((one >= 0) == ranged) {
            throw Problem.badRequest(ranged ? "commit" : "from", "revert needs either 'commit' (one commit's sequence)"
                    + " or 'from' and 'to' (a range), e.g. revert?commit=7 or revert?from=3&to=7");
        }
        long from = ranged ? x.longParameter("from", -1) : one;
        long to = ranged ? x.longParameter("to", -1) : one;
        if (from < 0 || to < 0) {
            throw Problem.badRequest(from < 0 ? "from" : "to", "a range to revert needs both 'from' and 'to'");
        }
        if (from > to) {
            throw Problem.badRequest("from", "'from' (" + from + ") is after 'to' (" + to + "); swap them");
        }
        String message = x.parameter("message") != null ? x.parameter("message")
                : from == to ? "Revert commit " + from : "Revert commits " + from + " to " + to;
        try (Session session = stores.repository(x.storeName(), x.store()).openSession()) {
            if (x.parameter("author") != null) {
                session.setAuthor(x.parameter("author"));
            }
            List<MergeConflict> left = session.revert(from, to);
            ObjectNode o = session.isDirty() ? JsonChanges.commitResult(commit(session, message)) : Json.object();
            o.put("from", from);
            o.put("to", to);
            o.set("left", CommitResources.merge(left));
            x.send(200, o);
        }
    }

    /** The revert's commit; a conflict a merge could not settle is a 409 with base, theirs and mine. */
    private static dev.strata.core.CommitResult commit(Session session, String message) {
        try {
            return session.commit(message);
        } catch (MergeConflictException e) {
            Problem p = new Problem(409, "conflict", e.getMessage() + "; nothing was reverted");
            p.body().set("merge", CommitResources.merge(e.mergeConflicts()));
            throw p;
        }
    }
}
