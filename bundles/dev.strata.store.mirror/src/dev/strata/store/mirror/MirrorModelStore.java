package dev.strata.store.mirror;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.event.EventHandler;

import dev.strata.core.ModelStore;

/**
 * A {@link ModelStore} that writes to a primary store and copies every commit the primary accepts
 * to its replicas in the background, with the same commit id and in the primary's order. Reads go
 * to the primary or a replica ({@link ReadFrom}). It follows the primary's commit events (to copy
 * commits made there by others, and to announce them again under its own name): give it those
 * events through {@link #handleEvent} (the OSGi component subscribes it to the primary's topic).
 * <p>
 * {@link #figures()} holds {@code replicas}, {@code behind} (the most any replica is behind, in
 * commits), {@code copied} (commits copied to replicas), {@code retries} (failed attempts tried
 * again), {@code failing} (replicas whose last attempt failed) and {@code refills}.
 */
@ProviderType
public interface MirrorModelStore extends ModelStore, EventHandler {

    /** The store every write goes to. */
    ModelStore primary();

    /** Each replica's progress, in the order the replicas were given. */
    List<ReplicaStatus> replicas();

    /**
     * Waits until every replica has copied every commit the primary had logged when called.
     *
     * @return false if the time ran out first
     */
    boolean awaitCopied(Duration timeout) throws InterruptedException;

    /** Stops copying (a copy under way finishes first); the primary and replicas stay open. */
    void close();
}
