package dev.strata.server.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ChangeSet;
import dev.strata.core.Record;
import dev.strata.wire.Json;
import dev.strata.wire.JsonRecords;

/**
 * The commit ids one store was sent through this server, each with a digest of its change set,
 * so that a retry (same id, same change set) is told from an id used again for other changes.
 * Bounded: the oldest ids are forgotten, and for those the store's log answers (see
 * {@link #outline}).
 */
final class CommitIds {

    /** About 100 bytes each: a few MB per store at most. */
    static final int REMEMBERED = 20_000;

    private final LinkedHashMap<UUID, String> digests = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Remembers the digest for the id unless one is remembered; returns the one remembered before, or null. */
    synchronized String claim(UUID id, String digest) {
        return digests.putIfAbsent(id, digest);
    }

    /** Forgets the id, if it is remembered with this digest (its commit did not happen). */
    synchronized void forget(UUID id, String digest) {
        digests.remove(id, digest);
    }

    /**
     * SHA-256 of the canonical change set: id, session, message, created records, changes (new
     * values, containers, expected versions) and deletions (id, type, version). Feature values are
     * taken in name order, so the order a client wrote them in does not matter; old values are
     * left out, as a store acts on none of them.
     */
    static String digest(ChangeSet cs) {
        ObjectNode o = head(cs);
        ArrayNode created = o.putArray("created");
        for (Record r : cs.created()) {
            ObjectNode c = created.addObject();
            c.put("id", r.id().toString());
            c.put("type", JsonRecords.type(r.type()));
            c.put("container", r.container() == null ? null : r.container().toString());
            c.set("values", JsonRecords.values(new TreeMap<>(r.values())));
        }
        ArrayNode changed = o.putArray("changed");
        for (ChangeSet.Change ch : cs.changed()) {
            ObjectNode c = changed.addObject();
            c.put("id", ch.id().toString());
            c.put("type", JsonRecords.type(ch.type()));
            c.put("expectedVersion", ch.expectedVersion());
            c.put("container", ch.container() == null ? null : ch.container().toString());
            c.put("oldContainer", ch.oldContainer() == null ? null : ch.oldContainer().toString());
            c.set("values", JsonRecords.values(new TreeMap<>(ch.newValues())));
        }
        deletions(o, cs);
        return sha256(o);
    }

    /**
     * SHA-256 of what every store's log keeps of a change set: id, session, message and which
     * objects it created, changed and deleted, with their types and versions (a JDBC store's log
     * keeps no values).
     */
    static String outline(ChangeSet cs) {
        ObjectNode o = head(cs);
        ArrayNode created = o.putArray("created");
        cs.created().forEach(r -> created.addObject().put("id", r.id().toString()).put("type", JsonRecords.type(r.type())));
        ArrayNode changed = o.putArray("changed");
        cs.changed().forEach(c -> changed.addObject().put("id", c.id().toString()).put("type", JsonRecords.type(c.type()))
                .put("expectedVersion", c.expectedVersion()));
        deletions(o, cs);
        return sha256(o);
    }

    private static ObjectNode head(ChangeSet cs) {
        ObjectNode o = Json.object();
        o.put("commitId", cs.commitId().toString());
        o.put("session", cs.session());
        o.put("message", cs.message());
        return o;
    }

    private static void deletions(ObjectNode o, ChangeSet cs) {
        ArrayNode deleted = o.putArray("deleted");
        cs.deleted().forEach(d -> deleted.addObject().put("id", d.id().toString())
                .put("type", JsonRecords.type(d.last().type())).put("version", d.expectedVersion()));
    }

    private static String sha256(ObjectNode canonical) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Json.write(canonical)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
