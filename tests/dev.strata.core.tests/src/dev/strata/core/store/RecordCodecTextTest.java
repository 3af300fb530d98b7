package dev.strata.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;

/**
 * A frame's string dictionary: short text values are written out and not referred back to, yet
 * they keep the codes of the strings after them in step with the reader, whichever order names,
 * short values and long values come in.
 */
class RecordCodecTextTest {

    private static ChangeSet roundTrip(ChangeSet cs) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            RecordCodec.inFrame(() -> {
                RecordCodec.writeChangeSet(out, cs);
                return null;
            });
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        return RecordCodec.inFrame(() -> RecordCodec.readChangeSet(in));
    }

    @Test
    void shortValuesEqualToNamesAndRepeatedValuesReadBackInPlace() throws IOException {
        TypeRef task = new TypeRef("http://example.org/text", "Task");
        String longValue = "a value long enough to be shared by the frame";
        List<Record> created = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            // A value equal to a feature's name, before and after that name is first written;
            // a class name as a value; short values repeated; long values repeated.
            values.put("note", i % 2 == 0 ? "title" : "Task");
            values.put("title", "T" + (i % 3));
            values.put("status", i % 5 == 0 ? longValue : "open");
            values.put("tags", List.of("title", "note", longValue, "x" + i));
            created.add(new Record(ObjectId.random(), task, 0, null, values));
        }
        ChangeSet cs = new ChangeSet(UUID.randomUUID(), "session", "title", created, List.of(), List.of());
        ChangeSet read = roundTrip(cs);
        assertEquals(created.size(), read.created().size());
        for (int i = 0; i < created.size(); i++) {
            assertEquals(created.get(i).values(), read.created().get(i).values(), "record " + i);
            assertEquals(created.get(i).type(), read.created().get(i).type(), "record " + i);
        }
        assertEquals("title", read.message());
        assertTrue(read.created().get(4).values().get("tags") instanceof List<?>);
    }
}
