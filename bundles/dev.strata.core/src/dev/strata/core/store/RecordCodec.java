package dev.strata.core.store;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.strata.core.ChangeSet;
import dev.strata.core.ExternalRef;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.UriRef;
import dev.strata.core.Migration;
import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.internal.IdList;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;

/**
 * The binary form of records and change sets: the file store's journals and binary snapshots,
 * and the JDBC store's copy of each record. Values carry a one-byte tag; strings are modified
 * UTF-8 in chunks so that long texts fit. No recursion over the model: references are ids, so
 * deep or cyclic models cannot overflow the stack. Inside {@link #inFrame} repeated strings are
 * written once per frame.
 */
public final class RecordCodec {

    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int BOOLEAN = 2;
    private static final int INT = 3;
    private static final int LONG = 4;
    private static final int SHORT = 5;
    private static final int BYTE = 6;
    private static final int CHAR = 7;
    private static final int FLOAT = 8;
    private static final int DOUBLE = 9;
    private static final int BIG_INTEGER = 10;
    private static final int BIG_DECIMAL = 11;
    private static final int DATE = 12;
    private static final int BYTES = 13;
    private static final int ID = 14;
    private static final int EXTERNAL = 15;
    private static final int LIST = 16;
    private static final int URI_REF = 17;
    private static final int FEATURE_ENTRY = 18;
    private static final int NIL = 19;
    /** A list of ids only, as a count and then the ids' bytes (binary snapshots, see withDictionary). */
    private static final int ID_RUN = 20;

    private RecordCodec() {
    }

    /**
     * Strings repeated within one frame (namespace URIs, class and feature names, common values)
     * are written once and then referred to by number, which makes frames several times smaller.
     */
    private static final class Dictionary {
        final java.util.HashMap<String, Integer> codes = new java.util.HashMap<>();
        final List<String> strings = new ArrayList<>();
        /** A dictionary given up front: strings not in it are written out and not added. */
        final boolean fixed;

        Dictionary() {
            this(false);
        }

        Dictionary(boolean fixed) {
            this.fixed = fixed;
        }
    }

    private static final ThreadLocal<Dictionary> DICTIONARY = new ThreadLocal<>();

    /** Work that reads or writes one frame. */
    public interface FrameWork<T> {
        T run() throws IOException;
    }

    /** Runs the encoding or decoding of one frame with its own string dictionary. */
    public static <T> T inFrame(FrameWork<T> work) throws IOException {
        Dictionary outer = DICTIONARY.get();
        DICTIONARY.set(new Dictionary());
        try {
            return work.run();
        } finally {
            DICTIONARY.set(outer);
        }
    }

    /**
     * Runs the encoding or decoding of records with a dictionary given up front (the strings a
     * batch repeats, written before it): each record then decodes on its own, without the records
     * before it, as long as the same dictionary is given. Lists of 64 ids or more are written as
     * runs of ids (read back in bulk): the indexed binary snapshot format from its version 4.
     *
     * @since 0.7
     */
    public static <T> T withDictionary(List<String> strings, FrameWork<T> work) throws IOException {
        Dictionary dict = new Dictionary(true);
        for (String s : strings) {
            dict.codes.putIfAbsent(s, dict.strings.size());
            dict.strings.add(s);
        }
        Dictionary outer = DICTIONARY.get();
        DICTIONARY.set(dict);
        try {
            return work.run();
        } finally {
            DICTIONARY.set(outer);
        }
    }

    /**
     * The short strings the records write more than once (class and feature names, references'
     * URIs, text values of some length), in the order first written: a dictionary for
     * {@link #withDictionary}.
     *
     * @since 0.7
     */
    public static List<String> repeatedStrings(List<Record> records) throws IOException {
        return RepeatedStrings.in(records);
    }

    /**
     * Below this length a text value is not worth a dictionary entry: a reference takes 5 bytes, the
     * text itself 3 more than its length, and counting every short value (a title per record) cost a
     * snapshot more time than the bytes it saved.
     */
    static final int MIN_SHARED_VALUE = 16;

    /** The longest string a frame's dictionary takes. */
    static final int MAX_SHARED = 256;

