package dev.strata.store.file.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.Progress;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.store.RecordTable;
import dev.strata.core.store.TableStore;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStoreOptions.Format;

/**
 * A store in a directory: {@code CURRENT} names the snapshot generation; {@code snapshot-G.*} is
 * the store at commit G; {@code journal-G.log} (and later journals) hold every commit since;
 * {@code history-F.log} are the journals of earlier generations, kept for the log ({@link History}). The
 * working set is a {@link RecordTable} (over a binary snapshot it reads the snapshot's records when asked,
 * {@link SnapshotRecords}); a commit is validated there, appended to the journal
 * (forced with the sync policy), and only then applied and acknowledged.
 */
public final class FileStore extends TableStore implements FileModelStore {

    private static final System.Logger LOG = System.getLogger(FileStore.class.getName());
    private static final String LOCK = "store.lock";
    /** The store's log in memory keeps at most this many commits; older ones are read from the files. */
    private static final int COMMITS_IN_MEMORY = 10_000;
    /** The store's identity, also written into every journal and snapshot so that strays are refused. */
    private static final String IDENTITY = "store.id";
    /**
     * The sequence up to which journals were written without the values before each commit (by a
     * Strata version from before history was kept): written when this version first opens the
     * directory, with the sequence it then had.
     */
    private static final String BEFORE_VALUES_FROM = "history.from";

