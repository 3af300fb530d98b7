package dev.strata.store.rest;

import java.net.URI;

import org.osgi.annotation.versioning.ProviderType;

import dev.strata.core.ModelStore;

/** A {@link ModelStore} whose data lives on a Strata server, reached over HTTP. */
@ProviderType
public interface RestModelStore extends ModelStore, AutoCloseable {

    /** The store's address on the server, e.g. {@code http://127.0.0.1:8080/strata/stores/tasks}. */
    URI url();

    /** True while the change stream is connected (always false for a store opened without events). */
    boolean streaming();

    /**
     * The sequence of the last commit the change stream delivered (or the server's position when
     * the stream started); -1 before the position is known.
     */
    long streamPosition();

    /** Stops the change stream and releases the connection pool. */
    @Override
    void close();
}
