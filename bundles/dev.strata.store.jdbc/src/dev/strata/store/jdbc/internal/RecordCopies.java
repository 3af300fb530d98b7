package dev.strata.store.jdbc.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
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

    /** The first byte of a copy that names each value's feature; still read, no longer written. */
    private static final int NAMED = 1;
    /**
     * The first byte of a copy that places each value by its feature's position in the class
     * table, which only grows at its end: the copy says how many features the table had and a hash
     * of their names, and a reader whose table does not start with those takes the class table.
     */
    private static final int PLACED = 2;
    /** The place of the XMI id in a placed copy, apart from the features' places. */
    private static final int XMI_ID_PLACE = 0xFFFF;

    private RecordCopies() {
    }

    /** The copy of a record shaped as {@link #shape} gives it, for the class table it belongs to. */
    static byte[] encode(ClassTable t, Record r) {
        return new Encoder(t).encode(r.version(), r.container(), r.values());
    }

    /**
     * Copies of records of one class table, its places worked out once: a commit of many new
     * objects encodes them table by table.
     */
    static final class Encoder {

        private final int size;
        private final int namesHash;
        private final Map<String, Integer> place = new HashMap<>();

        Encoder(ClassTable t) {
            List<String> names = new ArrayList<>(t.features.keySet());
            for (int i = 0; i < names.size(); i++) {
                place.put(names.get(i), i);
            }
            size = names.size();
            namesHash = names.hashCode();
        }

        byte[] encode(long version, ObjectId container, Map<String, Object> values) {
            int count = 0;
            for (Map.Entry<String, Object> e : values.entrySet()) {
                if (!place.containsKey(e.getKey()) && !Record.XMI_ID.equals(e.getKey())) {
                    // A value the table has no place for: kept under its name.
                    return named(version, container, values);
                }
                count += e.getValue() == null ? 0 : 1;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(PLACED);
                head(out, version, container);
                out.writeInt(size);
                out.writeInt(namesHash);
                out.writeInt(count);
                for (Map.Entry<String, Object> e : values.entrySet()) {
                    if (e.getValue() != null) { // unset: what a missing place reads as
                        Integer at = place.get(e.getKey());
                        out.writeShort(at == null ? XMI_ID_PLACE : at);
                        RecordCodec.writeValue(out, e.getValue());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e); // in memory: does not happen
            }
            return bytes.toByteArray();
        }
    }

    private static byte[] named(long version, ObjectId container, Map<String, Object> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(NAMED);
            head(out, version, container);
            RecordCodec.writeValues(out, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return bytes.toByteArray();
    }

    private static void head(DataOutputStream out, long version, ObjectId container) throws IOException {
        out.writeLong(version);
        out.writeBoolean(container != null);
        if (container != null) {
            RecordCodec.writeId(out, container);
        }
    }

    /** Sets the record copies of existing objects, each shaped for its class table. */
    static void write(Connection c, Dialect dialect, Catalog catalog, Collection<Record> records) throws SQLException {
        for (List<Record> batch : StoreContext.chunks(new ArrayList<>(records), StoreContext.BATCH)) {
            try (PreparedStatement s = c.prepareStatement("UPDATE strata_object SET record = ? WHERE id = ?")) {
                for (Record r : batch) {
                    s.setBytes(1, encode(catalog.require(r.type()), r));
                    dialect.bindUuid(s, 2, r.id().value());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    /** The record of a copy, shaped as a read from the class table gives it; null if unreadable. */
    static Record decode(ClassTable t, ObjectId id, byte[] copy) {
        return new Reader(t).decode(id, copy);
    }

    /**
     * Decodes the copies of one read: a reader per class, made on first use. The catalog does not
     * change during a read (the schema lock is held), so a reader's layout stays right for it.
     */
    static final class Readers {
        private final Map<ClassTable, Reader> byTable = new HashMap<>();

        Record decode(ClassTable t, ObjectId id, byte[] copy) {
            return byTable.computeIfAbsent(t, Reader::new).decode(id, copy);
        }
    }

    /**
     * Decodes copies of one class straight into the class table's shape (what {@link #shape} gives),
     * each value put at its feature's place in an array: no map per record. Unsettable lists that
     * are not set and the XMI id are the optional places; a record has a layout per set of them.
     */
    private static final class Reader {
        private final ClassTable t;
        private final String[] names;
        private final Map<String, Integer> at = new HashMap<>();
        private final boolean[] many;
        private final boolean[] keepsNil;
        private final boolean[] optional;
        private final Map<BitSet, Record.Layout> layouts = new HashMap<>();
        private int hashedFeatures = -1;
        private int prefix;

        Reader(ClassTable t) {
            this.t = t;
            int n = t.features.size() + 1;
            names = new String[n];
            many = new boolean[n];
            keepsNil = new boolean[n];
            optional = new boolean[n];
            int i = 0;
            for (Feature f : t.features.values()) {
                names[i] = f.name();
                many[i] = f.many();
                keepsNil[i] = t.unsettableSingles.contains(f.name());
                optional[i] = f.many() && t.unsettableLists.contains(f.name());
                at.put(f.name(), i++);
            }
            names[i] = Record.XMI_ID;
            optional[i] = true;
            at.put(Record.XMI_ID, i);
        }

        Record decode(ObjectId id, byte[] copy) {
            if (copy == null || copy.length == 0 || (copy[0] != NAMED && copy[0] != PLACED)) {
                return null;
            }
            try {
                ByteInput in = new ByteInput(copy);
                boolean placed = in.readByte() == PLACED;
                long version = in.readLong();
                ObjectId container = in.readBoolean() ? RecordCodec.readId(in) : null;
                Object[] slots = new Object[names.length];
                if (placed ? !readPlaced(in, slots) : !readNamed(in, slots)) {
                    return null;
                }
                BitSet absent = new BitSet();
                for (int i = 0; i < slots.length; i++) {
                    Object v = slots[i];
                    if (i == slots.length - 1) {
                        if (!(v instanceof String)) {
                            absent.set(i);
                        }
                    } else if (!many[i]) {
                        if (v == Nil.VALUE && !keepsNil[i]) {
                            slots[i] = null;
                        }
                    } else if (!(v instanceof List<?>)) {
                        if (optional[i]) {
                            absent.set(i);
                        } else {
                            slots[i] = new ArrayList<>(0);
                        }
                    }
                }
                Record.Layout layout = layouts.computeIfAbsent(absent, this::layout);
                Object[] values = absent.isEmpty() ? slots : new Object[layout.size()];
                if (values != slots) {
                    for (int i = 0, j = 0; i < slots.length; i++) {
                        if (!absent.get(i)) {
                            values[j++] = slots[i];
                        }
                    }
                }
                return layout.record(id, t.type, version, container, values);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** Values by place; false if the copy's table does not begin as this one does. */
        private boolean readPlaced(ByteInput in, Object[] slots) throws IOException {
            int features = in.readInt();
            int hash = in.readInt();
            if (features < 0 || features > names.length - 1 || hash != prefixHash(features)) {
                return false;
            }
            int count = in.readInt();
            for (int k = 0; k < count; k++) {
                int at = in.readUnsignedShort();
                if (at == XMI_ID_PLACE) {
                    at = names.length - 1;
                } else if (at >= features) {
                    return false;
                }
                slots[at] = RecordCodec.readValue(in);
            }
            return true;
        }

        /** The hash a copy written when the table had its first n features gives them. */
        private int prefixHash(int n) {
            if (n != hashedFeatures) {
                prefix = Arrays.asList(names).subList(0, n).hashCode();
                hashedFeatures = n;
            }
            return prefix;
        }

        /** Values by feature name; false if the copy is damaged. */
        private boolean readNamed(ByteInput in, Object[] slots) throws IOException {
            int count = in.readInt();
            if (count < 0) {
                return false;
            }
            for (int k = 0; k < count; k++) {
                Integer found = at.get(RecordCodec.readString(in));
                Object v = RecordCodec.readValue(in);
                if (found != null) { // a feature since dropped from the class is not read
                    slots[found] = v;
                }
            }
            return true;
        }

        private Record.Layout layout(BitSet absent) {
            List<String> present = new ArrayList<>(names.length);
            for (int i = 0; i < names.length; i++) {
                if (!absent.get(i)) {
                    present.add(names[i]);
                }
            }
            return Record.Layout.of(present);
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
