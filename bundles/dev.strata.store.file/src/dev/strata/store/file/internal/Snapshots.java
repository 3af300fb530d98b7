package dev.strata.store.file.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;

import dev.strata.core.ObjectId;
import dev.strata.core.Progress;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.UriRef;
import dev.strata.core.Values;
import dev.strata.core.store.ByteInput;
import dev.strata.core.store.RecordCodec;
import dev.strata.store.file.FileStoreOptions.Format;

/**
 * Snapshots: the whole store at one commit sequence. XMI snapshots are standard XMI that plain
 * EMF loads (object ids as xmi:id), with a small checksummed side file for what XMI cannot say
 * (versions, model versions, migrations). Binary snapshots are Strata's own framed record format.
 * Binary snapshots carry an index by id, so that the store opens without decoding them and
 * decodes a record when it is asked for ({@link SnapshotRecords}). An XMI or JSON snapshot is
 * written with a binary twin of the same records ({@code snapshot-G.records}): the XMI is what
 * other tools read, the twin is what the store opens lazily (an XMI file has no index to read one
 * object from); without its twin an XMI snapshot is read whole. All are written to a temporary
 * file, forced and renamed into place. The side file is {@link SnapshotMeta}; records become EMF
 * objects and back in {@link EmfSnapshots}.
 */
final class Snapshots {

    private static final System.Logger LOG = System.getLogger(Snapshots.class.getName());

    static final int BATCH = 1000;
    /** Version 2 adds the store's identity; version 1 snapshots are still read. */
    static final int SNAPSHOT_VERSION = 2;
    /**
     * The binary data file's version from which records are indexed by id and decode one by one
     * ({@link SnapshotRecords}); binary snapshots of versions 1 and 2 are still read, whole.
     */
    static final int INDEXED_VERSION = 3;
    /**
     * The binary data file's version written now: 4 writes long lists of ids as runs (see
     * {@link RecordCodec#withDictionary}); versions 1 to 3 are still read.
     */
    static final int BINARY_VERSION = 4;

    /** Refuses a binary snapshot of a format newer than this version of Strata reads. */
    static void checkReadable(Path file, int version) {
        if (version > BINARY_VERSION) {
            throw new dev.strata.core.StoreException("Snapshot " + file + " has format version " + version
                    + ", written by a newer Strata; this one reads versions up to " + BINARY_VERSION
                    + ". Open the store with that newer version");
        }
    }

    /** A snapshot's content. */
    record Content(List<Record> records, long sequence, Map<String, Integer> modelVersions, List<String> migrations,
            List<dev.strata.core.CommitResult> recentCommits) {
        Content(List<Record> records, long sequence, Map<String, Integer> modelVersions, List<String> migrations) {
            this(records, sequence, modelVersions, migrations, List.of());
        }
    }

    private Snapshots() {
    }

    static Path dataFile(Path dir, long generation, Format format) {
        return dir.resolve("snapshot-" + generation + "." + format.extension());
    }

    static Path metaFile(Path dir, long generation) {
        return dir.resolve("snapshot-" + generation + ".meta");
    }

    /** The binary twin of an XMI or JSON snapshot: the same records, indexed, for a lazy open. */
    static Path twinFile(Path dir, long generation) {
        return dir.resolve("snapshot-" + generation + ".records");
    }

    // ------------------------------------------------------------------ writing

