package dev.strata.store.route.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.strata.core.ObjectId;
import dev.strata.core.StoreException;

/**
 * The route store's own durable log, one line per event, appended and forced to disk:
 * <pre>
 * P txId                                        parts of a commit across shards are being prepared
 * C seq commitId millis txId|- shard:seq,… roots   a commit is decided (the commit point) and numbered
 * E txId                                        every part of a decided commit is applied
 * A txId                                        the parts of an undecided commit were dropped
 * </pre>
 * A commit on one shard is written as a C line after the shard applied it. After a crash the lines
 * tell what to finish: a C without its E is committed on every shard, a P without a C is dropped. A
 * last line cut short by the crash is ignored.
 */
final class CoordinatorLog implements AutoCloseable {

    /** One numbered commit: where its parts went (shard index → the shard's sequence). */
    record Entry(long sequence, UUID commitId, long millis, String txId, Map<Integer, Long> parts, List<ObjectId> roots) {
    }

    private final Path file;
    private final FileChannel channel;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<UUID, Entry> byCommit = new java.util.HashMap<>();
    /** Transactions being prepared (P) or decided (C) and not yet finished (A / E), in order. */
    private final Map<String, Entry> open = new LinkedHashMap<>();
    private final String epoch;

    CoordinatorLog(Path directory) {
        try {
            Files.createDirectories(directory);
            Path epochFile = directory.resolve("epoch");
            if (!Files.exists(epochFile)) {
                Path tmp = directory.resolve("epoch.tmp");
                Files.writeString(tmp, UUID.randomUUID().toString());
                try (FileChannel f = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    f.force(true);
                }
                Files.move(tmp, epochFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            this.epoch = Files.readString(epochFile).trim();
            this.file = directory.resolve("coordinator.log");
            read();
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            // Two coordinators on one log would each settle the other's commits as abandoned.
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StoreException("The coordinator log " + file + " is in use by another route store;"
                        + " give each route store a directory of its own");
            }
        } catch (IOException e) {
            throw new StoreException("Cannot open the coordinator log in " + directory + ": " + e.getMessage(), e);
        }
    }

    private void read() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] all = Files.readAllBytes(file);
        int start = 0;
        int lineNo = 0;
        long keep = 0;
        while (start < all.length) {
            int end = start;
            while (end < all.length && all[end] != '\n') {
                end++;
            }
            lineNo++;
            if (end == all.length) {
                break; // cut short by a crash: never acknowledged
            }
            String line = new String(all, start, end - start, StandardCharsets.UTF_8);
            try {
                apply(line);
            } catch (RuntimeException e) {
                throw new StoreException("Coordinator log " + file + ", line " + lineNo + " cannot be read ('" + line
                        + "'): " + e.getMessage(), e);
            }
            start = end + 1;
            keep = start;
        }
        if (keep < all.length) {
            try (FileChannel f = FileChannel.open(file, StandardOpenOption.WRITE)) {
                f.truncate(keep);
                f.force(true);
            }
        }
    }

    private void apply(String line) {
        String[] f = line.split(" ", -1);
        switch (f[0]) {
            case "P" -> open.put(f[1], null);
            case "A", "E" -> open.remove(f[1]);
            case "C" -> {
                Map<Integer, Long> parts = new LinkedHashMap<>();
                if (!f[5].isEmpty()) {
                    for (String p : f[5].split(",")) {
                        int colon = p.indexOf(':');
                        parts.put(Integer.parseInt(p.substring(0, colon)), Long.parseLong(p.substring(colon + 1)));
                    }
                }
                List<ObjectId> roots = new ArrayList<>();
                if (f.length > 6 && !f[6].isEmpty()) {
                    for (String r : f[6].split(",")) {
                        roots.add(ObjectId.parse(r));
                    }
                }
                Entry e = new Entry(Long.parseLong(f[1]), UUID.fromString(f[2]), Long.parseLong(f[3]),
                        f[4].equals("-") ? null : f[4], parts, roots);
                add(e);
                if (e.txId() != null) {
                    open.put(e.txId(), e);
                }
            }
            default -> throw new IllegalArgumentException("unknown kind '" + f[0] + "'");
        }
    }

    private void add(Entry e) {
        entries.add(e);
        byCommit.put(e.commitId(), e);
    }

    String epoch() {
        return epoch;
    }

    synchronized long lastSequence() {
        return entries.isEmpty() ? 0 : entries.getLast().sequence();
    }

    synchronized Entry byCommit(UUID commitId) {
        return byCommit.get(commitId);
    }

    /** Entries with a sequence above {@code after}, at most {@code max}. */
    synchronized List<Entry> after(long after, int max) {
        int from = java.util.Collections.binarySearch(entries.stream().map(Entry::sequence).toList(), after + 1);
        from = from < 0 ? -from - 1 : from;
        return List.copyOf(entries.subList(from, (int) Math.min(entries.size(), (long) from + max)));
    }

    synchronized List<Entry> all() {
        return List.copyOf(entries);
    }

    /** Transactions started or decided and not finished: P (value null) or C (its entry). */
    synchronized Map<String, Entry> unfinished() {
        return new LinkedHashMap<>(open);
    }

    /** Whether a transaction was started (or decided) and not finished. */
    synchronized boolean isOpen(String txId) {
        return open.containsKey(txId);
    }

    synchronized void preparing(String txId) {
        write("P " + txId, false);
        open.put(txId, null);
    }

    /** Numbers a commit and forces the line to disk: once this returns, the commit is decided. */
    synchronized Entry decide(UUID commitId, String txId, Map<Integer, Long> parts, List<ObjectId> roots) {
        Entry e = new Entry(lastSequence() + 1, commitId, System.currentTimeMillis(), txId, Map.copyOf(parts),
                List.copyOf(roots));
        StringBuilder line = new StringBuilder("C ").append(e.sequence()).append(' ').append(commitId).append(' ')
                .append(e.millis()).append(' ').append(txId == null ? "-" : txId).append(' ');
        line.append(String.join(",", parts.entrySet().stream().map(p -> p.getKey() + ":" + p.getValue()).toList()));
        line.append(' ').append(String.join(",", roots.stream().map(ObjectId::toString).toList()));
        write(line.toString(), true);
        add(e);
        if (txId != null) {
            open.put(txId, e);
        }
        return e;
    }

    synchronized void finished(String txId, boolean committed) {
        write((committed ? "E " : "A ") + txId, false);
        open.remove(txId);
    }

    private void write(String line, boolean force) {
        try {
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new StoreException("Cannot write the coordinator log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing only
        }
    }
}
