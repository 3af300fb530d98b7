package dev.strata.store.file.internal;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import dev.strata.core.StoreException;
import dev.strata.core.store.RecordCodec;

/**
 * Length-prefixed, checksummed frames: {@code magic, length, crc32c(payload), payload, length}.
 * The trailing length tells a frame that was written completely from one cut short by a crash:
 * a complete frame whose checksum fails is damage, a prefix of the last frame is a torn tail.
 */
public final class Frames {

    static final int MAGIC = 0x5354524a; // "STRJ"
    static final int HEADER = 12;
    static final int TRAILER = 4;
    static final int MAX_PAYLOAD = 1 << 30;

    /** Serialises a payload. */
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private Frames() {
    }

    /** The bytes of one frame. */
    public static ByteBuffer frame(Body body) throws IOException {
        return frame(body, 256);
    }

    /** The bytes of one frame whose payload is expected to take about {@code sizeHint} bytes. */
    static ByteBuffer frame(Body body, int sizeHint) throws IOException {
        // The payload is written in place after room for the header: no copy of a large commit's bytes.
        FrameBuffer bytes = new FrameBuffer(sizeHint);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            RecordCodec.inFrame(() -> {
                body.write(out);
                return null;
            });
        }
        return bytes.finish();
    }

    /**
     * A growing array holding one frame: header room, the payload written through it, then the
     * trailer. Unlike {@link java.io.ByteArrayOutputStream} its writes are not synchronized, which
     * a frame of a million records written a few bytes at a time pays for.
     */
    private static final class FrameBuffer extends OutputStream {
        private byte[] buf;
        private int count = HEADER;

        FrameBuffer(int sizeHint) {
            buf = new byte[Math.max(64, Math.min(sizeHint, MAX_PAYLOAD / 2)) + HEADER + TRAILER];
        }

        private void ensure(int more) {
            long need = (long) count + more;
            if (need > HEADER + (long) MAX_PAYLOAD + TRAILER) {
                throw new StoreException("A frame would hold more than " + MAX_PAYLOAD + " bytes");
            }
            if (need > buf.length) {
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(Math.max(need, 2L * buf.length), Integer.MAX_VALUE - 8));
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        ByteBuffer finish() {
            int length = count - HEADER;
            CRC32C crc = new CRC32C();
            crc.update(buf, HEADER, length);
            ensure(TRAILER);
            ByteBuffer frame = ByteBuffer.wrap(buf, 0, count + TRAILER);
            frame.putInt(0, MAGIC).putInt(4, length).putInt(8, (int) crc.getValue()).putInt(count, length);
            return frame;
        }
    }

    /** What reading found at one position. */
    public sealed interface Read {
    }

    public record Frame(long offset, long end, byte[] payload) implements Read {
    }

    /** The rest of the file is an incomplete frame (a write cut short); safe to drop. */
    public record TornTail(long offset, String why) implements Read {
        /** What is dropped and why, for the log: {@code what} names the frame ("commit"). */
        public String dropping(Path file, long size, String what) {
            return "Dropping an incomplete " + what + " at the end of " + file + " (offset " + offset + ", "
                    + (size - offset) + " bytes): " + why + ". An interrupted write leaves this, so it was never"
                    + " acknowledged; the bytes are kept in " + file.getFileName() + ".torn-at-" + offset;
        }
    }

    public record EndOfFile() implements Read {
    }

    /**
     * Reads the frame at {@code offset}. An interrupted append can only leave a prefix of the frame
     * it was writing (or zeros where the file grew but nothing was written yet); that is a torn tail.
     * Anything else that does not read as a frame is damage.
     *
     * @throws StoreException naming the file and offset when a complete frame is damaged
     */
    public static Read read(FileChannel ch, Path file, long offset, long size) throws IOException {
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
        if (magic != MAGIC) {
            // Zeros are what a file grown by a crash holds; any other marker was written and then damaged.
            if (magic == 0 && !validFrameIn(ch, offset + 4, size)) {
                return new TornTail(offset, "the last frame's header was never written");
            }
            throw damaged(file, offset, "no frame marker (found 0x" + Integer.toHexString(magic) + ")");
        }
        if (length < 0 || length > MAX_PAYLOAD) {
            throw damaged(file, offset, "impossible frame length " + length);
        }
        long end = offset + HEADER + length + TRAILER;
        if (end > size) {
            // A prefix of a frame is a torn write, unless the rest of the file is itself a whole frame
            // (the length was damaged) or holds one (only a completed frame can have been followed).
            if (wholeFrameTo(ch, offset, size, crc)) {
                throw damaged(file, offset, "frame length " + length + " does not match the complete frame of "
                        + (size - offset - HEADER - TRAILER) + " bytes");
            }
            if (validFrameIn(ch, offset + HEADER, size)) {
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
        if (trailer != length) {
            if (end == size && trailer == 0 && !wholeFrameTo(ch, offset, size, crc)) {
                return new TornTail(offset, "the last frame was not written completely");
            }
            throw damaged(file, offset, "frame length " + length + " does not match its trailer " + trailer);
        }
        CRC32C actual = new CRC32C();
        actual.update(payload);
        if ((int) actual.getValue() != crc) {
            throw damaged(file, offset, "checksum mismatch in a complete frame of " + length + " bytes");
        }
        return new Frame(offset, end, payload);
    }

    /** Given each complete frame of a file in turn. */
    public interface Visitor {
        void frame(Frame frame) throws IOException;
    }

    /**
     * Reads a file's frames from the start and returns the end of the last complete one; an
     * incomplete last frame goes to {@code torn}.
     *
     * @throws StoreException naming the file and offset when a complete frame is damaged
     */
    public static long readAll(FileChannel ch, Path file, Visitor visitor, java.util.function.Consumer<TornTail> torn)
            throws IOException {
        long size = ch.size();
        long offset = 0;
        while (true) {
            Read read = read(ch, file, offset, size);
            if (read instanceof EndOfFile) {
                return offset;
            }
            if (read instanceof TornTail t) {
                torn.accept(t);
                return offset;
            }
            Frame frame = (Frame) read;
            visitor.frame(frame);
            offset = frame.end();
        }
    }

    /** True if [offset, size) is one complete frame with a good checksum whatever its length field says. */
    private static boolean wholeFrameTo(FileChannel ch, long offset, long size, int crc) throws IOException {
        long length = size - offset - HEADER - TRAILER;
        if (length < 0 || length > MAX_PAYLOAD || readInt(ch, size - TRAILER) != length) {
            return false;
        }
        return checksum(ch, offset + HEADER, (int) length) == crc;
    }

    /** True if a complete, valid frame starts anywhere in [from, size); reads the file in bounded chunks. */
    private static boolean validFrameIn(FileChannel ch, long from, long size) throws IOException {
        final int chunk = 1 << 24;
        for (long start = from; start + HEADER <= size; start += chunk) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - start, chunk + HEADER));
            readFully(ch, buf, start);
            buf.flip();
            for (int i = 0; i < chunk && i + HEADER <= buf.limit(); i++) {
                if (buf.getInt(i) != MAGIC) {
                    continue;
                }
                long at = start + i;
                int length = buf.getInt(i + 4);
                if (length < 0 || length > MAX_PAYLOAD || at + HEADER + (long) length + TRAILER > size
                        || readInt(ch, at + HEADER + length) != length) {
                    continue;
                }
                if (checksum(ch, at + HEADER, length) == buf.getInt(i + 8)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int readInt(FileChannel ch, long position) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4);
        readFully(ch, b, position);
        return b.getInt(0);
    }

    private static int checksum(FileChannel ch, long position, int length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(Math.min(length, 1 << 20));
        for (long pos = position, left = length; left > 0;) {
            buf.clear().limit((int) Math.min(left, buf.capacity()));
            readFully(ch, buf, pos);
            buf.flip();
            pos += buf.limit();
            left -= buf.limit();
            crc.update(buf);
        }
        return (int) crc.getValue();
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

    public static StoreException damaged(Path file, long offset, String what) {
        return new StoreException("Damaged data in " + file + " at offset " + offset + ": " + what
                + ". The store refuses to open so that nothing is served wrong or overwritten; restore the file from"
                + " a backup or move it aside to open the data before it");
    }
}
