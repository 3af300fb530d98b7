package dev.strata.store.file.journal;

import java.io.Closeable;
import java.io.DataInput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import dev.strata.core.StoreException;
import dev.strata.core.store.ByteInput;
import dev.strata.core.store.RecordCodec;
import dev.strata.store.file.internal.Frames;
import dev.strata.store.file.internal.Journal;

/**
 * An append-only file of frames, the file store journal's format without its entries: each frame
 * is {@code magic, length, crc32c, payload, length}, written with the frame's own
 * {@link RecordCodec} string dictionary. Opening reads every complete frame back; an incomplete
 * last frame (a write cut short by a crash, so never acknowledged) is copied beside the file and
 * cut off, a damaged complete frame stops the open. An append that fails is cut back, so the file
 * never keeps half a frame in its middle.
 * <p>
 * Not thread-safe: one writer appends at a time.
 */
public final class FrameLog implements Closeable {

    /** Writes one frame's payload. */
    @FunctionalInterface
    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads one frame's payload, in the order the frames were appended. */
    @FunctionalInterface
    public interface Reader {
        void read(DataInput payload) throws IOException;
    }

    private final Journal journal;

    private FrameLog(Journal journal) {
        this.journal = journal;
    }

    /**
     * Reads the file's frames (none if it does not exist) and opens it for appending after the last
     * complete one, creating it if missing.
     *
     * @param sync    force each append to disk before it returns (what makes an append durable)
     * @param replay  given each complete frame's payload
     * @param warning told about an incomplete last frame that is cut off
     * @throws StoreException naming the file and offset when a complete frame is damaged, or when
     *                        the file cannot be read or written
     */
    public static FrameLog open(Path file, boolean sync, Reader replay, Consumer<String> warning) {
        try {
            long end = 0;
            if (Files.exists(file)) {
                end = readAll(file, replay, warning);
            }
            return new FrameLog(Journal.openFrames(file, end, sync));
        } catch (IOException e) {
            throw new StoreException("Cannot open " + file + ": " + Journal.describe(e), e);
        }
    }

    private static long readAll(Path file, Reader replay, Consumer<String> warning) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            return Frames.readAll(ch, file, frame -> {
                try {
                    RecordCodec.inFrame(() -> {
                        replay.read(new ByteInput(frame.payload()));
                        return null;
                    });
                } catch (IOException e) {
                    throw Frames.damaged(file, frame.offset(), "cannot decode the frame: " + e.getMessage());
                }
            }, torn -> warning.accept(torn.dropping(file, size, "frame")));
        }
    }

    /**
     * Appends one frame and, when opened with {@code sync}, forces it to disk.
     *
     * @throws StoreException when it cannot be written; the file is as before
     */
    public void append(Writer writer) {
        append(writer, true);
    }

    /**
     * Appends one frame, forced to disk only if {@code force} is set (and the log was opened with
     * {@code sync}): for frames a crash may lose harmlessly. A later forced append forces this one too.
     *
     * @throws StoreException when it cannot be written; the file is as before
     */
    public void append(Writer writer, boolean force) {
        try {
            journal.append(Frames.frame(writer::write), force);
        } catch (IOException e) {
            throw new StoreException("Cannot encode a frame for " + journal.file() + ": " + e.getMessage(), e);
        }
    }

    /** The file. */
    public Path file() {
        return journal.file();
    }

    /** Bytes in the file. */
    public long size() {
        return journal.size();
    }

    /** A short description of an I/O failure for messages ("the disk is full", …). */
    public static String describe(IOException e) {
        return Journal.describe(e);
    }

    @Override
    public void close() {
        try {
            journal.close();
        } catch (IOException e) {
            throw new StoreException("Cannot close " + journal.file() + ": " + Journal.describe(e), e);
        }
    }
}
