package dev.strata.store.file.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import dev.strata.core.ChangeSet;
import dev.strata.core.Migration;
import dev.strata.core.Progress;
import dev.strata.core.StoreException;
import dev.strata.core.store.ByteInput;
import dev.strata.core.store.RecordCodec;

/**
 * The append-only log of accepted commits, one frame per commit. A commit is acknowledged only
 * after its frame is written (and forced to disk with the sync policy); a failed append is cut off
 * again so the log never keeps half a frame in the middle.
 */
public final class Journal implements Closeable {

    /** First frame of every journal: the store's identity and the snapshot generation it follows. */
    static final byte HEADER = 0;
    static final byte COMMIT = 1;
    static final byte INIT_MODEL = 2;
    static final byte MIGRATE = 3;
    /**
     * A commit with the time the store accepted it and its author. Journals written before these
     * were kept hold {@link #COMMIT} entries, which still read (time unknown, no author).
     */
    static final byte COMMIT_TIMED = 4;
    /**
     * A commit as {@link #COMMIT_TIMED}, with the values before it too (old values of changed
     * features, deleted records whole): what the history needs to rebuild a past state. Written
     * since history was kept; entries of the older kinds still read, without those values.
     */
    static final byte COMMIT_WITH_BEFORE = 5;
    private static final int MAX_AUTHOR = 1000;

    /** What replay hands back, entry by entry. */
    interface Replayer {
        /** One commit; time is null for an entry that did not keep it. */
        void commit(ChangeSet changes, long sequence, Instant time);

        void initModel(String nsUri, int version);

        void migrate(Migration migration);

        /** The sequence of the last entry applied; every entry must be the next one. */
        long sequence();
    }

    /** Who a journal belongs to: a journal of another store or generation is refused. */
    record Identity(java.util.UUID store, long generation) {
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

    /**
     * Opens a journal for appending after {@code validEnd}. A torn tail beyond it is copied into a
     * file beside the journal (so the bytes stay for inspection) before it is cut off; a new or empty
     * journal gets its header first.
     */
    static Journal open(Path file, long validEnd, boolean sync, Identity identity) throws IOException {
        Journal journal = openFrames(file, validEnd, sync);
        if (validEnd == 0) {
            try {
                journal.append(Frames.frame(out -> {
                    out.writeByte(HEADER);
                    out.writeLong(identity.store().getMostSignificantBits());
                    out.writeLong(identity.store().getLeastSignificantBits());
                    out.writeLong(identity.generation());
                }));
            } catch (RuntimeException e) {
                journal.close();
                throw e;
            }
        }
        return journal;
    }

    /**
     * Opens a file of frames for appending after {@code validEnd}, without a header: what
     * {@link dev.strata.store.file.journal.FrameLog} builds on. A torn tail is kept aside and cut off
     * as in {@link #open}.
     */
    public static Journal openFrames(Path file, long validEnd, boolean sync) throws IOException {
        boolean created = !java.nio.file.Files.exists(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (created && sync) {
                // The new file's directory entry must be durable before a commit in it is acknowledged.
                Snapshots.forceDirectory(file.getParent());
            }
            if (ch.size() > validEnd) {
                keepTornTail(ch, file, validEnd);
                ch.truncate(validEnd);
                ch.force(true);
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new Journal(file, ch, sync, validEnd);
    }

    private static void keepTornTail(FileChannel ch, Path file, long from) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".torn-at-" + from);
        for (int i = 1; java.nio.file.Files.exists(aside); i++) {
            aside = file.resolveSibling(file.getFileName() + ".torn-at-" + from + "." + i);
        }
        try (FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long pos = from;
            while (pos < ch.size()) {
                pos += ch.transferTo(pos, ch.size() - pos, out);
            }
            out.force(true);
        }
    }

    public Path file() {
        return file;
    }

    public long size() {
        return size;
    }

    /** Appends one frame; on failure the journal is cut back to where it was. */
    public void append(ByteBuffer frame) {
        append(frame, true);
    }

