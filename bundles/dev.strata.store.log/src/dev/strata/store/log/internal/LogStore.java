package dev.strata.store.log.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.LockMode;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.Topics;
import dev.strata.core.TypeRef;
import dev.strata.core.store.ForwardingStore;
import dev.strata.core.store.LockTable;
import dev.strata.store.log.LogModelStore;

/**
 * Every logged operation: refused if the file does not take lines, passed to the wrapped store,
 * then written as a line with its outcome and duration before it returns. Reads of what a store
 * is (name, capabilities, indexes, model versions, floors, figures, locks) are passed without a line.
 */
public final class LogStore extends ForwardingStore implements LogModelStore {

    private final String name;
    private final ModelStore wrapped;
    private final Operations operations;
    private final EventAdmin events;
    private final LogFile file;
    private final LongAdder lines = new LongAdder();
    private final LongAdder unwritten = new LongAdder();
    /** Lines lost since the file last took one, and why the last was lost. Guarded by this. */
    private long gap;
    private String gapReason;

    public LogStore(String name, ModelStore wrapped, Path file, Operations operations, EventAdmin events) {
        this.name = Objects.requireNonNull(name, "name");
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        this.operations = Objects.requireNonNull(operations, "operations");
        this.events = Objects.requireNonNull(events, "events");
        if (name.equals(wrapped.name())) {
            // Both would announce on the same topic, and the log store would hear its own announcements.
            throw new IllegalArgumentException("Log store '" + name + "' cannot have the name of the store it logs");
        }
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException("Log store '" + name + "': file '" + file + "' is not an absolute path");
        }
        try {
            this.file = new LogFile(file);
        } catch (IOException e) {
            throw new StoreException("Log store '" + name + "' cannot open " + file + " for appending: "
                    + LogFile.describe(e), e);
        }
    }

    @Override
    protected ModelStore delegate() {
        return wrapped;
    }

    @Override
    public ModelStore wrapped() {
        return wrapped;
    }

    @Override
    public Path file() {
        return file.path();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        file.close();
    }

    /** {@code lines} written since the store started, and {@code unwritten}: operations whose line failed. */
    @Override
    public Map<String, Long> figures() {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("lines", lines.sum());
        figures.put("unwritten", unwritten.sum());
        return figures;
    }

    // ------------------------------------------------------------------ the line around each operation

    private <T> T write(String op, Consumer<JsonLine> asked, Supplier<T> call, BiConsumer<JsonLine, T> outcome) {
        return logged(true, op, asked, call, outcome);
    }

    private <T> T read(String op, Consumer<JsonLine> asked, Supplier<T> call, BiConsumer<JsonLine, T> outcome) {
        return logged(false, op, asked, call, outcome);
    }

    private <T> T logged(boolean isWrite, String op, Consumer<JsonLine> asked, Supplier<T> call,
            BiConsumer<JsonLine, T> outcome) {
        if (!isWrite && operations != Operations.ALL) {
            return call.get();
        }
        String problem = file.isClosed() ? "the store is closed" : closeGap();
        if (problem != null) {
            throw new StoreException("Log store '" + name + "' cannot write its log " + file.path() + " (" + problem
                    + "): " + op + " is refused until it can");
        }
        JsonLine line = new JsonLine().text("time", Instant.now().toString()).text("store", name).text("op", op);
        asked.accept(line);
        long start = System.nanoTime();
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            line.number("us", micros(start)).text("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            try {
                append(line);
            } catch (IOException io) {
                e.addSuppressed(io);
            }
            throw e;
        }
        outcome.accept(line.number("us", micros(start)), result);
        try {
            append(line);
        } catch (IOException e) {
            throw new StoreException("Log store '" + name + "': " + op + " went through to store '" + wrapped.name()
                    + "' but its line could not be written to " + file.path() + " (" + LogFile.describe(e)
                    + "); operations are refused until the log can be written" + (op.equals("commit")
                            ? ", and the commit, retried then, is recognised by its id"
                            : ""),
                    e);
        }
        return result;
    }

    private void append(JsonLine line) throws IOException {
        try {
            file.append(line.toString());
            lines.increment();
        } catch (IOException e) {
            unwritten.increment();
            synchronized (this) {
                gap++;
                gapReason = LogFile.describe(e);
            }
            throw e;
        }
    }

    /**
     * After lines were lost, a line saying how many must be written before any other operation, so
     * that the file shows where it is incomplete; null once written, else why it could not be.
     */
    private synchronized String closeGap() {
        if (gap == 0) {
            return null;
        }
        JsonLine notice = new JsonLine().text("time", Instant.now().toString()).text("store", name)
                .text("op", "unwritten").number("lines", gap).text("error", gapReason);
        try {
            file.append(notice.toString());
            lines.increment();
            gap = 0;
            gapReason = null;
            return null;
        } catch (IOException e) {
            gapReason = LogFile.describe(e);
            return gapReason;
        }
    }

    private static long micros(long start) {
        return (System.nanoTime() - start) / 1000;
    }

    private static <T> BiConsumer<JsonLine, T> none() {
        return (line, result) -> {
        };
    }

    private static BiConsumer<JsonLine, Map<ObjectId, Record>> records() {
        return (line, result) -> line.number("size", result.size());
    }

    private static <T> BiConsumer<JsonLine, List<T>> listed() {
        return (line, result) -> line.number("size", result.size());
    }

    // ------------------------------------------------------------------ writes

    @Override
    public CommitResult commit(ChangeSet changes) {
        return write("commit", line -> line.text("commit", changes.commitId().toString()).text("session", changes.session())
                .text("author", changes.author()).number("created", changes.created().size())
                .number("changed", changes.changed().size()).number("deleted", changes.deleted().size())
                .list("ids", LockTable.touched(changes)),
                () -> wrapped.commit(changes),
                (line, result) -> line.number("sequence", result.sequence()).flag("duplicate", result.duplicate()));
    }

    @Override
    public void migrate(Migration migration) {
        write("migrate", line -> line.text("migration", migration.id()), () -> {
            wrapped.migrate(migration);
            return null;
        }, none());
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        write("initModelVersion", line -> line.text("nsUri", nsUri).number("version", version), () -> {
            wrapped.initModelVersion(nsUri, version);
            return null;
        }, none());
    }

    @Override
    public void useModel(List<EPackage> packages, Collection<IndexDef> indexes) {
        write("useModel", line -> line.list("packages", packages.stream().map(EPackage::getNsURI).toList()), () -> {
            wrapped.useModel(packages, indexes);
            return null;
        }, none());
    }

    @Override
    public void declareIndexes(Collection<IndexDef> indexes) {
        write("declareIndexes", line -> line.list("indexes", indexes), () -> {
            wrapped.declareIndexes(indexes);
            return null;
        }, none());
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        write("rebuildIndex", line -> line.text("index", index.toString()), () -> {
            wrapped.rebuildIndex(index);
            return null;
        }, none());
    }

    @Override
    public void lock(String owner, String holder, Collection<ObjectId> ids, LockMode mode, Duration lease) {
        write("lock", line -> line.text("owner", owner).text("holder", holder).text("mode", mode.name())
                .number("leaseMs", lease.toMillis()).list("ids", ids), () -> {
                    wrapped.lock(owner, holder, ids, mode, lease);
                    return null;
                }, none());
    }

    @Override
    public void unlock(String owner, Collection<ObjectId> ids) {
        write("unlock", line -> line.text("owner", owner).list("ids", ids), () -> {
            wrapped.unlock(owner, ids);
            return null;
        }, none());
    }

    // ------------------------------------------------------------------ reads of data

    @Override
    public Optional<Record> load(ObjectId id) {
        return read("load", line -> line.list("ids", List.of(id)), () -> wrapped.load(id),
                (line, result) -> line.number("size", result.isPresent() ? 1 : 0));
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        return read("loadAll", line -> line.list("ids", ids), () -> wrapped.loadAll(ids), records());
    }

    @Override
    public Map<ObjectId, Record> loadTree(ObjectId rootId) {
        return read("loadTree", line -> line.list("ids", List.of(rootId)), () -> wrapped.loadTree(rootId), records());
    }

    @Override
    public Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        return read("loadTrees", line -> line.list("ids", rootIds), () -> wrapped.loadTrees(rootIds), records());
    }

    @Override
    public List<Record> query(Query query) {
        return read("query", line -> line.text("query", query.toString()), () -> wrapped.query(query), listed());
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        return read("countBy", line -> line.text("type", type.toString()).text("feature", feature),
                () -> wrapped.countBy(type, feature), (line, result) -> line.number("size", result.size()));
    }

    @Override
    public List<Record> roots() {
        return read("roots", line -> {
        }, wrapped::roots, listed());
    }

    @Override
    public List<ObjectId> rootIds() {
        return read("rootIds", line -> {
        }, wrapped::rootIds, listed());
    }

    @Override
    public List<LoggedCommit> log(long afterSequence, int max) {
        return read("log", line -> line.number("after", afterSequence).number("max", max),
                () -> wrapped.log(afterSequence, max), listed());
    }

    @Override
    public List<LoggedCommit> recentLog(int max) {
        return read("recentLog", line -> line.number("max", max), () -> wrapped.recentLog(max), listed());
    }

    // ------------------------------------------------------------------ the wrapped store's commits

    /** A commit event of the wrapped store, announced again as this store's so sessions over it hear of it. */
    @Override
    public void handleEvent(Event event) {
        if (Topics.commit(wrapped.name()).equals(event.getTopic())) {
            events.postEvent(CommitEvents.again(event, name));
        }
    }

    @Override
    public String toString() {
        return "log store '" + name + "' over " + wrapped + " to " + file.path();
    }
}