    public static void writeString(DataOutput out, String s) throws IOException {
        Dictionary dict = DICTIONARY.get();
        if (dict != null && s.length() <= MAX_SHARED) {
            Integer code = dict.codes.get(s);
            if (code != null) {
                out.writeByte(2);
                out.writeInt(code);
                return;
            }
            if (!dict.fixed) {
                dict.codes.put(s, dict.strings.size());
                dict.strings.add(s);
            }
        }
        // writeUTF is limited to 64 KB; long strings go as char arrays.
        if (s.length() < 16_000) {
            out.writeByte(0);
            out.writeUTF(s);
        } else {
            out.writeByte(1);
            out.writeInt(s.length());
            out.writeChars(s);
        }
    }

    /**
     * A text value. One shorter than {@link #MIN_SHARED_VALUE} (a title, a name) is seldom repeated,
     * so a frame's own dictionary neither looks it up nor keeps it to look up: in a commit of a
     * million new objects, two hash operations per record for nothing. It still takes the next code,
     * as a reader adds every short string it reads to the frame's dictionary: the bytes are read
     * exactly as before.
     */
    private static void writeText(DataOutput out, String s) throws IOException {
        Dictionary dict = DICTIONARY.get();
        if (dict == null || dict.fixed || s.length() >= MIN_SHARED_VALUE) {
            writeString(out, s);
            return;
        }
        dict.strings.add(s);
        out.writeByte(0);
        out.writeUTF(s);
    }

    public static String readString(DataInput in) throws IOException {
        int kind = in.readByte();
        Dictionary dict = DICTIONARY.get();
        if (kind == 2) {
            int code = in.readInt();
            if (dict == null || code < 0 || code >= dict.strings.size()) {
                throw new IOException("unknown string reference " + code);
            }
            return dict.strings.get(code);
        }
        String s;
        if (kind == 0) {
            s = in.readUTF();
        } else if (kind == 1) {
            int n = checkedLength(in.readInt());
            char[] chars = new char[n];
            for (int i = 0; i < n; i++) {
                chars[i] = in.readChar();
            }
            s = new String(chars);
        } else {
            throw new IOException("unknown string kind " + kind);
        }
        if (dict != null && !dict.fixed && s.length() <= MAX_SHARED) {
            dict.strings.add(s);
        }
        return s;
    }

    public static void writeId(DataOutput out, ObjectId id) throws IOException {
        out.writeLong(id.value().getMostSignificantBits());
        out.writeLong(id.value().getLeastSignificantBits());
    }

    public static ObjectId readId(DataInput in) throws IOException {
        return new ObjectId(new UUID(in.readLong(), in.readLong()));
    }

