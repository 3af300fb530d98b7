package dev.strata.store.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.event.EventHandler;

import dev.strata.core.ModelStore;

/**
 * A {@link ModelStore} that acknowledges a commit once it is durable in its journal and passes it
 * on to the store it wraps later, from one background thread, in the order acknowledged.
 * <p>
 * Before acknowledging, a commit is checked against the wrapped store's records with the queued
 * commits applied (versions, existing ids, containment, unique indexes, other sessions' locks),
 * so that, with no other writer on the wrapped store, it is taken there later. Reads see queued
 * commits. A commit the wrapped store cannot take now (unreachable) is retried with growing pauses;
 * one it refuses (another writer changed the same objects meanwhile) stays at the head of the queue,
 * reported by {@link #problem()} and the {@code stuck} figure, and is never dropped.
 * <p>
 * Sequences and the log are the queue's own: the commits acknowledged since it was opened. Commits
 * others make to the wrapped store are announced as a resync on the queue's topic: give it the
 * wrapped store's commit events through {@link #handleEvent}.
 */
@ProviderType
public interface QueueModelStore extends ModelStore, EventHandler, AutoCloseable {

    /** The store queued commits go to. */
    ModelStore wrapped();

    /** The folder of the journal. */
    Path journalDirectory();

    /** Commits acknowledged and not yet in the wrapped store. */
    int queued();

    /**
     * Why the last attempt to pass the head of the queue on failed, while it keeps failing (store
     * unreachable, or a refusal that keeps the queue stuck); empty once the drain goes through.
     */
    Optional<String> problem();

    /**
     * Waits until every commit acknowledged so far is in the wrapped store.
     *
     * @return false if the time ran out first
     */
    boolean awaitDrained(Duration timeout) throws InterruptedException;

    /** Stops the drain and closes the journal; what is still queued is drained when the journal is opened again. */
    @Override
    void close();
}