    /**
     * Appends one frame, forced to disk if the journal syncs and {@code force} is set; on failure the
     * journal is cut back to where it was.
     */
    public void append(ByteBuffer frame, boolean force) {
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
            if (sync && force) {
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

    public static String describe(IOException e) {
        String m = e.getMessage();
        if (m != null && m.contains("No space left")) {
            return "the disk is full";
        }
        if (e instanceof java.nio.file.AccessDeniedException || m != null && m.contains("Read-only")) {
            return "the directory is not writable (" + m + ")";
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static ByteBuffer commitFrame(ChangeSet changes, long sequence, Instant time) throws IOException {
        // Room for the objects up front: a commit of a million new objects would otherwise grow its
        // frame by doubling, through arrays as large as the frame together.
        // Whole records for new and deleted objects, a change's values only for changed ones.
        long bytes = (long) (changes.created().size() + changes.deleted().size()) * BYTES_PER_RECORD
                + (long) changes.changed().size() * BYTES_PER_CHANGE;
        int sizeHint = (int) Math.min(Frames.MAX_PAYLOAD / 2, 256 + bytes);
        return Frames.frame(out -> {
            out.writeByte(COMMIT_WITH_BEFORE);
            out.writeLong(sequence);
            out.writeLong(time.toEpochMilli());
            // Plain UTF, outside the frame's string dictionary: the change set after it is encoded
            // as in a COMMIT entry, its values before the commit after it. A user name longer than
            // any real one is cut.
            String author = changes.author();
            out.writeUTF(author.length() > MAX_AUTHOR ? author.substring(0, MAX_AUTHOR) : author);
            RecordCodec.writeChangeSetWithBefore(out, changes);
        }, sizeHint);
    }

    /**
     * A guess at a record's bytes in a commit frame, high rather than low: the buffer lives only
     * until the frame is written, while a low guess copies the frame as it grows (the sample
     * model's tasks take about 190 bytes).
     */
    private static final int BYTES_PER_RECORD = 256;

    /** A guess at a changed object's bytes: its id, versions, containers, changed values new and old. */
    private static final int BYTES_PER_CHANGE = 96;

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
    static long replay(Path file, Identity expected, Replayer replayer, Progress progress,
            java.util.function.Consumer<String> warning) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long[] entries = { 0 };
            return Frames.readAll(ch, file, frame -> {
                long offset = frame.offset();
                long at = frame.offset();
                try {
                    ByteInput in = new ByteInput(frame.payload());
                    RecordCodec.inFrame(() -> {
                        byte kind = in.readByte();
                        if (kind == HEADER) {
                            checkHeader(file, at, expected, new Identity(new java.util.UUID(in.readLong(),
                                    in.readLong()), in.readLong()), replayer.sequence());
                            return null;
                        }
                        switch (kind) {
                            case COMMIT, COMMIT_TIMED, COMMIT_WITH_BEFORE -> {
                                long seq = in.readLong();
                                if (seq != replayer.sequence() + 1) {
                                    throw Frames.damaged(file, at, "commit " + seq + " where commit "
                                            + (replayer.sequence() + 1) + " must come next (a commit replayed twice,"
                                            + " out of order, or missing before it)");
                                }
                                if (kind == COMMIT) {
                                    replayer.commit(RecordCodec.readChangeSet(in), seq, null);
                                } else {
                                    Instant time = Instant.ofEpochMilli(in.readLong());
                                    String author = in.readUTF();
                                    ChangeSet changes = kind == COMMIT_TIMED ? RecordCodec.readChangeSet(in)
                                            : RecordCodec.readChangeSetWithBefore(in);
                                    replayer.commit(changes.withAuthor(author), seq, time);
                                }
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
                if (++entries[0] % 1000 == 0) {
                    progress.worked("Replaying " + file.getFileName(), frame.end(), size);
                }
            }, torn -> warning.accept(torn.dropping(file, size, "commit")));
        }
    }

    /** The store a journal's header names, or null for a journal written before headers (or an empty one). */
    static java.util.UUID storeOf(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (Frames.read(ch, file, 0, ch.size()) instanceof Frames.Frame f && f.payload().length == 25
                    && f.payload()[0] == HEADER) {
                ByteBuffer b = ByteBuffer.wrap(f.payload(), 1, 24);
                return new java.util.UUID(b.getLong(), b.getLong());
            }
            return null;
        }
    }

    private static void checkHeader(Path file, long at, Identity expected, Identity found, long sequence) {
        if (at != 0) {
            throw Frames.damaged(file, at, "a journal header in the middle of the journal");
        }
        if (!found.store().equals(expected.store())) {
            throw new StoreException("Journal " + file + " belongs to another store (" + found.store() + ", this one is "
                    + expected.store() + "). The store refuses to open; put back its own journal");
        }
        if (found.generation() != expected.generation() || found.generation() != sequence) {
            throw new StoreException("Journal " + file + " follows snapshot " + found.generation()
                    + ", but its name and the store's state say " + expected.generation() + " (at commit " + sequence
                    + "): it is from another generation. The store refuses to open; put back the right journal");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
