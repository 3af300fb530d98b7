package dev.strata.store.file;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import dev.strata.core.ModelStore;

/** A {@link ModelStore} kept in a directory, with the operations only a file store has. */
@ProviderType
public interface FileModelStore extends ModelStore, AutoCloseable {

    Path directory();

    /** Current size of the journal in bytes (what the next open replays). */
    long journalSize();

    /**
     * Folds the journal into a new snapshot. Readers are never blocked; commits wait only while the
     * journal is switched. Returns when the new snapshot is in place.
     */
    void compact();

    /** Waits for a running compaction, then releases the directory. */
    @Override
    void close();
}
