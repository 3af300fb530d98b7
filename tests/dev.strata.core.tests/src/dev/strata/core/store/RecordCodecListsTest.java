package dev.strata.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;

/** Lists are written by index; a list that is not random access is written the same. */
class RecordCodecListsTest {

    private static byte[] written(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            RecordCodec.writeValue(out, value);
        }
        return bytes.toByteArray();
    }

    @Test
    void aLinkedListIsWrittenAsAnArrayListIs() throws IOException {
        List<Object> values = new ArrayList<>(List.of("a", 3, "a title long enough to be shared", List.of(1L, 2L)));
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // long enough for a run of ids, where the format has one
            ids.add(ObjectId.random());
        }
        for (List<Object> list : List.of(values, ids)) {
            byte[] array = written(list);
            assertArrayEquals(array, written(new LinkedList<>(list)));
            assertArrayEquals(array, written(java.util.Collections.unmodifiableList(list)));
            Object read = RecordCodec.readValue(new DataInputStream(new java.io.ByteArrayInputStream(array)));
            assertEquals(list, new ArrayList<>((List<?>) read));
        }
    }
}
