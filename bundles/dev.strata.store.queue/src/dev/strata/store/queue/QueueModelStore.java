package dev.strata.store.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
     * True while the commit at the head of the queue is refused by the wrapped store (the
     * {@code stuck} figure), so that {@link #setAsideStuck} has something to take. Reads one field:
     * cheap enough for a UI thread, unlike {@link #figures()}.
     *
     * @since 0.2
     */
    boolean isStuck();

    /**
     * Takes the commit that keeps the queue stuck (the wrapped store refuses it: another writer
     * changed its objects meanwhile) out of the queue, so the commits behind it go on. The later
     * queued commits that touch its objects (or objects those touch) go with it: made on top of it,
     * they would overwrite the other writer's change. Nothing is lost: they are first written to
     * {@code file}, a JSON array of the change sets in the form the REST protocol uses (with their
     * commit ids, the sequences they were acknowledged as, why the store refused the first; a
     * coalesced group gives each of its commits), forced to disk; then the journal records, forced,
     * that they left the queue. Reads of the queue show the wrapped store's values for their objects
     * again, and listeners are told to read afresh. The queue's log still lists them as acknowledged.
     *
     * @return the ids of the commits set aside, in the order they were acknowledged
     * @throws IllegalStateException if the queue is not stuck (nothing refused at its head)
     * @throws dev.strata.core.StoreException if the file exists or cannot be written; the queue is
     *         then as it was
     * @since 0.2
     */
    List<UUID> setAsideStuck(Path file);

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