    static void write(Path dir, long generation, Format format, String storeName, java.util.UUID store,
            Content content, Progress progress) throws IOException {
        Path data = dataFile(dir, generation, format);
        Path tmp = dir.resolve(data.getFileName() + ".tmp");
        Map<ObjectId, Long> versions;
        Map<ObjectId, String> xmiIds = new HashMap<>();
        long checksum;
        Path twinTmp = null;
        long twinChecksum = 0;
        switch (format) {
            case BINARY -> {
                checksum = writeBinary(tmp, content, progress);
                versions = Map.of();
            }
            case XMI, JSON -> {
                checksum = EmfSnapshots.write(tmp, format, storeName, content.records(), progress);
                versions = new HashMap<>();
                for (Record r : content.records()) {
                    versions.put(r.id(), r.version());
                    if (r.xmiId() != null) {
                        xmiIds.put(r.id(), r.xmiId());
                    }
                }
                twinTmp = dir.resolve(twinFile(dir, generation).getFileName() + ".tmp");
                twinChecksum = writeBinary(twinTmp, content, progress);
                String problem = checkIndexed(twinTmp, generation, Files.size(twinTmp), twinChecksum,
                        content.records().size());
                if (problem != null) {
                    throw new StoreException("The binary twin of snapshot " + data.getFileName()
                            + " does not read back as written: " + problem);
                }
                force(twinTmp);
            }
            default -> throw new StoreException("Unsupported snapshot format " + format);
        }
        force(tmp);
        Path metaTmp = dir.resolve(metaFile(dir, generation).getFileName() + ".tmp");
        // The description names the twin too (checksum and size): no other file passes for it.
        SnapshotMeta.write(metaTmp, store, content, versions, xmiIds, checksum, Files.size(tmp), twinChecksum,
                twinTmp == null ? -1 : Files.size(twinTmp));
        force(metaTmp);
        Files.move(metaTmp, metaFile(dir, generation), StandardCopyOption.ATOMIC_MOVE);
        if (twinTmp != null) {
            Files.move(twinTmp, twinFile(dir, generation), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
    }

    /** Removes a snapshot's files (one that failed its check), and what a failed write left. */
    static void delete(Path dir, long generation, Format format) throws IOException {
        for (Path p : List.of(dataFile(dir, generation, format), twinFile(dir, generation), metaFile(dir, generation))) {
            Files.deleteIfExists(p);
            Files.deleteIfExists(p.resolveSibling(p.getFileName() + ".tmp"));
        }
    }

    /**
     * The first difference between the records a snapshot was written from and those read back from
     * it, or null if they are the same. An absent value and the unset form of a feature (null, an
     * empty list, a plain attribute's default) are the same.
     */
    static String difference(List<Record> written, List<Record> read) {
        if (written.size() != read.size()) {
            return read.size() + " objects read back, " + written.size() + " written";
        }
        Map<ObjectId, Record> byId = new HashMap<>(read.size() * 2);
        for (Record r : read) {
            byId.put(r.id(), r);
        }
        for (Record w : written) {
            Record r = byId.get(w.id());
            if (r == null) {
                return "object " + w.id() + " is missing";
            }
            if (!w.type().equals(r.type()) || w.version() != r.version()
                    || !java.util.Objects.equals(w.container(), r.container())) {
                return "object " + w.id() + " reads back as " + r.type().name() + " v" + r.version() + " in "
                        + r.container();
            }
            java.util.Set<String> names = new java.util.HashSet<>(w.values().keySet());
            names.addAll(r.values().keySet());
            EClass eClass = eClassOrNull(w.type());
            for (String n : names) {
                EStructuralFeature f = eClass == null ? null : eClass.getEStructuralFeature(n);
                Object a = normal(f, w.value(n));
                Object b = normal(f, r.value(n));
                if (!Values.deepEquals(a, b)) {
                    return w.type().name() + "." + n + " of " + w.id() + " reads back as '" + shorten(b)
                            + "' instead of '" + shorten(a) + "'";
                }
            }
        }
        return null;
    }

    private static Object normal(EStructuralFeature f, Object v) {
        // The class kept with a URI reference is a hint for making its proxy; XMI keeps it only where
        // EMF needs it (an abstract reference type), so the URI alone is compared.
        if (v instanceof UriRef u) {
            return u.uri();
        }
        if (v instanceof List<?> l && l.stream().anyMatch(UriRef.class::isInstance)) {
            return l.stream().map(x -> x instanceof UriRef u ? u.uri() : x).toList();
        }
        if (v instanceof List<?> l && l.isEmpty() && (f == null || !f.isUnsettable())) {
            return null; // for an unsettable list, empty (set) and null (unset) differ
        }
        if (v == null && f instanceof EAttribute a && !a.isMany() && !a.isUnsettable()) {
            return Values.toRecord(a, a.getDefaultValue());
        }
        return v;
    }

    private static String shorten(Object v) {
        String s = String.valueOf(v instanceof byte[] ? "<bytes>" : v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static EClass eClassOrNull(TypeRef type) {
        EPackage p = EPackage.Registry.INSTANCE.getEPackage(type.nsUri());
        return p != null && p.getEClassifier(type.name()) instanceof EClass c ? c : null;
    }

    static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open directories for sync; the rename itself is still atomic.
        }
    }

    static void writeFrames(OutputStream out, ByteBuffer frame) throws IOException {
        out.write(frame.array(), frame.position(), frame.remaining());
    }

    /** An index entry's bytes: the id, the frame, the position in it, the type. */
    private static final int INDEX_ENTRY_BYTES = 28;

    /**
     * Orders the index entries by id as the index is searched: the most significant long, then the
     * least, each signed. Entries are first put into buckets by the top 16 bits (sign flipped),
     * then each bucket is sorted: random ids leave a few dozen entries a bucket, sorted where they
     * lie, where one comparison sort of a million entries in random order jumps across all of
     * them (180-260 ms against 310-390 ms for 1.1M ids). Ids that share their top bits make one
     * large bucket, sorted as before.
     */
    private static void sortById(List<Entry> entries) {
        int n = entries.size();
        int[] start = new int[(1 << 16) + 1];
        for (Entry e : entries) {
            start[bucket(e) + 1]++;
        }
        for (int b = 0; b < 1 << 16; b++) {
            start[b + 1] += start[b];
        }
        int[] next = start.clone();
        Entry[] sorted = new Entry[n];
        for (Entry e : entries) {
            sorted[next[bucket(e)]++] = e;
        }
        for (int b = 0; b < 1 << 16; b++) {
            if (start[b + 1] - start[b] > 1) {
                java.util.Arrays.sort(sorted, start[b], start[b + 1], BY_ID);
            }
        }
        for (int i = 0; i < n; i++) {
            entries.set(i, sorted[i]);
        }
    }

    private static final java.util.Comparator<Entry> BY_ID = (a, b) -> a.msb != b.msb ? Long.compare(a.msb, b.msb)
            : Long.compare(a.lsb, b.lsb);

    /** The top 16 bits of an id, in signed order. */
    private static int bucket(Entry e) {
        return (int) (e.msb >>> 48) ^ 0x8000;
    }

    /** Where a record lies in an indexed snapshot: its frame and its position in the frame's payload. */
    private record Entry(long msb, long lsb, int frame, int position, int type) {
    }

    /**
     * Writes an indexed binary snapshot; the layout is described with {@link SnapshotRecords}.
     *
     * @return the CRC-32C of the whole file as written, for {@link #checkBinary}
     */
    private static long writeBinary(Path file, Content c, Progress progress) throws IOException {
        CRC32C whole = new CRC32C();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            long[] at = { 0 };
            FrameSink sink = frame -> {
                at[0] += frame.remaining();
                whole.update(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
                writeFrames(out, frame);
            };
            sink.write(Frames.frame(o -> {
                o.writeInt(BINARY_VERSION);
                o.writeLong(c.sequence());
                o.writeInt(c.records().size());
            }));
            // Containment order: the children of one object side by side, so a page of them reads a frame or two.
            List<Record> records = TreeOrder.of(c.records());
            List<Entry> entries = new ArrayList<>(records.size());
            List<ObjectId> roots = new ArrayList<>();
            Map<dev.strata.core.TypeRef, Integer> types = new java.util.LinkedHashMap<>();
            long[] frames = new long[(records.size() + BATCH - 1) / BATCH];
            int[] sizeHint = { 1 << 16 };
            for (int i = 0; i < records.size(); i += BATCH) {
                List<Record> batch = records.subList(i, Math.min(records.size(), i + BATCH));
                int frame = i / BATCH;
                frames[frame] = at[0];
                // The strings the batch repeats go first: each record then decodes without those before it.
                List<String> dictionary = RecordCodec.repeatedStrings(batch);
                ByteBuffer written = Frames.frame(o -> {
                    o.writeInt(dictionary.size());
                    for (String s : dictionary) {
                        o.writeUTF(s);
                    }
                    o.writeInt(batch.size());
                    RecordCodec.withDictionary(dictionary, () -> {
                        for (Record r : batch) {
                            entries.add(new Entry(r.id().value().getMostSignificantBits(),
                                    r.id().value().getLeastSignificantBits(), frame, o.size(),
                                    types.computeIfAbsent(r.type(), t -> types.size())));
                            RecordCodec.writeRecord(o, r);
                        }
                        return null;
                    });
                }, sizeHint[0]);
                sizeHint[0] = written.remaining() + written.remaining() / 8; // batches are alike: room for the next
                sink.write(written);
                for (Record r : batch) {
                    if (r.isRoot()) {
                        roots.add(r.id());
                    }
                }
                progress.worked("Writing snapshot", i + batch.size(), records.size());
            }
            sortById(entries);
            long[] index = new long[(entries.size() + SnapshotRecords.PER_INDEX_FRAME - 1) / SnapshotRecords.PER_INDEX_FRAME];
            for (int i = 0; i < entries.size(); i += SnapshotRecords.PER_INDEX_FRAME) {
                List<Entry> slice = entries.subList(i, Math.min(entries.size(), i + SnapshotRecords.PER_INDEX_FRAME));
                index[i / SnapshotRecords.PER_INDEX_FRAME] = at[0];
                sink.write(Frames.frame(o -> {
                    o.writeInt(slice.size());
                    for (Entry e : slice) {
                        o.writeLong(e.msb());
                        o.writeLong(e.lsb());
                        o.writeInt(e.frame());
                        o.writeInt(e.position());
                        o.writeInt(e.type());
                    }
                }, 4 + slice.size() * INDEX_ENTRY_BYTES));
            }
            long toc = at[0];
            int tocSize = 64 + frames.length * 8 + roots.size() * 16 + index.length * 24 + types.size() * 128;
            sink.write(Frames.frame(o -> {
                o.writeInt(SnapshotRecords.TOC_MAGIC);
                o.writeInt(frames.length);
                for (long f : frames) {
                    o.writeLong(f);
                }
                o.writeInt(roots.size());
                for (ObjectId r : roots) {
                    RecordCodec.writeId(o, r);
                }
                // Each index frame's offset and first id: a lookup reads (and verifies) one index frame.
                o.writeInt(index.length);
                for (int i = 0; i < index.length; i++) {
                    Entry first = entries.get(i * SnapshotRecords.PER_INDEX_FRAME);
                    o.writeLong(index[i]);
                    o.writeLong(first.msb());
                    o.writeLong(first.lsb());
                }
                o.writeInt(types.size());
                for (dev.strata.core.TypeRef t : types.keySet()) {
                    o.writeUTF(t.nsUri());
                    o.writeUTF(t.name());
                }
            }, tocSize));
            sink.write(Frames.frame(o -> {
                o.writeInt(SnapshotRecords.FOOTER_MAGIC);
                o.writeLong(toc);
            }));
        }
        return whole.getValue();
    }

    /**
     * Checks a binary snapshot just written, without decoding its records, before it may replace the
     * previous generation: its description reads back and names it, the data file holds exactly the
     * bytes written (size and a checksum of the whole file taken while writing), and its header,
     * table of contents and footer give the number of records written. The records themselves are
     * encoded as the journal's are, by the same codec. Returns what is wrong, or null.
     */
    static String checkBinary(Path dir, long generation, java.util.UUID store, int records) throws IOException {
        SnapshotMeta m = checkedMeta(dir, generation, Format.BINARY, store);
        return checkIndexed(dataFile(dir, generation, Format.BINARY), generation, m.dataSize(), m.checksum(), records);
    }

    /**
     * Checks an indexed binary file just written against its size and checksum as written and the
     * number of records in it; returns what is wrong, or null.
     */
    private static String checkIndexed(Path data, long generation, long dataSize, long checksum, int records)
            throws IOException {
        long crc = checksumOf(data);
        long size = Files.size(data);
        if (size != dataSize || crc != checksum) {
            return data.getFileName() + " holds " + size + " bytes with checksum " + Long.toHexString(crc)
                    + ", " + dataSize + " bytes with checksum " + Long.toHexString(checksum) + " were written";
        }
        if (size > Integer.MAX_VALUE) {
            return null; // too large to map: opened whole (readBinary), its frames checked then
        }
        try (SnapshotRecords r = SnapshotRecords.open(data, generation)) {
            if (r == null) {
                return data.getFileName() + " reads as a snapshot without an index";
            }
            if (r.size() != records) {
                return r.size() + " objects in the snapshot's index, " + records + " written";
            }
        }
        return null;
    }

    /** The CRC-32C of a whole file, read in large blocks (no parsing). */
    private static long checksumOf(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(buf.clear()) >= 0) {
                crc.update(buf.flip());
            }
        }
        return crc.getValue();
    }

