package dev.strata.store.jdbc.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.store.ByteInput;
import dev.strata.core.store.RecordCodec;
import dev.strata.store.jdbc.internal.Catalog.ClassTable;
import dev.strata.store.jdbc.internal.Catalog.Feature;

/**
 * Each object's whole record, kept in {@code strata_object.record} beside the class tables, in
 * the same transaction: reading a tree is then one recursive query instead of a query per class
 * table and side table (UML has 250 classes). The class tables stay the relational form that
 * queries, indexes and SQL users read. A missing or unreadable copy is no error: the object is
 * read from its class table.
 */
final class RecordCopies {

    /** The first byte of a copy; a copy of another format is ignored and read from the tables. */
    private static final int FORMAT = 1;

    private RecordCopies() {
    }

    static byte[] encode(Record r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(r.version());
            out.writeBoolean(r.container() != null);
            if (r.container() != null) {
                RecordCodec.writeId(out, r.container());
            }
            RecordCodec.writeValues(out, r.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return bytes.toByteArray();
    }

    /** The record of a copy, shaped as a read from the class table gives it; null if unreadable. */
    static Record decode(ClassTable t, ObjectId id, byte[] copy) {
        if (copy == null || copy.length == 0 || copy[0] != FORMAT) {
            return null;
        }
        try {
            ByteInput in = new ByteInput(copy);
            in.readByte(); // the format
            long version = in.readLong();
            ObjectId container = in.readBoolean() ? RecordCodec.readId(in) : null;
            return new Record(id, t.type, version, container, shape(t, RecordCodec.readValues(in)));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The values as the class table holds them: every single-valued feature (null when unset, Nil
     * only where unsettable), every list (an unsettable one only when set), the XMI id if any.
     */
    static Map<String, Object> shape(ClassTable t, Map<String, Object> values) {
        Map<String, Object> shaped = new LinkedHashMap<>();
        for (Feature f : t.features.values()) {
            Object v = values.get(f.name());
            if (!f.many()) {
                shaped.put(f.name(), v == Nil.VALUE && !t.unsettableSingles.contains(f.name()) ? null : v);
            } else if (v instanceof List<?> l) {
                shaped.put(f.name(), l);
            } else if (!t.unsettableLists.contains(f.name())) {
                shaped.put(f.name(), new ArrayList<>());
            }
        }
        Object xmiId = values.get(Record.XMI_ID);
        if (xmiId != null) {
            shaped.put(Record.XMI_ID, xmiId);
        }
        return shaped;
    }
}
