package dev.strata.store.queue.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.ChangeSet;
import dev.strata.core.ObjectId;
import dev.strata.core.store.LockTable;
import dev.strata.wire.Json;
import dev.strata.wire.JsonChanges;

/**
 * What setting a stuck commit aside takes out of the queue, and the file it goes to: a JSON array of
 * the change sets as the REST protocol sends them, each with the sequence it was acknowledged as and
 * why the store refused the first. Kept apart from the queue's class, which loads without a JSON
 * library (a process that only queues, as the crash test's child does).
 */
final class SetAside {

    /** The groups taken out, their commits in queue order, and every object they touch. */
    record Chosen(List<Group> groups, List<QueueJournal.Entry> commits, Set<ObjectId> touched) {
    }

    private SetAside() {
    }

    /**
     * The refused head group and each later group touching an object an earlier chosen one
     * touches: made on top of it, they would overwrite the other writer's change it was refused for.
     */
    static Chosen choose(Collection<Group> queue, Group head) {
        List<Group> groups = new ArrayList<>();
        List<QueueJournal.Entry> commits = new ArrayList<>();
        Set<ObjectId> touched = new HashSet<>();
        for (Group g : queue) {
            if (g == head || g.members.stream().anyMatch(e -> touches(e.changes(), touched))) {
                groups.add(g);
                commits.addAll(g.members);
                g.members.forEach(e -> touched.addAll(LockTable.touched(e.changes())));
            }
        }
        return new Chosen(groups, commits, touched);
    }

    private static boolean touches(ChangeSet cs, Set<ObjectId> ids) {
        return cs.created().stream().anyMatch(r -> ids.contains(r.id()) || ids.contains(r.container()))
                || cs.changed().stream().anyMatch(c -> ids.contains(c.id()) || ids.contains(c.container()))
                || cs.deleted().stream().anyMatch(d -> ids.contains(d.id()));
    }

    /**
     * Writes a new file (never an existing one) and forces it, and its folder's entry for it, to
     * disk; a file that could not be written whole is removed again.
     */
    static void write(Path file, List<QueueJournal.Entry> commits, String why) throws IOException {
        ArrayNode aside = Json.array();
        for (QueueJournal.Entry e : commits) {
            ObjectNode n = JsonChanges.changeSet(e.changes());
            n.put("acknowledgedAs", e.sequence());
            n.put("refused", why);
            aside.add(n);
        }
        ByteBuffer bytes = ByteBuffer.wrap(Json.write(aside, true));
        FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (out) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            delete(file);
            throw e;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // Some file systems cannot force a folder; the file itself is on disk.
            }
        }
    }

    /** Removes a file this wrote, if it can. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the user: the message names the file
        }
    }
}
