package dev.strata.store.file;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import dev.strata.core.store.HistoryPolicy;

/**
 * How a file store keeps its directory.
 *
 * @param directory          where the snapshot, journal and lock file live (created if missing)
 * @param format             the format compaction writes snapshots in
 * @param sync               true to force every commit to disk before it is acknowledged (default);
 *                           false trades crash safety of the last commits for speed
 * @param compactAfterBytes  journal size that triggers an automatic compaction (0 = never)
 * @param history            which commits the log keeps after compaction folds them into a
 *                           snapshot (their journals are kept as history segments; the oldest
 *                           go when the policy no longer keeps any of their commits)
 */
public record FileStoreOptions(Path directory, Format format, boolean sync, long compactAfterBytes,
        HistoryPolicy history) {

    /** Snapshot formats. */
    public enum Format {
        /** Standard XMI that any EMF tool loads; object ids are the xmi:ids. */
        XMI("xmi"),
        /** Strata's framed binary record format: the fastest to open. */
        BINARY("bin"),
        /** JSON as emfjson-jackson writes it ("@id" = object id), for tools that read JSON. */
        JSON("json");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        /** Parses a configuration value, naming the accepted ones when it is wrong. */
        public static Format parse(String text) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(text.trim()) || f.extension.equalsIgnoreCase(text.trim())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("Unknown snapshot format '" + text + "': use xmi, binary or json");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FileStoreOptions {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(format, "format");
        if (compactAfterBytes < 0) {
            throw new IllegalArgumentException("compactAfterBytes must be >= 0");
        }
        Objects.requireNonNull(history, "history");
    }

    /** Options keeping every commit's history. */
    public FileStoreOptions(Path directory, Format format, boolean sync, long compactAfterBytes) {
        this(directory, format, sync, compactAfterBytes, HistoryPolicy.ALL);
    }

    /** XMI snapshots, forced commits, compaction past 64 MB of journal, every commit's history kept. */
    public static FileStoreOptions defaults(Path directory) {
        return new FileStoreOptions(directory, Format.XMI, true, 64L << 20);
    }

    public FileStoreOptions withFormat(Format f) {
        return new FileStoreOptions(directory, f, sync, compactAfterBytes, history);
    }

    public FileStoreOptions withSync(boolean s) {
        return new FileStoreOptions(directory, format, s, compactAfterBytes, history);
    }

    public FileStoreOptions withCompactAfterBytes(long bytes) {
        return new FileStoreOptions(directory, format, sync, bytes, history);
    }

    /**
     * These options with another history policy.
     *
     * @since 0.2
     */
    public FileStoreOptions withHistory(HistoryPolicy policy) {
        return new FileStoreOptions(directory, format, sync, compactAfterBytes, policy);
    }
}
