package dev.strata.store.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.store.BufferInput;
import dev.strata.core.store.ByteInput;
import dev.strata.core.store.RecordCodec;
import dev.strata.core.store.RecordSource;

/**
 * The records of an indexed binary snapshot (format versions 3 and 4), read when asked: the file is
 * memory-mapped, an id is found by binary search in the snapshot's sorted id index, and only its
 * record is decoded. A frame's checksum is verified the first time one of its records is read, so
 * damage is reported when (and only when) a damaged record is asked for, naming file and offset.
 * <p>
 * Layout after the header frame ({@code version, sequence, count}): record frames
 * ({@code dictionary size, dictionary strings, record count, records}, each record encoded with
 * that dictionary alone, so that it decodes on its own); index frames (entries
 * {@code id msb, id lsb, record frame, position in its payload, type number}, sorted by id, {@link #PER_INDEX_FRAME}
 * a frame); a table of contents (the offsets of the record frames, the root ids in order, each index
 * frame's offset and first id, the types the numbers name); and a footer frame of fixed size holding the table of contents'
 * offset.
 */
final class SnapshotRecords implements RecordSource, AutoCloseable {

    static final int TOC_MAGIC = 0x53544f43; // "STOC"
    static final int FOOTER_MAGIC = 0x53544654; // "STFT"
    static final int FOOTER_PAYLOAD = 12;
    static final int FOOTER_SIZE = Frames.HEADER + FOOTER_PAYLOAD + Frames.TRAILER;
    /** Small enough that verifying the one index frame a lookup reads takes well under a millisecond. */
    static final int PER_INDEX_FRAME = 1 << 14;
    static final int ENTRY = 28;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer map;
    private final int count;
    private final long[] frames;
    private final long[] indexFrames;
    /** The first id of each index frame. */
    private final long[] firstMsb;
    private final long[] firstLsb;
    private volatile boolean closed;
    private final List<ObjectId> roots;
    private final List<TypeRef> types;
    /** Whether each frame's checksum was verified (record frames, then index frames); a race verifies twice. */
    private final boolean[] verified;
    private final AtomicReferenceArray<List<String>> dictionaries;
    /** Where each record frame's first record starts in its payload (after the dictionary); 0 until read. */
    private final int[] firstRecord;
    /**
     * Where the record after the last one decoded starts: records are written in containment order,
     * so the next id asked for (the next child of a page) is usually there and needs no index lookup.
     */
    private volatile Cursor next;
    /** One instance of each dictionary string across frames (class, feature and common value names). */
    private final Map<String, String> shared = new ConcurrentHashMap<>();
    private final AtomicLong decoded = new AtomicLong();

    private SnapshotRecords(Path file, FileChannel channel, ByteBuffer map, int count, long[] frames,
            long[] indexFrames, long[] firstMsb, long[] firstLsb, List<ObjectId> roots, List<TypeRef> types) {
        this.types = List.copyOf(types);
        this.firstMsb = firstMsb;
        this.firstLsb = firstLsb;
        this.file = file;
        this.channel = channel;
        this.map = map;
        this.count = count;
        this.frames = frames;
        this.indexFrames = indexFrames;
        this.roots = List.copyOf(roots);
        this.verified = new boolean[frames.length + indexFrames.length];
        this.dictionaries = new AtomicReferenceArray<>(frames.length);
        this.firstRecord = new int[frames.length];
    }

    /** A record position: frame number and offset in its payload (-1: the frame's first record). */
    private record Cursor(int frame, int position) {
    }