    public static void writeValue(DataOutput out, Object v) throws IOException {
        switch (v) {
            case null -> out.writeByte(NULL);
            case String s -> {
                out.writeByte(STRING);
                writeText(out, s);
            }
            case Boolean b -> {
                out.writeByte(BOOLEAN);
                out.writeBoolean(b);
            }
            case Integer i -> {
                out.writeByte(INT);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case Short s -> {
                out.writeByte(SHORT);
                out.writeShort(s);
            }
            case Byte b -> {
                out.writeByte(BYTE);
                out.writeByte(b);
            }
            case Character c -> {
                out.writeByte(CHAR);
                out.writeChar(c);
            }
            case Float f -> {
                out.writeByte(FLOAT);
                out.writeFloat(f);
            }
            case Double d -> {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            }
            case BigInteger b -> {
                out.writeByte(BIG_INTEGER);
                byte[] bytes = b.toByteArray();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            case BigDecimal b -> {
                out.writeByte(BIG_DECIMAL);
                writeString(out, b.toString());
            }
            case Date d -> {
                out.writeByte(DATE);
                out.writeLong(d.getTime());
            }
            case byte[] bytes -> {
                out.writeByte(BYTES);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            case ObjectId id -> {
                out.writeByte(ID);
                writeId(out, id);
            }
            case ExternalRef ref -> {
                out.writeByte(EXTERNAL);
                writeString(out, ref.store());
                writeId(out, ref.id());
            }
            case UriRef ref -> {
                out.writeByte(URI_REF);
                writeString(out, ref.uri());
                writeString(out, ref.type().nsUri());
                writeString(out, ref.type().name());
            }
            case Nil nil -> out.writeByte(NIL);
            case FeatureMapEntry entry -> {
                out.writeByte(FEATURE_ENTRY);
                writeString(out, entry.feature());
                writeValue(out, entry.value());
            }
            case List<?> list when list.size() >= ID_LIST && idRuns() && idsOnly(list) -> {
                out.writeByte(ID_RUN);
                List<?> l = indexed(list);
                out.writeInt(l.size());
                for (int i = 0, n = l.size(); i < n; i++) {
                    writeId(out, (ObjectId) l.get(i));
                }
            }
            case List<?> list -> {
                out.writeByte(LIST);
                List<?> l = indexed(list);
                out.writeInt(l.size());
                for (int i = 0, n = l.size(); i < n; i++) {
                    writeValue(out, l.get(i));
                }
            }
            default -> throw new StoreException("The file store cannot persist a value of type "
                    + v.getClass().getName() + " (" + v + ")");
        }
    }

    public static Object readValue(DataInput in) throws IOException {
        return readValue(in.readByte(), in);
    }

    private static Object readValue(int tag, DataInput in) throws IOException {
        return switch (tag) {
            case NULL -> null;
            case STRING -> readString(in);
            case BOOLEAN -> in.readBoolean();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case SHORT -> in.readShort();
            case BYTE -> in.readByte();
            case CHAR -> in.readChar();
            case FLOAT -> in.readFloat();
            case DOUBLE -> in.readDouble();
            case BIG_INTEGER -> {
                byte[] b = new byte[checkedLength(in.readInt())];
                in.readFully(b);
                yield new BigInteger(b);
            }
            case BIG_DECIMAL -> new BigDecimal(readString(in));
            case DATE -> new Date(in.readLong());
            case BYTES -> {
                byte[] b = new byte[checkedLength(in.readInt())];
                in.readFully(b);
                yield b;
            }
            case ID -> readId(in);
            case EXTERNAL -> new ExternalRef(readString(in), readId(in));
            case URI_REF -> new UriRef(readString(in), new TypeRef(readString(in), readString(in)));
            case FEATURE_ENTRY -> new FeatureMapEntry(readString(in), readValue(in));
            case NIL -> Nil.VALUE;
            case LIST -> readList(in, checkedLength(in.readInt()));
            case ID_RUN -> readIdRun(in, checkedLength(in.readInt()));
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    /** Long lists of ids only come back as an {@link IdList} (two longs an id, no object per id). */
    private static final int ID_LIST = 64;

    private static List<Object> readList(DataInput in, int n) throws IOException {
        List<Object> list = new ArrayList<>(Math.min(n, 1 << 16));
        if (n < ID_LIST) {
            for (int i = 0; i < n; i++) {
                list.add(readValue(in));
            }
            return list;
        }
        long[] bits = new long[2 * n];
        for (int i = 0; i < n; i++) {
            int tag = in.readByte();
            if (tag != ID) {
                // Not ids only: the ids read so far, then the rest as any list.
                for (int j = 0; j < i; j++) {
                    list.add(new ObjectId(new UUID(bits[2 * j], bits[2 * j + 1])));
                }
                list.add(readValue(tag, in));
                for (int j = i + 1; j < n; j++) {
                    list.add(readValue(in));
                }
                return list;
            }
            bits[2 * i] = in.readLong();
            bits[2 * i + 1] = in.readLong();
        }
        @SuppressWarnings("unchecked")
        List<Object> ids = (List<Object>) (List<?>) new IdList(bits);
        return ids;
    }

    /** Inside {@link #withDictionary} (the binary snapshot format) long lists of ids are written as runs. */
    private static boolean idRuns() {
        Dictionary dict = DICTIONARY.get();
        return dict != null && dict.fixed;
    }

    /**
     * The list to walk by index. Records' lists are random access; walking them by index spares an
     * iterator (two, for an unmodifiable view) per list, millions in a large commit.
     */
    static List<?> indexed(List<?> list) {
        return list instanceof java.util.RandomAccess ? list : new ArrayList<>(list);
    }

    private static boolean idsOnly(List<?> list) {
        if (list instanceof IdList) {
            return true;
        }
        for (Object o : list) {
            if (!(o instanceof ObjectId)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A run of ids: read from a buffer, a view of its bytes (a mapped snapshot's ids stay in the
     * file); else copied in chunks and turned into longs in bulk, no call per id.
     */
    private static List<Object> readIdRun(DataInput in, int n) throws IOException {
        if (n > (Integer.MAX_VALUE - 16) / 16) {
            throw new IOException("implausible run of " + n + " ids");
        }
        if (in instanceof BufferInput b) {
            @SuppressWarnings("unchecked")
            List<Object> view = (List<Object>) (List<?>) IdList.over(b.slice(16 * n));
            return view;
        }
        long[] bits = new long[2 * n];
        byte[] chunk = new byte[16 * Math.min(n, 4096)];
        java.nio.LongBuffer longs = java.nio.ByteBuffer.wrap(chunk).asLongBuffer(); // big-endian, as writeLong wrote them
        for (int at = 0; at < bits.length;) {
            int k = Math.min(bits.length - at, chunk.length / 8);
            in.readFully(chunk, 0, 8 * k);
            longs.get(0, bits, at, k);
            at += k;
        }
        @SuppressWarnings("unchecked")
        List<Object> ids = (List<Object>) (List<?>) new IdList(bits);
        return ids;
    }

    private static int checkedLength(int n) throws IOException {
        if (n < 0 || n > (1 << 28)) {
            throw new IOException("implausible length " + n);
        }
        return n;
    }

    public static void writeType(DataOutput out, TypeRef type) throws IOException {
        writeString(out, type.nsUri());
        writeString(out, type.name());
    }

    public static TypeRef readType(DataInput in) throws IOException {
        return new TypeRef(readString(in), readString(in));
    }

    public static void writeValues(DataOutput out, Map<String, Object> values) throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            writeString(out, e.getKey());
            writeValue(out, e.getValue());
        }
    }

    public static Map<String, Object> readValues(DataInput in) throws IOException {
        int n = checkedLength(in.readInt());
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            values.put(readString(in), readValue(in));
        }
        return values;
    }

    public static void writeRecord(DataOutput out, Record r) throws IOException {
        writeId(out, r.id());
        writeType(out, r.type());
        out.writeLong(r.version());
        writeNullableId(out, r.container());
        writeValues(out, r.values());
    }

    public static Record readRecord(DataInput in) throws IOException {
        ObjectId id = readId(in);
        TypeRef type = readType(in);
        long version = in.readLong();
        ObjectId container = readNullableId(in);
        return new Record(id, type, version, container, readValues(in));
    }

    private static void writeNullableId(DataOutput out, ObjectId id) throws IOException {
        out.writeBoolean(id != null);
        if (id != null) {
            writeId(out, id);
        }
    }

    private static ObjectId readNullableId(DataInput in) throws IOException {
        return in.readBoolean() ? readId(in) : null;
    }

    /** A commit as the journal keeps it: forward changes only (what replay needs). */
    public static void writeChangeSet(DataOutput out, ChangeSet cs) throws IOException {
        out.writeLong(cs.commitId().getMostSignificantBits());
        out.writeLong(cs.commitId().getLeastSignificantBits());
        writeString(out, cs.session());
        writeString(out, cs.message());
        out.writeInt(cs.created().size());
        for (Record r : cs.created()) {
            writeRecord(out, r);
        }
        out.writeInt(cs.changed().size());
        for (ChangeSet.Change c : cs.changed()) {
            writeId(out, c.id());
            writeType(out, c.type());
            out.writeLong(c.expectedVersion());
            writeNullableId(out, c.container());
            writeNullableId(out, c.oldContainer());
            writeValues(out, c.newValues());
        }
        out.writeInt(cs.deleted().size());
        for (ChangeSet.Deletion d : cs.deleted()) {
            writeId(out, d.id());
            writeType(out, d.last().type());
            out.writeLong(d.expectedVersion());
        }
    }

    public static ChangeSet readChangeSet(DataInput in) throws IOException {
        UUID commitId = new UUID(in.readLong(), in.readLong());
        String session = readString(in);
        String message = readString(in);
        int n = checkedLength(in.readInt());
        List<Record> created = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            created.add(readRecord(in));
        }
        n = checkedLength(in.readInt());
        List<ChangeSet.Change> changed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ObjectId id = readId(in);
            TypeRef type = readType(in);
            long expected = in.readLong();
            ObjectId container = readNullableId(in);
            ObjectId oldContainer = readNullableId(in);
            changed.add(new ChangeSet.Change(id, type, expected, container, oldContainer, readValues(in), Map.of()));
        }
        n = checkedLength(in.readInt());
        List<ChangeSet.Deletion> deleted = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ObjectId id = readId(in);
            TypeRef type = readType(in);
            deleted.add(new ChangeSet.Deletion(new Record(id, type, in.readLong(), Map.of())));
        }
        return new ChangeSet(commitId, session, message, created, changed, deleted);
    }

    /**
     * Writes a change set with its values before the commit too: what {@link #writeChangeSet}
     * writes, then each change's old values and each deleted record as it was. A past state can be
     * rebuilt from change sets written so.
     *
     * @since 0.5
     */
    public static void writeChangeSetWithBefore(DataOutput out, ChangeSet cs) throws IOException {
        writeChangeSet(out, cs);
        for (ChangeSet.Change c : cs.changed()) {
            writeValues(out, c.oldValues());
        }
        for (ChangeSet.Deletion d : cs.deleted()) {
            writeRecord(out, d.last());
        }
    }

    /**
     * Reads a change set {@link #writeChangeSetWithBefore} wrote, old values and deleted records
     * included.
     *
     * @since 0.5
     */
    public static ChangeSet readChangeSetWithBefore(DataInput in) throws IOException {
        ChangeSet cs = readChangeSet(in);
        List<ChangeSet.Change> changed = new ArrayList<>(cs.changed().size());
        for (ChangeSet.Change c : cs.changed()) {
            changed.add(new ChangeSet.Change(c.id(), c.type(), c.expectedVersion(), c.container(), c.oldContainer(),
                    c.newValues(), readValues(in)));
        }
        List<ChangeSet.Deletion> deleted = new ArrayList<>(cs.deleted().size());
        for (int i = 0; i < cs.deleted().size(); i++) {
            deleted.add(new ChangeSet.Deletion(readRecord(in)));
        }
        return new ChangeSet(cs.commitId(), cs.session(), cs.message(), cs.created(), changed, deleted, cs.author());
    }

    public static void writeMigration(DataOutput out, Migration m) throws IOException {
        writeString(out, m.nsUri());
        out.writeInt(m.fromVersion());
        out.writeInt(m.toVersion());
        out.writeInt(m.steps().size());
        for (Migration.Step step : m.steps()) {
            switch (step) {
                case Migration.AddFeature a -> {
                    out.writeByte(0);
                    writeString(out, a.className());
                    writeString(out, a.feature());
                    writeValue(out, a.defaultValue());
                }
                case Migration.RenameFeature r -> {
                    out.writeByte(1);
                    writeString(out, r.className());
                    writeString(out, r.from());
                    writeString(out, r.to());
                }
                case Migration.RemoveFeature r -> {
                    out.writeByte(2);
                    writeString(out, r.className());
                    writeString(out, r.feature());
                }
                case Migration.RenameClass r -> {
                    out.writeByte(3);
                    writeString(out, r.from());
                    writeString(out, r.to());
                }
            }
        }
    }

    public static Migration readMigration(DataInput in) throws IOException {
        Migration.Builder b = Migration.of(readString(in), in.readInt(), in.readInt());
        int n = checkedLength(in.readInt());
        for (int i = 0; i < n; i++) {
            int kind = in.readByte();
            switch (kind) {
                case 0 -> b.addFeature(readString(in), readString(in), readValue(in));
                case 1 -> b.renameFeature(readString(in), readString(in), readString(in));
                case 2 -> b.removeFeature(readString(in), readString(in));
                case 3 -> b.renameClass(readString(in), readString(in));
                default -> throw new IOException("unknown migration step " + kind);
            }
        }
        return b.build();
    }
}
