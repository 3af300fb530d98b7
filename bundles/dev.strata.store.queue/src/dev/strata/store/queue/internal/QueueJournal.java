package dev.strata.store.queue.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.strata.core.ChangeSet;
import dev.strata.core.StoreException;
import dev.strata.core.store.RecordCodec;
import dev.strata.store.file.journal.FrameLog;

/**
 * The queue's journal: files {@code queue-<n>.log} of the file store's frames. Each file starts
 * with a header (the queue's epoch, its sequence and what was drained when the file was begun);
 * then one frame per acknowledged commit and one per drained group. When the queue is empty and
 * the file has grown, a new file is begun and the old ones deleted.
 */
final class QueueJournal implements AutoCloseable {

    private static final byte HEADER = 0;
    private static final byte QUEUED = 1;
    private static final byte DRAINED = 2;
    /** Queued commits taken out of the queue, not passed on (set aside to a file): their sequences. */
    private static final byte ASIDE = 3;
    private static final Pattern FILE = Pattern.compile("queue-(\\d+)\\.log");
    /** A file larger than this is replaced by a new one once everything in it is drained. */
    static final long ROTATE_BYTES = 4L << 20;

    /** One acknowledged commit; {@code merged} when it joined the group of the one before it. */
    record Entry(long sequence, Instant time, boolean merged, ChangeSet changes) {
    }

    /** What the files hold: the epoch, the last sequence, how far the drain got, what is still queued. */
    record State(UUID epoch, long sequence, long drainedThrough, List<Entry> pending) {
    }

    private final Path dir;
    private final boolean sync;
    private final UUID epoch;
    private final State state;
    private FrameLog log;
    private int number;

    private QueueJournal(Path dir, boolean sync, UUID epoch, State state, FrameLog log, int number) {
        this.dir = dir;
        this.sync = sync;
        this.epoch = epoch;
        this.state = state;
        this.log = log;
        this.number = number;
    }

