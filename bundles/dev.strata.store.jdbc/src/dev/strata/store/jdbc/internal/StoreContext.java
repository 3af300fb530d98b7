package dev.strata.store.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.strata.core.IndexDef;
import dev.strata.core.Nil;
import dev.strata.core.Progress;
import dev.strata.core.StoreException;
import dev.strata.core.store.ChangeCheck;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.internal.Catalog.ClassTable;
import dev.strata.store.jdbc.internal.Catalog.Feature;

/**
 * What the parts of one JDBC store share: its name and options, the database's dialect, the pool,
 * the catalog, the change check, and the locks that keep schema changes, tree reads and commits apart.
 */
final class StoreContext {

    /** Rows per batch: keeps statements and driver buffers bounded (ids per condition: the dialect's). */
    static final int BATCH = 2000;

    private static final Map<String, ReentrantReadWriteLock> TREE_LOCKS = new ConcurrentHashMap<>();

    final String name;
    final JdbcStoreOptions options;
    final Dialect dialect;
    final ChangeCheck check;
    final Pool pool;
    final Catalog catalog;
    final Progress progress;
    /** Tells this process's commits from others' in the log. */
    final UUID origin = UUID.randomUUID();
    /** Commits and reads share it; schema changes (tables, columns, indexes) take it alone. */
    final ReentrantReadWriteLock schemaLock = new ReentrantReadWriteLock();
    /** Where the database cannot read a tree as of one moment: keeps tree reads and commits apart. */
    final ReentrantReadWriteLock treeLock;
    private volatile boolean closed;

    StoreContext(String name, JdbcStoreOptions options, Progress progress) {
        this.name = name;
        this.options = options;
        this.dialect = Dialect.forUrl(options.url());
        // PostgreSQL refuses NUL and MariaDB's utf8mb4 turns a lone surrogate into '?': refuse both before writing.
        this.check = new ChangeCheck(name, List.of(), ChangeCheck.UnknownPackages.REFUSE, dialect != Dialect.H2);
        this.pool = new Pool(name, dialect, options);
        this.catalog = new Catalog(dialect);
        this.progress = progress == null ? Progress.NONE : progress;
        this.treeLock = dialect.readsOneSnapshot() ? null
                : TREE_LOCKS.computeIfAbsent(options.url() + "|" + options.schema(), k -> new ReentrantReadWriteLock());
    }

    void checkOpen() {
        if (closed) {
            throw new StoreException("Store '" + name + "' is closed");
        }
    }

    /** Marks the store closed; false if it already was. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    StoreException failure(String what, SQLException e) {
        String lost = SqlErrors.isConnectionLost(e) ? " (the connection was lost)" : "";
        // A failed batch reports the whole batch; the reason is in the next exception.
        SQLException reason = SqlErrors.reason(e);
        String message = String.valueOf(reason.getMessage());
        if (message.length() > 400) {
            message = message.substring(0, 400) + "...";
        }
        return new StoreException("Store '" + name + "' (" + dialect.product() + " at " + options + "): " + what
                + " failed" + lost + ": " + message, e);
    }

    /** The declared indexes, as the catalog knows them now. */
    Collection<IndexDef> indexes() {
        schemaLock.readLock().lock();
        try {
            return List.copyOf(catalog.indexes().keySet());
        } finally {
            schemaLock.readLock().unlock();
        }
    }

    String q(String identifier) {
        return dialect.quote(identifier);
    }

    /** Binds a value, saying which feature expected what when the value has the wrong type. */
    void bind(PreparedStatement s, int index, ClassTable t, Feature f, Object value) throws SQLException {
        try {
            // Set to null: strata_set_empty says so.
            ColumnValues.bind(dialect, s, index, f.kind(), value == Nil.VALUE ? null : value);
        } catch (ClassCastException | IllegalArgumentException e) {
            throw wrongType(t, f, value);
        }
    }

    static StoreException wrongType(ClassTable t, Feature f, Object value) {
        return new StoreException(t.type.name() + "." + f.name() + " holds " + f.kind().javaType.getSimpleName()
                + " values, not " + value.getClass().getSimpleName() + " '" + value + "'");
    }

    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            result.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return result;
    }
}
