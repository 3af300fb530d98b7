package dev.strata.store.queue.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

import dev.strata.core.ModelStore;
import dev.strata.core.contract.ModelStoreContractTest;
import dev.strata.store.queue.QueueModelStore;
import dev.strata.store.queue.QueueStoreOptions;
import dev.strata.store.queue.QueueStores;

/**
 * The store contract on a queue over another store. Coalescing is off: the contract counts the
 * wrapped store's versions per commit; coalescing has its own test. Reopening closes the queue with
 * what it still holds, reopens the wrapped store and opens a new queue on the same journal.
 */
abstract class QueueContractTest extends ModelStoreContractTest {

    private record Made(ModelStore wrapped, Path journal) {
    }

    private final Map<ModelStore, Made> made = new IdentityHashMap<>();

    /** A new, empty store for the queue to write to, posting its events to {@code relay}. */
    protected abstract ModelStore createWrapped(String name, Relay relay) throws Exception;

    /** The wrapped store closed and opened again from what it keeps; memory returns itself. */
    protected ModelStore reopenWrapped(ModelStore wrapped, Relay relay) throws Exception {
        return wrapped;
    }

    protected void disposeWrapped(ModelStore wrapped) throws Exception {
    }

    static QueueStoreOptions options(Path journal) {
        return QueueStoreOptions.defaults(journal).withCoalesce(false).withRetryMax(Duration.ofMillis(200));
    }

    @Override
    protected final ModelStore createStore(String name) throws Exception {
        Relay relay = new Relay();
        return queue(name, createWrapped(name + "_wrapped", relay), relay,
                Files.createTempDirectory("strata-queue-contract"));
    }

    private QueueModelStore queue(String name, ModelStore wrapped, Relay relay, Path journal) {
        QueueModelStore queue = QueueStores.open(name, wrapped, options(journal), events);
        relay.to(queue);
        made.put(queue, new Made(wrapped, journal));
        return queue;
    }

    @Override
    protected final ModelStore reopen(ModelStore s) throws Exception {
        Made m = made.remove(s);
        ((QueueModelStore) s).close();
        Relay relay = new Relay();
        ModelStore again = reopenWrapped(m.wrapped(), relay);
        return queue(s.name(), again, relay, m.journal());
    }

    @Override
    protected final void disposeStore(ModelStore s) throws Exception {
        Made m = made.remove(s);
        if (m != null) {
            ((QueueModelStore) s).close();
            disposeWrapped(m.wrapped());
            deleteTree(m.journal());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
