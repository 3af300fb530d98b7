package dev.strata.store.file.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import dev.strata.core.StoreException;

/**
 * Length-prefixed, checksummed frames: {@code magic, length, crc32c(payload), payload, length}.
 * The trailing length tells a frame that was written completely from one cut short by a crash:
 * a complete frame whose checksum fails is damage, an incomplete last frame is a torn tail.
 */
final class Frames {

    static final int MAGIC = 0x5354524a; // "STRJ"
    static final int HEADER = 12;
    static final int TRAILER = 4;
    static final int MAX_PAYLOAD = 1 << 30;

    /** Serialises a payload. */
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private Frames() {
    }

    /** The bytes of one frame. */
    static ByteBuffer frame(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            RecordCodec.inFrame(() -> {
                body.write(out);
                return null;
            });
        }
        byte[] payload = bytes.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer buf = ByteBuffer.allocate(HEADER + payload.length + TRAILER);
        buf.putInt(MAGIC).putInt(payload.length).putInt((int) crc.getValue()).put(payload).putInt(payload.length);
        buf.flip();
        return buf;
    }

    /** What reading found at one position. */
    sealed interface Read {
    }

    record Frame(long offset, long end, byte[] payload) implements Read {
    }

    /** The rest of the file is an incomplete frame (a write cut short); safe to drop. */
    record TornTail(long offset, String why) implements Read {
    }

    record EndOfFile() implements Read {
    }

    /**
     * Reads the frame at {@code offset}.
     *
     * @throws StoreException naming the file and offset when a complete frame is damaged
     */
    static Read read(FileChannel ch, Path file, long offset, long size) throws IOException {
        if (offset == size) {
            return new EndOfFile();
        }
        if (size - offset < HEADER) {
            return new TornTail(offset, (size - offset) + " bytes, less than a frame header");
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(ch, header, offset);
        header.flip();
        int magic = header.getInt();
        int length = header.getInt();
        int crc = header.getInt();
        if (magic != MAGIC || length < 0 || length > MAX_PAYLOAD) {
            String what = magic != MAGIC ? "no frame marker (found 0x" + Integer.toHexString(magic) + ")"
                    : "impossible frame length " + length;
            // A crash can leave a garbled header on the last frame; damage is what has valid frames after it.
            if (!completeFrameAfter(ch, file, offset + 1, size)) {
                return new TornTail(offset, what);
            }
            throw damaged(file, offset, what);
        }
        long end = offset + HEADER + length + TRAILER;
        if (end > size) {
            // A torn write is always the last frame. If a complete frame follows, the length was damaged.
            if (completeFrameAfter(ch, file, offset + HEADER, size)) {
                throw damaged(file, offset, "frame length " + length + " runs past later frames");
            }
            return new TornTail(offset, "frame of " + length + " bytes extends past the end of the file");
        }
        ByteBuffer body = ByteBuffer.allocate(length + TRAILER);
        readFully(ch, body, offset + HEADER);
        body.flip();
        byte[] payload = new byte[length];
        body.get(payload);
        int trailer = body.getInt();
        CRC32C actual = new CRC32C();
        actual.update(payload);
        if (trailer != length) {
            if (end == size) {
                return new TornTail(offset, "the last frame was not written completely");
            }
            throw damaged(file, offset, "frame length " + length + " does not match its trailer " + trailer);
        }
        if ((int) actual.getValue() != crc) {
            throw damaged(file, offset, "checksum mismatch in a complete frame of " + length + " bytes");
        }
        return new Frame(offset, end, payload);
    }

    /** True if a complete, valid frame starts anywhere in [from, size). */
    private static boolean completeFrameAfter(FileChannel ch, Path file, long from, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - from, 1 << 24));
        readFully(ch, buf, from);
        buf.flip();
        for (int i = 0; i + HEADER <= buf.limit(); i++) {
            if (buf.getInt(i) != MAGIC) {
                continue;
            }
            int length = buf.getInt(i + 4);
            int crc = buf.getInt(i + 8);
            if (length < 0 || i + HEADER + (long) length + TRAILER > buf.limit()
                    || buf.getInt(i + HEADER + length) != length) {
                continue;
            }
            CRC32C check = new CRC32C();
            check.update(buf.slice(i + HEADER, length));
            if ((int) check.getValue() == crc) {
                return true;
            }
        }
        return false;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + pos);
            }
            pos += n;
        }
    }

    static StoreException damaged(Path file, long offset, String what) {
        return new StoreException("Damaged data in " + file + " at offset " + offset + ": " + what
                + ". The store refuses to open so that nothing is served wrong or overwritten; restore the file from"
                + " a backup or move it aside to open the data before it");
    }
}
