package dev.strata.store.file.internal;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.strata.core.ChangeSet;
import dev.strata.core.Migration;
import dev.strata.core.Progress;
import dev.strata.core.StoreException;

/**
 * The append-only log of accepted commits, one frame per commit. A commit is acknowledged only
 * after its frame is written (and forced to disk with the sync policy); a failed append is cut off
 * again so the log never keeps half a frame in the middle.
 */
final class Journal implements Closeable {

    static final byte COMMIT = 1;
    static final byte INIT_MODEL = 2;
    static final byte MIGRATE = 3;

    /** What replay hands back, entry by entry. */
    interface Replayer {
        void commit(ChangeSet changes, long sequence);

        void initModel(String nsUri, int version);

        void migrate(Migration migration);
    }

    private final Path file;
    private final FileChannel channel;
    private final boolean sync;
    private long size;
    private volatile boolean broken;

    private Journal(Path file, FileChannel channel, boolean sync, long size) {
        this.file = file;
        this.channel = channel;
        this.sync = sync;
        this.size = size;
    }

    /** Opens a journal for appending after {@code validEnd}, dropping a torn tail beyond it. */
    static Journal open(Path file, long validEnd, boolean sync) throws IOException {
        boolean created = !java.nio.file.Files.exists(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (created && sync) {
            // The new file's directory entry must be durable before a commit in it is acknowledged.
            Snapshots.forceDirectory(file.getParent());
        }
        if (ch.size() > validEnd) {
            ch.truncate(validEnd);
            ch.force(true);
        }
        return new Journal(file, ch, sync, validEnd);
    }

    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    /** Appends one frame; on failure the journal is cut back to where it was. */
    void append(ByteBuffer frame) {
        if (broken) {
            throw new StoreException("Journal " + file + " could not be repaired after an earlier write error;"
                    + " reopen the store");
        }
        long start = size;
        try {
            long pos = start;
            while (frame.hasRemaining()) {
                pos += channel.write(frame, pos);
            }
            if (sync) {
                channel.force(false);
            }
            size = pos;
        } catch (IOException e) {
            try {
                channel.truncate(start);
            } catch (IOException cut) {
                broken = true;
                e.addSuppressed(cut);
            }
            throw new StoreException("Cannot write to journal " + file + ": " + describe(e)
                    + ". The commit was not applied; the session keeps its changes", e);
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        if (m != null && m.contains("No space left")) {
            return "the disk is full";
        }
        if (e instanceof java.nio.file.AccessDeniedException || m != null && m.contains("Read-only")) {
            return "the directory is not writable (" + m + ")";
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static ByteBuffer commitFrame(ChangeSet changes, long sequence) throws IOException {
        return Frames.frame(out -> {
            out.writeByte(COMMIT);
            out.writeLong(sequence);
            RecordCodec.writeChangeSet(out, changes);
        });
    }

    static ByteBuffer initFrame(String nsUri, int version) throws IOException {
        return Frames.frame(out -> {
            out.writeByte(INIT_MODEL);
            RecordCodec.writeString(out, nsUri);
            out.writeInt(version);
        });
    }

    static ByteBuffer migrateFrame(Migration m) throws IOException {
        return Frames.frame(out -> {
            out.writeByte(MIGRATE);
            RecordCodec.writeMigration(out, m);
        });
    }

    /**
     * Replays a journal file. Returns the end of the last complete frame; a torn tail after it is
     * reported through the warning and left for {@link #open} to cut.
     *
     * @throws StoreException naming file and offset for a damaged complete frame
     */
    static long replay(Path file, Replayer replayer, Progress progress, java.util.function.Consumer<String> warning)
            throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long offset = 0;
            long entries = 0;
            while (true) {
                Frames.Read read = Frames.read(ch, file, offset, size);
                if (read instanceof Frames.EndOfFile) {
                    return offset;
                }
                if (read instanceof Frames.TornTail torn) {
                    warning.accept("Dropping an incomplete commit at the end of " + file + " (offset " + torn.offset()
                            + ", " + (size - torn.offset()) + " bytes): " + torn.why()
                            + ". It was never acknowledged.");
                    return offset;
                }
                Frames.Frame frame = (Frames.Frame) read;
                long at = offset;
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame.payload()))) {
                    RecordCodec.inFrame(() -> {
                        byte kind = in.readByte();
                        switch (kind) {
                            case COMMIT -> {
                                long seq = in.readLong();
                                replayer.commit(RecordCodec.readChangeSet(in), seq);
                            }
                            case INIT_MODEL -> replayer.initModel(RecordCodec.readString(in), in.readInt());
                            case MIGRATE -> replayer.migrate(RecordCodec.readMigration(in));
                            default -> throw Frames.damaged(file, at, "unknown entry kind " + kind);
                        }
                        return null;
                    });
                } catch (IOException e) {
                    throw Frames.damaged(file, offset, "cannot decode the commit: " + e.getMessage());
                } catch (StoreException e) {
                    if (e.getMessage().startsWith("Damaged")) {
                        throw e;
                    }
                    throw new StoreException("Cannot apply the commit at offset " + offset + " of " + file + ": "
                            + e.getMessage(), e);
                }
                offset = frame.end();
                if (++entries % 1000 == 0) {
                    progress.worked("Replaying " + file.getFileName(), offset, size);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