    private interface FrameSink {
        void write(ByteBuffer frame) throws IOException;
    }

    // ------------------------------------------------------------------ reading

    /** Reads a snapshot and its side file, verifying checksums. */
    static Content read(Path dir, long generation, Format format, String storeName, java.util.UUID store,
            Progress progress) throws IOException {
        Path data = dataFile(dir, generation, format);
        SnapshotMeta m = checkedMeta(dir, generation, format, store);
        return switch (format) {
            case BINARY -> readBinary(data, m, progress);
            case XMI, JSON -> {
                checkSize(data, m);
                yield readEmf(data, format, m, storeName, progress);
            }
            default -> throw new StoreException("Unsupported snapshot format " + format);
        };
    }

    /**
     * Opens a binary snapshot for reading record by record, after the same checks as {@link #read};
     * null for a binary snapshot written before snapshots were indexed (read it with {@link #read}).
     */
    static Lazy openLazily(Path dir, long generation, java.util.UUID store) throws IOException {
        SnapshotMeta m = checkedMeta(dir, generation, Format.BINARY, store);
        SnapshotRecords records = SnapshotRecords.open(dataFile(dir, generation, Format.BINARY), m.sequence());
        return records == null ? null : new Lazy(records, m);
    }

    /**
     * Opens an XMI or JSON snapshot through its binary twin, record by record. Both files are
     * checked against the sizes and checksums their description holds (one pass over each file's
     * bytes, no parsing): a changed XMI refuses the open as always; a twin that is not the one
     * written with this XMI, or is damaged anywhere, is not used. Null when there is no usable twin
     * (none written, as by an earlier version): the caller then reads the XMI whole.
     */
    static Lazy openTwin(Path dir, long generation, Format format, java.util.UUID store) throws IOException {
        Path twin = twinFile(dir, generation);
        if (!Files.exists(twin)) {
            return null;
        }
        SnapshotMeta m = checkedMeta(dir, generation, format, store, false);
        Path data = dataFile(dir, generation, format);
        checkSize(data, m);
        if (checksumOf(data) != m.checksum()) {
            throw changed(data);
        }
        String unusable = m.twinSize() < 0 ? "the snapshot's description names no twin"
                : Files.size(twin) != m.twinSize() || checksumOf(twin) != m.twinChecksum()
                        ? "it is not the file written with the snapshot (size or checksum differ)" : null;
        SnapshotRecords records = null;
        if (unusable == null) {
            try {
                records = SnapshotRecords.open(twin, m.sequence());
                if (records == null) {
                    unusable = "it cannot be mapped";
                } else if (records.size() != m.objects()) {
                    unusable = "it holds " + records.size() + " objects, the snapshot " + m.objects();
                    records.close();
                }
            } catch (IOException | RuntimeException e) {
                unusable = e.getMessage();
            }
        }
        if (unusable != null) {
            LOG.log(System.Logger.Level.WARNING, "Reading snapshot " + data + " whole: its twin " + twin.getFileName()
                    + " is not used (" + unusable + "); the next compaction writes it again");
            return null;
        }
        return new Lazy(records, m);
    }