    static QueueJournal open(Path dir, boolean sync, Consumer<String> warning) {
        List<Path> files;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(p -> FILE.matcher(p.getFileName().toString()).matches())
                        .sorted((a, b) -> Integer.compare(number(a), number(b))).toList();
            }
        } catch (IOException e) {
            throw new StoreException("Cannot open the queue journal folder " + dir + ": " + FrameLog.describe(e), e);
        }
        Replay replay = new Replay();
        FrameLog last = null;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            replay.headerSeen = false;
            FrameLog opened = FrameLog.open(file, sync, in -> replay.frame(file, in), warning);
            if (i < files.size() - 1) {
                opened.close();
                if (!replay.headerSeen) {
                    throw new StoreException("Queue journal " + file + " has no header but later files follow it;"
                            + " the journal is damaged. Move the folder aside to start an empty queue");
                }
            } else {
                last = opened;
            }
        }
        UUID epoch = replay.epoch == null ? UUID.randomUUID() : replay.epoch;
        List<Entry> pending = replay.entries.stream()
                .filter(e -> e.sequence() > replay.drained && !replay.aside.contains(e.sequence())).toList();
        State state = new State(epoch, replay.sequence, replay.drained, pending);
        int number = files.isEmpty() ? 1 : number(files.getLast());
        QueueJournal journal = new QueueJournal(dir, sync, epoch, state, last, number);
        if (last == null || !replay.headerSeen) {
            if (last == null) {
                journal.log = FrameLog.open(dir.resolve("queue-" + number + ".log"), sync, in -> {
                }, warning);
            }
            journal.header(replay.sequence, replay.drained);
        }
        return journal;
    }

    private static int number(Path p) {
        Matcher m = FILE.matcher(p.getFileName().toString());
        m.matches();
        return Integer.parseInt(m.group(1));
    }

    /** Collects the frames of every file in order. */
    private static final class Replay {
        UUID epoch;
        long sequence;
        long drained;
        final java.util.Set<Long> aside = new java.util.HashSet<>();
        boolean headerSeen;
        final List<Entry> entries = new ArrayList<>();

        void frame(Path file, java.io.DataInput in) throws IOException {
            byte kind = in.readByte();
            switch (kind) {
            case HEADER -> {
                UUID found = new UUID(in.readLong(), in.readLong());
                if (epoch != null && !epoch.equals(found)) {
                    throw new StoreException("Queue journal " + file + " belongs to another queue (" + found
                            + ", the files before it to " + epoch + "); put each queue's journal in a folder of its own");
                }
                epoch = found;
                sequence = Math.max(sequence, in.readLong());
                drained = Math.max(drained, in.readLong());
                headerSeen = true;
            }
            case QUEUED -> {
                long seq = in.readLong();
                if (seq != sequence + 1) {
                    throw new StoreException("Queue journal " + file + " holds commit " + seq + " where " + (sequence + 1)
                            + " must come next; the journal is damaged");
                }
                Instant time = Instant.ofEpochMilli(in.readLong());
                boolean merged = in.readBoolean();
                String author = in.readUTF();
                entries.add(new Entry(seq, time, merged, RecordCodec.readChangeSetWithBefore(in).withAuthor(author)));
                sequence = seq;
            }
            case DRAINED -> drained = Math.max(drained, in.readLong());
            case ASIDE -> {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    aside.add(in.readLong());
                }
            }
            default -> throw new StoreException("Queue journal " + file + ": unknown entry kind " + kind);
            }
        }
    }

    State state() {
        return state;
    }

    UUID epoch() {
        return epoch;
    }

    private void header(long sequence, long drainedThrough) {
        log.append(out -> {
            out.writeByte(HEADER);
            out.writeLong(epoch.getMostSignificantBits());
            out.writeLong(epoch.getLeastSignificantBits());
            out.writeLong(sequence);
            out.writeLong(drainedThrough);
        });
    }

    /** Makes an acknowledged commit durable; throws and leaves the journal as before if it cannot. */
    synchronized void queued(Entry e) {
        log.append(out -> {
            out.writeByte(QUEUED);
            out.writeLong(e.sequence());
            out.writeLong(e.time().toEpochMilli());
            out.writeBoolean(e.merged());
            out.writeUTF(e.changes().author().length() > 1000 ? e.changes().author().substring(0, 1000)
                    : e.changes().author());
            RecordCodec.writeChangeSetWithBefore(out, e.changes());
        });
    }

    /**
     * Records that every commit up to {@code through} is in the wrapped store. Not forced: lost in a
     * crash, the commits are drained again and the wrapped store recognises their ids.
     */
    synchronized void drained(long through) {
        log.append(out -> {
            out.writeByte(DRAINED);
            out.writeLong(through);
        }, false);
    }

    /** Records, forced, that queued commits left the queue without being passed on (set aside to a file). */
    synchronized void setAside(List<Long> sequences) {
        log.append(out -> {
            out.writeByte(ASIDE);
            out.writeInt(sequences.size());
            for (long s : sequences) {
                out.writeLong(s);
            }
        }, true);
    }

    /**
     * With nothing queued (the caller holds the journal's lock and has checked), begins a new file
     * when this one has grown, and deletes the old ones.
     */
    synchronized void rotateIfLarge(long sequence) {
        if (log.size() < ROTATE_BYTES) {
            return;
        }
        FrameLog next = FrameLog.open(dir.resolve("queue-" + (number + 1) + ".log"), sync, in -> {
        }, w -> {
        });
        FrameLog old = log;
        log = next;
        number++;
        header(sequence, sequence);
        old.close();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> FILE.matcher(p.getFileName().toString()).matches() && number(p) < number)
                    .toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Harmless: the next open reads them and finds everything in them drained.
        }
    }

    @Override
    public synchronized void close() {
        log.close();
    }
}
