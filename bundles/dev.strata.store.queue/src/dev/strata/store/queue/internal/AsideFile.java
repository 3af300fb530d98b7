package dev.strata.store.queue.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.wire.Json;
import dev.strata.wire.JsonChanges;

/**
 * The file a stuck commit is set aside to: a JSON array of its change sets as the REST protocol
 * sends them, each with the sequence it was acknowledged as and why the store refused it. Kept apart
 * from the queue's class, which loads without a JSON library (a process that only queues, as the
 * crash test's child does).
 */
final class AsideFile {

    private AsideFile() {
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