    private static void checkSize(Path data, SnapshotMeta m) throws IOException {
        if (Files.size(data) != m.dataSize()) {
            throw new StoreException("Snapshot " + data + " has " + Files.size(data) + " bytes but " + m.dataSize()
                    + " were written: it was changed or damaged. The store refuses to open");
        }
    }

    private static StoreException changed(Path data) {
        return new StoreException("Snapshot " + data + " does not match the checksum written with it: it was"
                + " changed or damaged. The store refuses to open so that nothing wrong is served");
    }

    /** A snapshot read record by record, with its description. */
    record Lazy(SnapshotRecords records, SnapshotMeta meta) {
    }

    private static SnapshotMeta checkedMeta(Path dir, long generation, Format format, java.util.UUID store)
            throws IOException {
        return checkedMeta(dir, generation, format, store, true);
    }

    private static SnapshotMeta checkedMeta(Path dir, long generation, Format format, java.util.UUID store,
            boolean versions) throws IOException {
        Path meta = metaFile(dir, generation);
        Path data = dataFile(dir, generation, format);
        if (!Files.exists(data)) {
            throw new StoreException("Store directory " + dir + " names snapshot " + data.getFileName()
                    + " in CURRENT, but the file is missing");
        }
        SnapshotMeta m = SnapshotMeta.read(meta, versions);
        if (m.store() != null && store != null && !m.store().equals(store)) {
            throw new StoreException("Snapshot " + data + " belongs to another store (" + m.store() + ", this one is "
                    + store + "). The store refuses to open; put back its own snapshot");
        }
        if (m.sequence() != generation) {
            throw new StoreException("Snapshot " + data + " holds the store at commit " + m.sequence() + ", but its name"
                    + " says " + generation + ": it is from another generation. The store refuses to open");
        }
        return m;
    }

