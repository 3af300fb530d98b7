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
 * Both are written to a temporary file, forced and renamed into place. The side file is
 * {@link SnapshotMeta}; records become EMF objects and back in {@link EmfSnapshots}.
 */
final class Snapshots {

    static final int BATCH = 1000;
    /** Version 2 adds the store's identity; version 1 snapshots are still read. */
    static final int SNAPSHOT_VERSION = 2;

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

    // ------------------------------------------------------------------ writing

    static void write(Path dir, long generation, Format format, String storeName, java.util.UUID store,
            Content content, Progress progress) throws IOException {
        Path data = dataFile(dir, generation, format);
        Path tmp = dir.resolve(data.getFileName() + ".tmp");
        Map<ObjectId, Long> versions;
        long checksum;
        switch (format) {
            case BINARY -> {
                writeBinary(tmp, content, progress);
                versions = Map.of();
                checksum = 0;
            }
            case XMI, JSON -> {
                checksum = EmfSnapshots.write(tmp, format, storeName, content.records(), progress);
                versions = new HashMap<>();
                for (Record r : content.records()) {
                    versions.put(r.id(), r.version());
                }
            }
            default -> throw new StoreException("Unsupported snapshot format " + format);
        }
        force(tmp);
        Path metaTmp = dir.resolve(metaFile(dir, generation).getFileName() + ".tmp");
        SnapshotMeta.write(metaTmp, store, content, versions, checksum, Files.size(tmp));
        force(metaTmp);
        Files.move(metaTmp, metaFile(dir, generation), StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
    }

    /** Removes a snapshot's files (one that failed its check). */
    static void delete(Path dir, long generation, Format format) throws IOException {
        Files.deleteIfExists(dataFile(dir, generation, format));
        Files.deleteIfExists(metaFile(dir, generation));
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

    private static void writeBinary(Path file, Content c, Progress progress) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            writeFrames(out, Frames.frame(o -> {
                o.writeInt(SNAPSHOT_VERSION);
                o.writeLong(c.sequence());
                o.writeInt(c.records().size());
            }));
            List<Record> records = c.records();
            for (int i = 0; i < records.size(); i += BATCH) {
                List<Record> batch = records.subList(i, Math.min(records.size(), i + BATCH));
                writeFrames(out, Frames.frame(o -> {
                    o.writeInt(batch.size());
                    for (Record r : batch) {
                        RecordCodec.writeRecord(o, r);
                    }
                }));
                progress.worked("Writing snapshot", i + batch.size(), records.size());
            }
        }
    }

    // ------------------------------------------------------------------ reading

    /** Reads a snapshot and its side file, verifying checksums. */
    static Content read(Path dir, long generation, Format format, String storeName, java.util.UUID store,
            Progress progress) throws IOException {
        Path meta = metaFile(dir, generation);
        Path data = dataFile(dir, generation, format);
        if (!Files.exists(data)) {
            throw new StoreException("Store directory " + dir + " names snapshot " + data.getFileName()
                    + " in CURRENT, but the file is missing");
        }
        SnapshotMeta m = SnapshotMeta.read(meta);
        if (m.store() != null && store != null && !m.store().equals(store)) {
            throw new StoreException("Snapshot " + data + " belongs to another store (" + m.store() + ", this one is "
                    + store + "). The store refuses to open; put back its own snapshot");
        }
        if (m.sequence() != generation) {
            throw new StoreException("Snapshot " + data + " holds the store at commit " + m.sequence() + ", but its name"
                    + " says " + generation + ": it is from another generation. The store refuses to open");
        }
        return switch (format) {
            case BINARY -> readBinary(data, m, progress);
            case XMI, JSON -> {
                if (Files.size(data) != m.dataSize()) {
                    throw new StoreException("Snapshot " + data + " has " + Files.size(data) + " bytes but " + m.dataSize()
                            + " were written: it was changed or damaged. The store refuses to open");
                }
                yield readEmf(data, format, m, storeName, progress);
            }
            default -> throw new StoreException("Unsupported snapshot format " + format);
        };
    }

    /** The identity a snapshot's description names, or null for a snapshot written before identities. */
    static java.util.UUID storeOf(Path dir, long generation) throws IOException {
        return SnapshotMeta.read(metaFile(dir, generation)).store();
    }

    private static Content readBinary(Path file, SnapshotMeta meta, Progress progress) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Frames.Read first = Frames.read(ch, file, 0, size);
            if (!(first instanceof Frames.Frame header)) {
                throw Frames.damaged(file, 0, "the snapshot header is incomplete");
            }
            ByteInput in = new ByteInput(header.payload());
            in.readInt();
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
                RecordCodec.inFrame(() -> {
                    int k = b.readInt();
                    for (int i = 0; i < k; i++) {
                        records.add(RecordCodec.readRecord(b));
                    }
                    return null;
                });
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
            throw new StoreException("Snapshot " + file + " does not match the checksum written with it: it was"
                    + " changed or damaged. The store refuses to open so that nothing wrong is served");
        }
        List<Record> records = EmfSnapshots.toRecords(resource, storeName, meta.versions(), progress);
        return new Content(records, meta.sequence(), meta.modelVersions(), meta.migrations(), meta.recent());
    }
}
