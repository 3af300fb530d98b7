package dev.strata.store.file.internal;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.strata.core.ObjectId;
import dev.strata.core.StoreException;
import dev.strata.core.store.ByteInput;
import dev.strata.core.store.RecordCodec;

/**
 * A snapshot's side file ({@code snapshot-<generation>.meta}): the store's identity, the sequence,
 * the data file's checksum and size, model versions, migrations, recent commit ids, the checksum
 * and size of an XMI snapshot's binary twin, each object's version (which XMI cannot say) and the
 * xmi:id an object was imported with (the file holds its Strata id), in checksummed frames.
 */
record SnapshotMeta(java.util.UUID store, long sequence, long checksum, long dataSize, Map<String, Integer> modelVersions,
        List<String> migrations, Map<ObjectId, Long> versions, List<dev.strata.core.CommitResult> recent, int objects,
        long twinChecksum, long twinSize, Map<ObjectId, String> xmiIds) {

    /** Writes a snapshot's side file: the content's store state and the versions and xmi:ids XMI cannot keep. */
    static void write(Path file, java.util.UUID store, Snapshots.Content c, Map<ObjectId, Long> versions,
            Map<ObjectId, String> xmiIds, long checksum, long dataSize, long twinChecksum, long twinSize)
            throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Snapshots.writeFrames(out, Frames.frame(o -> {
                o.writeInt(Snapshots.SNAPSHOT_VERSION);
                o.writeLong(store.getMostSignificantBits());
                o.writeLong(store.getLeastSignificantBits());
                o.writeLong(c.sequence());
                o.writeLong(checksum);
                o.writeLong(dataSize);
                o.writeInt(c.modelVersions().size());
                for (Map.Entry<String, Integer> e : c.modelVersions().entrySet()) {
                    RecordCodec.writeString(o, e.getKey());
                    o.writeInt(e.getValue());
                }
                o.writeInt(c.migrations().size());
                for (String m : c.migrations()) {
                    RecordCodec.writeString(o, m);
                }
                o.writeInt(versions.size());
                // Recent commit ids, so that a commit retried after compaction and restart is applied once.
                o.writeInt(c.recentCommits().size());
                for (dev.strata.core.CommitResult r : c.recentCommits()) {
                    o.writeLong(r.commitId().getMostSignificantBits());
                    o.writeLong(r.commitId().getLeastSignificantBits());
                    o.writeLong(r.sequence());
                }
                // The twin of an XMI or JSON snapshot (size -1: none). Last, so that earlier readers skip it.
                o.writeLong(twinChecksum);
                o.writeLong(twinSize);
                // How many xmi:ids follow the version table. Last again, for the same reason.
                o.writeInt(xmiIds.size());
            }));
            writeTable(out, versions, DataOutputStream::writeLong);
            writeTable(out, xmiIds, RecordCodec::writeString);
        }
    }

    /** A value of an id table, written after its id. */
    private interface ValueWriter<V> {
        void write(DataOutputStream out, V value) throws IOException;
    }

    /** A value of an id table, read after its id. */
    private interface ValueReader<V> {
        V read(ByteInput in) throws IOException;
    }

    /** A table of ids and values, in frames of a bounded number of entries. */
    private static <V> void writeTable(OutputStream out, Map<ObjectId, V> table, ValueWriter<V> value)
            throws IOException {
        List<Map.Entry<ObjectId, V>> entries = new ArrayList<>(table.entrySet());
        for (int i = 0; i < entries.size(); i += Snapshots.BATCH * 10) {
            List<Map.Entry<ObjectId, V>> batch = entries.subList(i, Math.min(entries.size(), i + Snapshots.BATCH * 10));
            Snapshots.writeFrames(out, Frames.frame(o -> {
                o.writeInt(batch.size());
                for (Map.Entry<ObjectId, V> e : batch) {
                    RecordCodec.writeId(o, e.getKey());
                    value.write(o, e.getValue());
                }
            }));
        }
    }

    /**
     * Reads a table {@link #writeTable} wrote, starting at {@code offset}, into {@code table} until it
     * holds {@code count} entries; returns where the table ends.
     */
    private static <V> long readTable(FileChannel ch, Path file, long offset, long size, int count,
            Map<ObjectId, V> table, ValueReader<V> value, String name) throws IOException {
        while (table.size() < count) {
            Frames.Read r = Frames.read(ch, file, offset, size);
            if (!(r instanceof Frames.Frame f)) {
                throw Frames.damaged(file, offset, "the " + name + " ends early");
            }
            ByteInput b = new ByteInput(f.payload());
            RecordCodec.inFrame(() -> { // strings repeated in a frame refer to that frame's own
                for (int i = b.readInt(); i > 0; i--) {
                    table.put(RecordCodec.readId(b), value.read(b));
                }
                return null;
            });
            offset = f.end();
        }
        return offset;
    }

    /** Reads a snapshot's side file, verifying its frames. */
    static SnapshotMeta read(Path file) throws IOException {
        return read(file, true);
    }

    /**
     * Reads a snapshot's side file; without {@code versions} only its first frame, and the version
     * table stays unread (empty; {@link #objects} still says how many objects it names).
     */
    static SnapshotMeta read(Path file, boolean versions) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Frames.Read first = Frames.read(ch, file, 0, size);
            if (!(first instanceof Frames.Frame header)) {
                throw Frames.damaged(file, 0, "the snapshot description is incomplete");
            }
            ByteInput in = new ByteInput(header.payload());
            return RecordCodec.inFrame(() -> readRest(ch, file, size, header, in, versions));
        }
    }

    private static SnapshotMeta readRest(FileChannel ch, Path file, long size, Frames.Frame header, ByteInput in,
            boolean withVersions) throws IOException {
        int version = in.readInt();
        if (version != 1 && version != Snapshots.SNAPSHOT_VERSION) {
            throw new StoreException("Snapshot " + file + " has format version " + version + "; this Strata reads "
                    + "1 to " + Snapshots.SNAPSHOT_VERSION);
        }
        java.util.UUID store = version >= 2 ? new java.util.UUID(in.readLong(), in.readLong()) : null;
        long sequence = in.readLong();
        long checksum = in.readLong();
        long dataSize = in.readLong();
        Map<String, Integer> modelVersions = new LinkedHashMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            modelVersions.put(RecordCodec.readString(in), in.readInt());
        }
        List<String> migrations = new ArrayList<>();
        n = in.readInt();
        for (int i = 0; i < n; i++) {
            migrations.add(RecordCodec.readString(in));
        }
        int count = in.readInt();
        List<dev.strata.core.CommitResult> recent = new ArrayList<>();
        int recentCount = in.readInt();
        for (int i = 0; i < recentCount; i++) {
            recent.add(new dev.strata.core.CommitResult(new java.util.UUID(in.readLong(), in.readLong()),
                    in.readLong(), Map.of(), false));
        }
        long twinChecksum = 0;
        long twinSize = -1;
        int xmiIdCount = 0;
        try {
            twinChecksum = in.readLong();
            twinSize = in.readLong();
            xmiIdCount = in.readInt();
        } catch (java.io.EOFException writtenBeforeTwinsOrXmiIds) {
            // what is not there is none
        }
        if (!withVersions) {
            return new SnapshotMeta(store, sequence, checksum, dataSize, modelVersions, migrations, Map.of(), recent,
                    count, twinChecksum, twinSize, Map.of());
        }
        Map<ObjectId, Long> versions = new HashMap<>(count * 2);
        long offset = readTable(ch, file, header.end(), size, count, versions, ByteInput::readLong, "version table");
        Map<ObjectId, String> xmiIds = new HashMap<>(xmiIdCount * 2);
        readTable(ch, file, offset, size, xmiIdCount, xmiIds, RecordCodec::readString, "table of xmi:ids");
        return new SnapshotMeta(store, sequence, checksum, dataSize, modelVersions, migrations, versions, recent, count,
                twinChecksum, twinSize, xmiIds);
    }
}
