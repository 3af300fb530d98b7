package dev.strata.store.queue.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * from the queue so that a queue that never sets anything aside needs no JSON library.
 */
final class AsideFile {

    private AsideFile() {
    }

    /** Writes a new file (never an existing one) and forces it to disk. */
    static void write(Path file, List<QueueJournal.Entry> commits, String why) throws IOException {
        ArrayNode aside = Json.array();
        for (QueueJournal.Entry e : commits) {
            ObjectNode n = JsonChanges.changeSet(e.changes());
            n.put("acknowledgedAs", e.sequence());
            n.put("refused", why);
            aside.add(n);
        }
        ByteBuffer bytes = ByteBuffer.wrap(Json.write(aside, true));
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
    }
}