    /**
     * Opens an indexed snapshot, reading its header and table of contents only; null if the file is
     * an older snapshot without an index or too large to map at once (then it is read whole).
     */
    static SnapshotRecords open(Path file, long sequence) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (!(Frames.read(ch, file, 0, size) instanceof Frames.Frame header)) {
                throw Frames.damaged(file, 0, "the snapshot header is incomplete");
            }
            ByteInput in = new ByteInput(header.payload());
            int version = in.readInt();
            Snapshots.checkReadable(file, version);
            if (version < Snapshots.INDEXED_VERSION || size > Integer.MAX_VALUE) {
                ch.close();
                return null;
            }
            long seq = in.readLong();
            int count = in.readInt();
            if (seq != sequence) {
                throw Frames.damaged(file, 0, "snapshot sequence " + seq + " does not match its description (" + sequence
                        + ")");
            }
            if (size < header.end() + FOOTER_SIZE
                    || !(Frames.read(ch, file, size - FOOTER_SIZE, size) instanceof Frames.Frame footer)) {
                throw Frames.damaged(file, size - FOOTER_SIZE, "the snapshot's footer is missing");
            }
            ByteInput f = new ByteInput(footer.payload());
            long toc = f.readInt() == FOOTER_MAGIC ? f.readLong() : -1;
            if (toc < header.end() || toc >= size - FOOTER_SIZE) {
                throw Frames.damaged(file, size - FOOTER_SIZE, "the snapshot's footer names no table of contents");
            }
            if (!(Frames.read(ch, file, toc, size) instanceof Frames.Frame tocFrame)) {
                throw Frames.damaged(file, toc, "the snapshot's table of contents is incomplete");
            }
            ByteInput t = new ByteInput(tocFrame.payload());
            if (t.readInt() != TOC_MAGIC) {
                throw Frames.damaged(file, toc, "no table of contents where the footer points");
            }
            long[] frames = new long[t.readInt()];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = t.readLong();
            }
            List<ObjectId> roots = new ArrayList<>();
            for (int i = t.readInt(); i > 0; i--) {
                roots.add(new ObjectId(new UUID(t.readLong(), t.readLong())));
            }
            int indexCount = t.readInt();
            long[] index = new long[indexCount];
            long[] firstMsb = new long[indexCount];
            long[] firstLsb = new long[indexCount];
            for (int i = 0; i < indexCount; i++) {
                index[i] = t.readLong();
                firstMsb[i] = t.readLong();
                firstLsb[i] = t.readLong();
            }
            List<TypeRef> types = new ArrayList<>();
            for (int i = t.readInt(); i > 0; i--) {
                types.add(new TypeRef(t.readUTF(), t.readUTF()));
            }
            if (indexCount != (count + PER_INDEX_FRAME - 1) / PER_INDEX_FRAME) {
                throw Frames.damaged(file, toc, indexCount + " index frames for " + count + " records");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return new SnapshotRecords(file, ch, map, count, frames, index, firstMsb, firstLsb, roots, types);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public List<ObjectId> rootIds() {
        return roots;
    }

    /** How many records were decoded so far (each read and each record given by {@link #forEach}). */
    long decoded() {
        return decoded.get();
    }

    @Override
    public Record read(ObjectId id) {
        long msb = id.value().getMostSignificantBits();
        long lsb = id.value().getLeastSignificantBits();
        Cursor after = next;
        int there = after == null ? -1 : positionOf(after, msb, lsb);
        if (there >= 0) {
            // The record's own id, in a verified frame, is the index's answer too (ids are unique).
            return decodeAt(id, after.frame(), there, -1);
        }
        // The last index frame whose first id is not after the id, then the id within it.
        int f = -1;
        for (int lo = 0, hi = firstMsb.length - 1; lo <= hi;) {
            int mid = (lo + hi) >>> 1;
            int c = firstMsb[mid] != msb ? Long.compare(firstMsb[mid], msb) : Long.compare(firstLsb[mid], lsb);
            if (c <= 0) {
                f = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (f < 0) {
            return null;
        }
        int lo = f * PER_INDEX_FRAME;
        int hi = Math.min(count, lo + PER_INDEX_FRAME) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = entry(mid);
            int c = Long.compare(map.getLong((int) at), msb);
            if (c == 0) {
                c = Long.compare(map.getLong((int) at + 8), lsb);
            }
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return decodeAt(id, map.getInt((int) at + 16), map.getInt((int) at + 20), at);
            }
        }
        return null;
    }

    /**
     * The position of the record at a cursor if it has this id, else -1. Only a frame already
     * verified is looked at: a damaged frame is reported by the read that needs it (through the
     * index), not by every read that passes the cursor.
     */
    private int positionOf(Cursor c, long msb, long lsb) {
        if (!verified[c.frame()]) {
            return -1;
        }
        long start = frames[c.frame()];
        int length = map.getInt((int) start + 4);
        int position = c.position();
        if (position < 0) {
            try {
                dictionary(c.frame()); // the first record's position, known once the dictionary is read
            } catch (StoreException e) {
                return -1; // reported by the read of a record of that frame
            }
            position = firstRecord[c.frame()];
        }
        if (position + 16 > length) {
            return -1;
        }
        int at = (int) start + Frames.HEADER + position;
        return map.getLong(at) == msb && map.getLong(at + 8) == lsb ? position : -1;
    }

    /** The file offset of index entry i, its frame verified. */
    private long entry(int i) {
        int frame = i / PER_INDEX_FRAME;
        if (frame >= indexFrames.length) {
            throw damaged(indexFrames.length == 0 ? 0 : indexFrames[indexFrames.length - 1],
                    "the id index holds fewer entries than the snapshot's " + count + " records", null);
        }
        verify(frames.length + frame, indexFrames[frame], null);
        return indexFrames[frame] + Frames.HEADER + 4 + (long) (i % PER_INDEX_FRAME) * ENTRY;
    }

    private Record decodeAt(ObjectId id, int frame, int position, long entryAt) {
        if (frame < 0 || frame >= frames.length) {
            throw damaged(entryAt, "the id index names record frame " + frame + " of " + frames.length, id);
        }
        long start = frames[frame];
        verify(frame, start, id);
        int length = map.getInt((int) start + 4);
        if (position < 0 || position >= length) {
            throw damaged(entryAt, "the id index names position " + position + " in a frame of " + length + " bytes", id);
        }
        List<String> dictionary = dictionary(frame);
        ByteBuffer b = payload(start, length);
        b.position(position);
        Record r;
        try {
            r = RecordCodec.withDictionary(dictionary, () -> RecordCodec.readRecord(new BufferInput(b)));
        } catch (IOException | RuntimeException e) {
            throw damaged(start, "record at position " + position + " does not decode (" + e.getMessage() + ")", id);
        }
        if (!r.id().equals(id)) {
            throw damaged(start, "the record at position " + position + " is " + r.id() + ", the id index says " + id, id);
        }
        decoded.incrementAndGet();
        if (b.position() < length) {
            next = new Cursor(frame, b.position());
        } else if (frame + 1 < frames.length) {
            next = new Cursor(frame + 1, -1); // the next frame's first record, once that frame is verified
        }
        return r;
    }

    /** A frame's payload, positioned at its start. */
    private ByteBuffer payload(long start, int length) {
        return map.slice((int) start + Frames.HEADER, length);
    }

    private List<String> dictionary(int frame) {
        List<String> d = dictionaries.get(frame);
        if (d == null) {
            long start = frames[frame];
            BufferInput in = new BufferInput(payload(start, map.getInt((int) start + 4)));
            try {
                int n = in.readInt();
                if (n < 0) {
                    throw new IOException("dictionary of " + n + " strings");
                }
                List<String> strings = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String s = in.readUTF();
                    strings.add(shared.computeIfAbsent(s, k -> k));
                }
                d = List.copyOf(strings);
                firstRecord[frame] = in.position() + 4; // past the dictionary and the record count
            } catch (IOException | RuntimeException e) {
                throw damaged(start, "the frame's string dictionary does not decode (" + e.getMessage() + ")", null);
            }
            dictionaries.set(frame, d);
        }
        return d;
    }

    /** Verifies a frame's marker, length and checksum the first time it is used. */
    private void verify(int slot, long start, ObjectId id) {
        if (verified[slot]) {
            return;
        }
        long size = map.capacity();
        if (start < 0 || start + Frames.HEADER + Frames.TRAILER > size) {
            throw damaged(start, "a frame offset past the end of the file", id);
        }
        int magic = map.getInt((int) start);
        int length = map.getInt((int) start + 4);
        if (magic != Frames.MAGIC || length < 0 || start + Frames.HEADER + (long) length + Frames.TRAILER > size
                || map.getInt((int) (start + Frames.HEADER + length)) != length) {
            throw damaged(start, "no complete frame where the table of contents points", id);
        }
        if ((int) checksum(start, length) != map.getInt((int) start + 8)) {
            throw damaged(start, "checksum mismatch in a complete frame of " + length + " bytes", id);
        }
        verified[slot] = true;
    }

    /**
     * Frames this large (a record holding a million ids) are checksummed by reading the file, not
     * through the mapping: touching every mapped page costs a fault each, several times the read.
     */
    private static final int BIG_FRAME = 1 << 20;

    /** The CRC-32C of a frame's payload. */
    private long checksum(long start, int length) {
        if (length >= BIG_FRAME) {
            CRC32C crc = new CRC32C();
            ByteBuffer chunk = ByteBuffer.allocateDirect(BIG_FRAME);
            // A channel of its own: an interrupted read closes the channel it reads.
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                for (long at = start + Frames.HEADER, end = at + length; at < end;) {
                    chunk.clear().limit((int) Math.min(chunk.capacity(), end - at));
                    int n = ch.read(chunk, at);
                    if (n < 0) {
                        break; // shorter than mapped: the mapping decides below
                    }
                    crc.update(chunk.flip());
                    at += n;
                    if (at == end) {
                        return crc.getValue();
                    }
                }
            } catch (IOException e) {
                // Interrupted, or the file is gone (a compaction replaced it): the mapping still reads.
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(payload(start, length));
        return crc.getValue();
    }

    /** From the id index alone: no record is decoded. */
    @Override
    public void forEachType(java.util.function.BiConsumer<ObjectId, TypeRef> action) {
        for (int f = 0; f < indexFrames.length; f++) {
            if (closed) {
                throw new java.util.concurrent.CancellationException("snapshot " + file + " is closed");
            }
            verify(frames.length + f, indexFrames[f], null);
            long at = indexFrames[f] + Frames.HEADER + 4;
            int n = Math.min(PER_INDEX_FRAME, count - f * PER_INDEX_FRAME);
            for (int i = 0; i < n; i++, at += ENTRY) {
                int type = map.getInt((int) at + 24);
                if (type < 0 || type >= types.size()) {
                    throw damaged(at, "the id index names type " + type + " of " + types.size(), null);
                }
                action.accept(new ObjectId(new UUID(map.getLong((int) at), map.getLong((int) at + 8))), types.get(type));
            }
        }
    }

    @Override
    public void forEach(Consumer<Record> action) {
        int given = 0;
        for (int f = 0; f < frames.length; f++) {
            if (closed) {
                // The store closed: whoever walks the records (building indexes) has no one to answer.
                throw new java.util.concurrent.CancellationException("snapshot " + file + " is closed");
            }
            long start = frames[f];
            verify(f, start, null);
            List<String> dictionary = dictionary(f);
            BufferInput in = new BufferInput(payload(start, map.getInt((int) start + 4)));
            List<Record> batch;
            try {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    in.readUTF();
                }
                int k = in.readInt();
                batch = RecordCodec.withDictionary(dictionary, () -> {
                    List<Record> records = new ArrayList<>(k);
                    for (int i = 0; i < k; i++) {
                        records.add(RecordCodec.readRecord(in));
                    }
                    return records;
                });
            } catch (IOException | RuntimeException e) {
                throw damaged(start, "the records of the frame do not decode (" + e.getMessage() + ")", null);
            }
            decoded.addAndGet(batch.size());
            given += batch.size();
            batch.forEach(action);
        }
        if (given != count) {
            throw damaged(0, "the snapshot holds " + given + " records, its header says " + count, null);
        }
    }

    private StoreException damaged(long offset, String what, ObjectId id) {
        return new StoreException("Damaged data in " + file + " at offset " + offset + ": " + what
                + (id == null ? "" : " (reading " + id + ")") + ". Records elsewhere in the snapshot can still be read;"
                + " restore the snapshot from a backup (or open the store from an older snapshot and its journals)");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }
}
