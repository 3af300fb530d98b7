package dev.strata.core.admin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import dev.strata.core.Progress;

/**
 * Creates a new store's data from a model file written by any EMF tool. A store bundle registers
 * one per file kind it can import (the file store: XMI); views and the console find them through
 * {@link StrataAdmin#importers()} and then configure the store with {@link StrataAdmin}.
 */
@ProviderType
public interface StoreImporter {

    /** The store type whose data this importer writes (a {@link StoreType#name()}). */
    String storeType();

    /** What it imports, for people, e.g. "XMI". */
    String format();

    /** File name extensions it reads, without the dot (e.g. xmi). */
    List<String> extensions();

    /**
     * Why a store of this name and these settings (as text, as for
     * {@link StrataAdmin#configureStore}) cannot be imported into, or null. Cheap: meant to be
     * called while a user types.
     */
    String problem(String name, Map<String, String> settings);

    /**
     * Reads the file into new store data at the place the settings say; nothing is configured. If
     * it fails or {@code progress} is cancelled, nothing is left behind.
     *
     * @return the settings to configure the store with and what was imported
     * @throws IllegalArgumentException if {@link #problem} says why not
     * @throws java.util.concurrent.CancellationException if cancelled
     */
    Imported importFile(Path file, String name, Map<String, String> settings, Progress progress) throws IOException;

    /**
     * What an import made.
     *
     * @param settings the settings of the new store (as for {@link StrataAdmin#configureStore})
     * @param location where its data is, for people
     * @param packages namespace URIs of the model packages the file uses
     * @param roots    how many root objects it holds
     */
    record Imported(Map<String, String> settings, String location, List<String> packages, int roots) {

        public Imported {
            settings = Map.copyOf(settings);
            packages = List.copyOf(packages);
        }
    }
}