    private final String name;
    private final FileStoreOptions options;
    private final Path dir;
    private final EventAdmin events;
    private final RecordTable table;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock compactLock = new ReentrantLock();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile Journal journal;
    private volatile long generation;
    private java.util.UUID identity;
    private volatile Thread compactor;
    private volatile boolean closed;
    /** Why the current snapshot is not in the format chosen, or null: {@link #notice()}. */
    private volatile String notice;
    /** The binary snapshot the store reads records from when asked, or null (all records in memory). */
    private volatile SnapshotRecords snapshotRecords;
    /** The files on disk (history segments and journals) hold every commit after this sequence. */
    private volatile long diskFloor;
    /** Commits after this sequence were journaled with their values before the commit. */
    private long beforeValuesFrom;
    /** Renaming and deleting history files take it alone; reading them shares it. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock historyLock =
            new java.util.concurrent.locks.ReentrantReadWriteLock();

    private FileStore(String name, FileStoreOptions options, EventAdmin events, FileChannel lockChannel, FileLock lock) {
        this.name = name;
        this.options = options;
        this.dir = options.directory();
        this.events = events;
        this.table = new RecordTable(name, options.history().atMost(COMMITS_IN_MEMORY));
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public static FileStore open(String name, FileStoreOptions options, EventAdmin events, Progress progress) {
        Path dir = options.directory();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("Cannot create store directory " + dir + ": " + Journal.describe(e), e);
        }
        FileChannel lockChannel = null;
        try {
            lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(dir.resolve(LOCK), StandardCharsets.UTF_8).trim();
                throw new StoreException("Store directory " + dir + " is in use by another writer ("
                        + (holder.isEmpty() ? "holder unknown" : holder) + "); only one process may open it");
            }
            String me = "pid " + ProcessHandle.current().pid() + " on " + hostName() + " since " + Instant.now();
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            FileStore store = new FileStore(name, options, events, lockChannel, lock);
            try {
                store.load(progress);
            } catch (RuntimeException | IOException e) {
                closeQuietly(store.snapshotRecords);
                store.releaseLock();
                throw e;
            }
            return store;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new StoreException("Cannot open store directory " + dir + ": " + Journal.describe(e), e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    public static FileStore importXmi(String name, Path xmiFile, FileStoreOptions options, Progress progress) {
        Path dir = options.directory();
        try {
            if (Files.exists(dir.resolve(CurrentFile.NAME)) || Files.exists(dir) && hasJournals(dir)) {
                throw new StoreException("Cannot import into " + dir + ": it already holds a store");
            }
            XmiImport data;
            // Model versions from the packages of the objects read (which need not be registered
            // with EMF: a binary snapshot carries objects of any package).
            Map<String, Integer> versions = new java.util.HashMap<>();
            try (InputStream in = Files.newInputStream(xmiFile)) {
                progress.worked("Loading " + xmiFile.getFileName(), 0, -1);
                var resource = EmfSnapshots.loadXmi(xmiFile, in);
                resource.getAllContents().forEachRemaining(o -> versions.computeIfAbsent(
                        o.eClass().getEPackage().getNsURI(), k -> Migration.versionOf(o.eClass().getEPackage())));
                data = new XmiImport(EmfSnapshots.toRecords(resource, name, Map.of(), Map.of(), progress));
            }
            Files.createDirectories(dir);
            progress.worked("Writing the first snapshot", 0, -1);
            java.util.UUID id = java.util.UUID.randomUUID();
            // Verified like a compaction's: what the format cannot carry falls back to binary.
            CurrentFile written = writeVerified(dir, name, id, 1, options.format(),
                    new Snapshots.Content(data.records, 1, versions, List.of()));
            // The snapshot's journal exists before CURRENT names the snapshot, as after a compaction.
            Journal.open(dir.resolve("journal-1.log"), 0, options.sync(), new Journal.Identity(id, 1)).close();
            writeIdentity(dir, id);
            written.write(dir);
        } catch (IOException e) {
            throw new StoreException("Cannot import " + xmiFile + " into " + dir + ": " + Journal.describe(e), e);
        }
        return open(name, options, null, progress);
    }

    private record XmiImport(List<Record> records) {
    }

    private static boolean hasJournals(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("journal-"));
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this host";
        }
    }

    // ------------------------------------------------------------------ opening

    private void load(Progress progress) throws IOException {
        Path idFile = dir.resolve(IDENTITY);
        identity = Files.exists(idFile) ? readIdentity(idFile) : null;
        boolean known = identity != null;
        CurrentFile current = CurrentFile.read(dir);
        long gen = current == null ? 0 : current.generation();
        Format format = current == null ? null : current.format();
        List<Path> journals = journalsFrom(gen);
        Path last = dir.resolve("journal-" + gen + ".log");
        boolean hasData = format != null || !journals.isEmpty();
        if (hasData || known) {
            if (journals.isEmpty() || !journals.get(0).equals(last)) {
                // Every commit after the snapshot is in this journal; opening without it would lose them silently.
                throw new StoreException("Store directory " + dir + " has no " + last.getFileName() + (format == null
                        ? ", the journal holding every commit of the store"
                        : ", the journal holding every commit after snapshot " + gen)
                        + ". The store refuses to open; restore the file from a backup (an empty file opens the store"
                        + " without those commits)");
            }
        }
        if (identity == null) {
            // A store from before identities, or one whose identity file was lost: take the name its files carry.
            identity = format != null ? Snapshots.storeOf(dir, gen) : null;
            if (identity == null && !journals.isEmpty()) {
                identity = Journal.storeOf(journals.get(0));
            }
            if (identity == null) {
                identity = java.util.UUID.randomUUID();
            }
        }
        Snapshots.Lazy lazy = format == null ? null
                : format == Format.BINARY ? Snapshots.openLazily(dir, gen, identity)
                : Snapshots.openTwin(dir, gen, format, identity);
        if (lazy != null) {
            // Records are decoded when asked for; the indexes are built once the journals are replayed.
            snapshotRecords = lazy.records();
            SnapshotMeta m = lazy.meta();
            table.loadLazily(lazy.records(), m.sequence(), m.modelVersions(), m.migrations(), m.recent());
        } else if (format != null) {
            Snapshots.Content c = Snapshots.read(dir, gen, format, name, identity, progress);
            table.load(c.records(), c.sequence(), c.modelVersions(), c.migrations(), c.recentCommits());
        }
        generation = gen;
        notice = current == null ? null : current.notice(options.format());
        long validEnd = 0;
        for (int i = 0; i < journals.size(); i++) {
            Path j = journals.get(i);
            validEnd = Journal.replay(j, new Journal.Identity(identity, number(j)), new Journal.Replayer() {
                @Override
                public void commit(ChangeSet changes, long sequence, Instant time) {
                    table.replayCommit(changes, sequence, time);
                }

                @Override
                public void initModel(String nsUri, int version) {
                    table.initModelVersion(nsUri, version, p -> { });
                }

                @Override
                public void migrate(Migration migration) {
                    table.migrate(migration, p -> { });
                }

                @Override
                public long sequence() {
                    return table.sequence();
                }
            }, progress, w -> LOG.log(Level.WARNING, w));
            if (i < journals.size() - 1 && validEnd < Files.size(j)) {
                // Only the newest journal can end in a torn write; later journals were written after it.
                throw Frames.damaged(j, validEnd, "an incomplete commit in a journal that later journals follow");
            }
            last = j;
        }
        journal = Journal.open(last, journals.isEmpty() ? 0 : validEnd, options.sync(),
                new Journal.Identity(identity, number(last)));
        if (!known) {
            writeIdentity(dir, identity);
        }
        table.buildIndexes();
        beforeValuesFrom = beforeValuesFrom();
        deleteStale(gen);
        pruneHistory();
        progress.worked("Opened store '" + name + "'", table.size(), table.size());
    }

    private long beforeValuesFrom() throws IOException {
        Path file = dir.resolve(BEFORE_VALUES_FROM);
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new StoreException("File " + file + " is damaged (expected a commit sequence, found '" + text
                        + "')", e);
            }
        }
        long from = table.sequence();
        Path tmp = dir.resolve(BEFORE_VALUES_FROM + ".tmp");
        Files.writeString(tmp, from + "\n", StandardCharsets.UTF_8);
        Snapshots.force(tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        Snapshots.forceDirectory(dir);
        return from;
    }

    private static java.util.UUID readIdentity(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            return java.util.UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new StoreException("File " + file + " is damaged (expected the store's identity, a UUID, found '"
                    + text + "')", e);
        }
    }

    private static void writeIdentity(Path dir, java.util.UUID id) throws IOException {
        Path tmp = dir.resolve(IDENTITY + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Snapshots.force(tmp);
        Files.move(tmp, dir.resolve(IDENTITY), StandardCopyOption.ATOMIC_MOVE);
        Snapshots.forceDirectory(dir);
    }

    /** Journal files at or after a generation, oldest first. */
    private List<Path> journalsFrom(long gen) throws IOException {
        List<Path> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().matches("journal-\\d+\\.log"))
                    .filter(p -> number(p) >= gen)
                    .sorted((a, b) -> Long.compare(number(a), number(b)))
                    .forEach(result::add);
        }
        return result;
    }

    private static long number(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring(n.indexOf('-') + 1, n.indexOf('.')));
    }

    /**
     * Removes files a finished compaction left behind and temporary files of an interrupted one;
     * the journals the snapshot replaced become history segments.
     */
    private void deleteStale(long gen) throws IOException {
        historyLock.writeLock().lock();
        try (Stream<Path> files = Files.list(dir)) {
            boolean kept = false;
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                boolean oldSnapshot = n.matches("snapshot-\\d+\\..*") && !n.startsWith("snapshot-" + gen + ".");
                boolean oldJournal = n.matches("journal-\\d+\\.log") && number(p) < gen;
                if (oldJournal) {
                    History.keep(p);
                    kept = true;
                } else if (n.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                } else if (oldSnapshot && gen > 0) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // Records may still be read from it (a mapped file cannot be deleted everywhere): the next open deletes it.
                        LOG.log(Level.DEBUG, "Cannot delete " + p + " yet: " + e);
                    }
                }
            }
            if (kept) {
                Snapshots.forceDirectory(dir);
            }
            diskFloor = History.floor(dir, gen);
        } finally {
            historyLock.writeLock().unlock();
        }
    }

    /** Deletes the history segments the policy no longer keeps. */
    private void pruneHistory() throws IOException {
        historyLock.writeLock().lock();
        try {
            History.prune(dir, options.history(), table.sequence(), Instant.now());
            diskFloor = History.floor(dir, generation);
        } finally {
            historyLock.writeLock().unlock();
        }
    }

    // ------------------------------------------------------------------ ModelStore

    @Override
    protected RecordTable table() {
        return table;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The store's identity. Not the generation: a compaction starts a generation but the sequence
     * goes on, and followers need not read afresh for it (after a restart, the log floor tells them
     * whether the journals still hold what they missed).
     */
    @Override
    public String epoch() {
        return "file-" + identity;
    }

    /**
     * Every commit after {@link #logFloor()}: from memory while it holds them, else from the history
     * segments and journals.
     */
    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        long from = Math.max(afterSequence, diskFloor);
        if (from >= table.logFloor() || max <= 0) {
            return table.log(from, max);
        }
        return readHistory("reading the log", () -> History.after(dir, identity, from, max));
    }

    @Override
    public List<LoggedCommit> recentLog(int max) {
        List<LoggedCommit> newest = table.recentLog(max);
        long floor = diskFloor;
        if (newest.size() >= max || table.logFloor() <= floor) {
            return newest.stream().filter(c -> c.sequence() > floor).toList();
        }
        long before = newest.isEmpty() ? Long.MAX_VALUE : newest.get(0).sequence() - 1;
        List<LoggedCommit> older = readHistory("reading the newest commits",
                () -> History.newest(dir, identity, floor, before, max - newest.size()));
        List<LoggedCommit> all = new ArrayList<>(older);
        all.addAll(newest);
        return all;
    }

    /** The files hold every commit since the oldest history segment (or the snapshot, without one). */
    @Override
    public long logFloor() {
        return diskFloor;
    }

    /** Commits journaled by a version from before history was kept lack their values before. */
    @Override
    public long historyFloor() {
        return Math.max(diskFloor, beforeValuesFrom);
    }

    private interface HistoryRead {
        List<LoggedCommit> read() throws IOException;
    }

    private List<LoggedCommit> readHistory(String what, HistoryRead read) {
        historyLock.readLock().lock();
        try {
            return read.read();
        } catch (IOException e) {
            throw new StoreException("Store '" + name + "': " + what + " from " + dir + " failed: "
                    + Journal.describe(e), e);
        } finally {
            historyLock.readLock().unlock();
        }
    }

    @Override
    public Set<Capability> capabilities() {
        return options.sync() ? EnumSet.of(Capability.ATOMIC, Capability.DURABLE, Capability.QUERYABLE, Capability.LOCKS)
                : EnumSet.of(Capability.ATOMIC, Capability.QUERYABLE, Capability.LOCKS);
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        write(() -> table.initModelVersion(nsUri, version, p -> journal.append(frame(() -> Journal.initFrame(nsUri, version)))));
    }

    @Override
    public void migrate(Migration migration) {
        write(() -> table.migrate(migration, p -> journal.append(frame(() -> Journal.migrateFrame(migration)))));
    }

    @Override
    public CommitResult commit(ChangeSet changes) {
        CommitResult[] result = new CommitResult[1];
        write(() -> result[0] = table.commit(changes,
                p -> journal.append(frame(() -> Journal.commitFrame(p.changes(), p.result().sequence(), p.time())))));
        if (events != null && !result[0].duplicate()) {
            events.postEvent(CommitEvents.of(name, changes, result[0]));
        }
        maybeCompact();
        return result[0];
    }

    private interface FrameMaker {
        ByteBuffer make() throws IOException;
    }

    private static ByteBuffer frame(FrameMaker maker) {
        try {
            return maker.make();
        } catch (IOException e) {
            throw new StoreException("Cannot encode the commit: " + e.getMessage(), e);
        }
    }

    private void write(Runnable action) {
        writeLock.lock();
        try {
            if (closed) {
                throw new StoreException("Store '" + name + "' (" + dir + ") is closed");
            }
            action.run();
        } finally {
            writeLock.unlock();
        }
    }

    // ------------------------------------------------------------------ compaction

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public long journalSize() {
        return journal.size();
    }

    private synchronized void maybeCompact() {
        if (options.compactAfterBytes() > 0 && journal.size() > options.compactAfterBytes() && compactor == null
                && !closed) {
            Thread t = new Thread(() -> {
                try {
                    compact();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "Automatic compaction of store '" + name + "' failed; the journal is kept", e);
                } finally {
                    compactor = null;
                }
            }, "strata-compaction-" + name);
            t.setDaemon(true);
            compactor = t;
            t.start();
        }
    }

    @Override
    public void compact() {
        compactLock.lock();
        try {
            long seq;
            java.util.function.Supplier<List<Record>> records;
            Map<String, Integer> versions;
            List<String> migrations;
            List<CommitResult> recent;
            Journal previous;
            writeLock.lock();
            try {
                seq = table.sequence();
                if (seq == generation || closed) {
                    return;
                }
                // Records read from the snapshot are decoded below, without holding up commits.
                records = table.allLater();
                versions = table.modelVersions();
                migrations = table.appliedMigrations();
                recent = table.recentCommits();
                previous = journal;
                // Commits from here on go to the new journal; the snapshot below covers everything before.
                journal = Journal.open(dir.resolve("journal-" + seq + ".log"), 0, options.sync(),
                        new Journal.Identity(identity, seq));
            } finally {
                writeLock.unlock();
            }
            try {
                Snapshots.Content content = new Snapshots.Content(records.get(), seq, versions, migrations, recent);
                CurrentFile written = writeVerified(dir, name, identity, seq, options.format(), content);
                written.write(dir);
                notice = written.notice(options.format());
            } finally {
                previous.close();
            }
            long old = generation;
            generation = seq;
            deleteStale(seq);
            pruneHistory();
            LOG.log(Level.INFO, "Compacted store '" + name + "': snapshot " + seq + " replaces " + old);
        } catch (IOException e) {
            throw new StoreException("Compaction of store '" + name + "' in " + dir + " failed: " + Journal.describe(e)
                    + ". The journal is kept; nothing is lost", e);
        } finally {
            compactLock.unlock();
        }
    }

    /**
     * Writes a snapshot and checks it before it may replace the previous generation. An XMI or JSON
     * snapshot is read back whole: one that does not give back what the store holds (a value EMF's
     * serialization cannot carry) is replaced by a binary one, which carries every record value; the
     * store stays readable and nothing is lost. A binary snapshot is checked without decoding it
     * ({@link Snapshots#checkBinary}): reading every record back doubled a compaction's cost.
     */
    private static CurrentFile writeVerified(Path dir, String name, java.util.UUID id, long seq, Format format,
            Snapshots.Content content) throws IOException {
        String problem;
        try {
            Snapshots.write(dir, seq, format, name, id, content, Progress.NONE);
            if (format == Format.BINARY) {
                problem = Snapshots.checkBinary(dir, seq, id, content.records().size());
            } else {
                Snapshots.Content back = Snapshots.read(dir, seq, format, name, id, Progress.NONE);
                problem = Snapshots.difference(content.records(), back.records());
            }
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage() != null ? e.getMessage() : e.toString(); // never null: that is success
        }
        if (problem == null) {
            return new CurrentFile(seq, format, format, null);
        }
        Snapshots.delete(dir, seq, format);
        if (format == Format.BINARY) {
            throw new StoreException("The new binary snapshot of store '" + name + "' does not read back as written ("
                    + problem + "); the previous snapshot and the journal are kept");
        }
        LOG.log(Level.WARNING, "Store '" + name + "': the " + format.extension() + " snapshot " + seq
                + " could not be written or would not give back what the store holds (" + problem
                + "); writing a binary snapshot instead");
        writeVerified(dir, name, id, seq, Format.BINARY, content);
        return new CurrentFile(seq, Format.BINARY, format, problem);
    }

    @Override
    public java.util.Optional<String> notice() {
        return java.util.Optional.ofNullable(notice);
    }

    // ------------------------------------------------------------------ closing

    @Override
    public void close() {
        // A compaction holds compactLock until its files are in place: never release the directory under it.
        compactLock.lock();
        try {
            closeNow();
        } finally {
            compactLock.unlock();
        }
    }

    private void closeNow() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(journal);
            closeQuietly(snapshotRecords);
        } finally {
            writeLock.unlock();
        }
        releaseLock();
    }

    private void releaseLock() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot release the lock of " + dir, e);
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "close failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "file store '" + name + "' in " + dir;
    }
}
