package dev.strata.store.log;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.event.EventHandler;

import dev.strata.core.ModelStore;

/**
 * A {@link ModelStore} that passes every operation to the store it wraps and appends one JSON
 * line per operation to its {@link #file()}: {@code time}, {@code store}, {@code op}, what was
 * asked ({@code ids}, {@code query}, {@code commit} …), the outcome ({@code size} of what was
 * read, the commit's {@code sequence}) or the {@code error}, and {@code us}, the time taken in
 * microseconds. Each line is written before the operation returns.
 * <p>
 * An audit log that misses operations is worse than a store that stops: when a line cannot be
 * written the operation fails with a {@link dev.strata.core.StoreException} saying so (a commit
 * was applied nonetheless and is recognised by its commit id when retried), and later operations
 * are refused until the file takes a line again: an {@code "op":"unwritten"} line giving how many
 * lines are missing, written before the next operation's. {@link #figures()} holds {@code lines}
 * written and {@code unwritten} lines.
 * <p>
 * It announces the wrapped store's commits again under its own name: give it those events through
 * {@link #handleEvent} (the OSGi component subscribes it to the wrapped store's commit topic).
 */
@ProviderType
public interface LogModelStore extends ModelStore, EventHandler, AutoCloseable {

    /** Which operations get a line. */
    enum Operations {
        /** Commits, migrations, model versions, model layouts, index declarations and rebuilds, locks. */
        WRITES,
        /** Those and every read of data: loads, trees, roots, queries, counts, the log. */
        ALL
    }

    /** The store operations go to. */
    ModelStore wrapped();

    /** The JSON lines file. */
    Path file();

    /** Closes the file; operations after it are refused. */
    @Override
    void close();
}