    /** The identity a snapshot's description names, or null for a snapshot written before identities. */
    static java.util.UUID storeOf(Path dir, long generation) throws IOException {
        return SnapshotMeta.read(metaFile(dir, generation), false).store();
    }

    private static Content readBinary(Path file, SnapshotMeta meta, Progress progress) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Frames.Read first = Frames.read(ch, file, 0, size);
            if (!(first instanceof Frames.Frame header)) {
                throw Frames.damaged(file, 0, "the snapshot header is incomplete");
            }
            ByteInput in = new ByteInput(header.payload());
            int version = in.readInt();
            checkReadable(file, version);
            boolean indexed = version >= INDEXED_VERSION;
            long sequence = in.readLong();
            int count = in.readInt();
            if (sequence != meta.sequence()) {
                throw Frames.damaged(file, 0, "snapshot sequence " + sequence + " does not match its description ("
                        + meta.sequence() + ")");
            }
            List<Record> records = new ArrayList<>(count);
            long offset = header.end();
            while (records.size() < count) {
                Frames.Read r = Frames.read(ch, file, offset, size);
                if (!(r instanceof Frames.Frame f)) {
                    throw Frames.damaged(file, offset, "the snapshot ends after " + records.size() + " of " + count
                            + " records");
                }
                ByteInput b = new ByteInput(f.payload());
                if (indexed) {
                    List<String> dictionary = new ArrayList<>();
                    for (int n = b.readInt(); n > 0; n--) {
                        dictionary.add(b.readUTF());
                    }
                    RecordCodec.withDictionary(dictionary, () -> {
                        int k = b.readInt();
                        for (int i = 0; i < k; i++) {
                            records.add(RecordCodec.readRecord(b));
                        }
                        return null;
                    });
                } else {
                    RecordCodec.inFrame(() -> {
                        int k = b.readInt();
                        for (int i = 0; i < k; i++) {
                            records.add(RecordCodec.readRecord(b));
                        }
                        return null;
                    });
                }
                offset = f.end();
                progress.worked("Loading snapshot " + file.getFileName(), records.size(), count);
            }
            return new Content(records, sequence, meta.modelVersions(), meta.migrations(), meta.recent());
        }
    }

    private static Content readEmf(Path file, Format format, SnapshotMeta meta, String storeName, Progress progress)
            throws IOException {
        CRC32C crc = new CRC32C();
        Resource resource;
        try (InputStream in = new CheckedInputStream(Files.newInputStream(file), crc)) {
            resource = format == Format.JSON ? Json.load(file, in) : EmfSnapshots.loadXmi(file, in);
        }
        if (crc.getValue() != meta.checksum()) {
            throw changed(file);
        }
        List<Record> records = EmfSnapshots.toRecords(resource, storeName, meta.versions(), meta.xmiIds(),
                progress);
        return new Content(records, meta.sequence(), meta.modelVersions(), meta.migrations(), meta.recent());
    }
}
