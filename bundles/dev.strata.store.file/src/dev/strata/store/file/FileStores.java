package dev.strata.store.file;

import java.nio.file.Path;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.Progress;
import dev.strata.store.file.internal.FileStore;

/** Opens file stores without OSGi, and imports XMI files made by plain EMF. */
public final class FileStores {

    private FileStores() {
    }

    /** Opens (or creates) a store; one process at a time may open a directory. */
    public static FileModelStore open(String name, FileStoreOptions options) {
        return FileStore.open(name, options, null, Progress.NONE);
    }

    /** Opens a store, reporting progress of loading and replay, posting commit events if events is set. */
    public static FileModelStore open(String name, FileStoreOptions options, EventAdmin events, Progress progress) {
        return FileStore.open(name, options, events, progress);
    }

    /**
     * Creates a store in an empty directory from an XMI file written by any EMF tool. Objects keep
     * UUID xmi:ids as their ids and get new ids otherwise. The file's EPackages must be registered.
     */
    public static FileModelStore importXmi(String name, Path xmiFile, FileStoreOptions options, Progress progress) {
        return FileStore.importXmi(name, xmiFile, options, progress);
    }
}
