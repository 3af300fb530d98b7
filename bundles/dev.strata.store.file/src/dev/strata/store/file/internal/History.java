package dev.strata.store.file.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.strata.core.ChangeSet;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.Progress;
import dev.strata.core.store.HistoryPolicy;

/**
 * The commits a compaction folded into a snapshot, kept readable: the journal that followed
 * snapshot G becomes the history segment {@code history-G.log} (same frames, same header) instead
 * of being deleted. Segments and the journals after them hold every commit since the oldest
 * segment's generation, in order; the history policy deletes the oldest segments.
 */
final class History {

    private static final System.Logger LOG = System.getLogger(History.class.getName());
    private static final String SEGMENT = "history-\\d+\\.log";
    private static final String JOURNAL = "journal-\\d+\\.log";

    private History() {
    }

    /** Stops reading a file once enough commits are collected. */
    private static final class Enough extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Enough() {
            super(null, null, false, false);
        }
    }

    static Path segment(Path dir, long generation) {
        return dir.resolve("history-" + generation + ".log");
    }

    static long number(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring(n.indexOf('-') + 1, n.indexOf('.')));
    }

    /** History segments and journals, oldest first: together they hold every commit after the first one's number. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.matches(SEGMENT) || n.matches(JOURNAL);
            }).sorted((a, b) -> Long.compare(number(a), number(b))).toList();
        }
    }

    /** The sequence after which the files on disk hold every commit. */
    static long floor(Path dir, long generation) throws IOException {
        List<Path> files = files(dir);
        return files.isEmpty() ? generation : Math.min(generation, number(files.get(0)));
    }

    /** Keeps a journal a compaction replaced as a history segment. */
    static void keep(Path journal) throws IOException {
        Path target = segment(journal.getParent(), number(journal));
        Files.move(journal, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Deletes the oldest segments whose every commit the policy no longer keeps, oldest first and
     * never one newer than a segment kept. By count, a segment goes when its last commit has
     * {@code commits} or more after it; by age, when it was last written (its file's modification
     * time, the time of its last commit) before the policy's oldest time.
     *
     * @return how many segments were deleted
     */
    static int prune(Path dir, HistoryPolicy policy, long newest, Instant now) throws IOException {
        if (policy.keepsAll()) {
            return 0;
        }
        List<Path> files = files(dir);
        int deleted = 0;
        for (int i = 0; i + 1 < files.size() && files.get(i).getFileName().toString().matches(SEGMENT); i++) {
            Path segment = files.get(i);
            long last = number(files.get(i + 1)); // the next file starts after this one's last commit
            boolean pastCount = policy.commits().isPresent() && newest - last >= policy.commits().getAsLong();
            Instant oldest = policy.oldestKept(now);
            boolean pastAge = oldest != null && Files.getLastModifiedTime(segment).toInstant().isBefore(oldest);
            if (!pastCount && !pastAge) {
                break;
            }
            Files.delete(segment);
            deleted++;
        }
        if (deleted > 0) {
            Snapshots.forceDirectory(dir);
            LOG.log(Level.INFO, "Deleted " + deleted + " history segment(s) of " + dir + " past history.keep " + policy);
        }
        return deleted;
    }

    /** The commits after a sequence, oldest first, at most max, read from the files on disk. */
    static List<LoggedCommit> after(Path dir, UUID store, long afterSequence, int max) throws IOException {
        List<LoggedCommit> result = new ArrayList<>();
        List<Path> files = files(dir);
        for (int i = 0; i < files.size() && result.size() < max; i++) {
            if (i + 1 < files.size() && number(files.get(i + 1)) <= afterSequence) {
                continue; // every commit of this file is at or before afterSequence
            }
            read(files.get(i), store, afterSequence, Long.MAX_VALUE, max - result.size(), result);
        }
        return result;
    }

    /** The newest commits up to a sequence, oldest first, at most max, read from the newest files back. */
    static List<LoggedCommit> newest(Path dir, UUID store, long floor, long upTo, int max) throws IOException {
        List<List<LoggedCommit>> backwards = new ArrayList<>();
        int found = 0;
        List<Path> files = files(dir);
        for (int i = files.size() - 1; i >= 0 && found < max; i--) {
            if (number(files.get(i)) >= upTo) {
                continue; // every commit of this file is after upTo
            }
            List<LoggedCommit> in = new ArrayList<>();
            read(files.get(i), store, floor, upTo, Integer.MAX_VALUE, in);
            List<LoggedCommit> wanted = in.subList(Math.max(0, in.size() - (max - found)), in.size());
            backwards.add(wanted);
            found += wanted.size();
        }
        List<LoggedCommit> result = new ArrayList<>(found);
        for (int i = backwards.size() - 1; i >= 0; i--) {
            result.addAll(backwards.get(i));
        }
        return result;
    }

    /** Adds a file's commits in (after, upTo] to the list, at most max. */
    private static void read(Path file, UUID store, long after, long upTo, int max, List<LoggedCommit> into)
            throws IOException {
        long start = number(file);
        long[] sequence = { start };
        int[] added = { 0 };
        try {
            Journal.replay(file, new Journal.Identity(store, start), new Journal.Replayer() {
                @Override
                public void commit(ChangeSet changes, long seq, Instant time) {
                    sequence[0] = seq;
                    if (seq > upTo) {
                        throw new Enough();
                    }
                    if (seq > after && !changes.isEmpty()) {
                        into.add(new LoggedCommit(seq, changes, time));
                        if (++added[0] >= max) {
                            throw new Enough();
                        }
                    }
                }

                @Override
                public void initModel(String nsUri, int version) {
                    sequence[0]++; // model changes take a sequence but are not logged
                }

                @Override
                public void migrate(Migration migration) {
                    sequence[0]++;
                }

                @Override
                public long sequence() {
                    return sequence[0];
                }
            }, Progress.NONE, w -> { }); // the journal being written may end in a frame still being appended
        } catch (Enough e) {
            // read as much as was asked for
        } catch (NoSuchFileException e) {
            // deleted by the history policy while being listed: its commits are no longer kept
        }
    }
}
