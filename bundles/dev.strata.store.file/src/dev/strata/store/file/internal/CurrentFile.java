package dev.strata.store.file.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.strata.core.StoreException;
import dev.strata.store.file.FileStoreOptions.Format;

/**
 * A store directory's {@code CURRENT} file: the generation and format of the current snapshot, and,
 * on a second line, the format chosen when it was written and why it is not in that one (earlier
 * versions read the first two words only).
 *
 * @param chosen the format chosen when the snapshot was written; null when not known
 * @param why    why the snapshot is not in {@code chosen}, one line; null when it is, or not known
 */
record CurrentFile(long generation, Format format, Format chosen, String why) {

    static final String NAME = "CURRENT";

    CurrentFile {
        why = why == null ? null : why.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    }

    /** The file in the directory, or null when there is none (no snapshot yet). */
    static CurrentFile read(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return null;
        }
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).trim().split("\n", 2);
        String[] parts = lines[0].trim().split("\\s+");
        long generation;
        Format format;
        try {
            generation = Long.parseLong(parts[0]);
            format = Format.parse(parts[1]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new StoreException("File " + file + " is damaged (expected '<generation> <format>', found '"
                    + String.join(" ", parts) + "')", e);
        }
        String[] fellBack = lines.length > 1 ? lines[1].strip().split(" ", 2) : new String[0];
        try {
            return fellBack.length < 2 ? new CurrentFile(generation, format, null, null)
                    : new CurrentFile(generation, format, Format.parse(fellBack[0]), fellBack[1]);
        } catch (IllegalArgumentException notAFormat) {
            return new CurrentFile(generation, format, null, null); // an unreadable reason says nothing
        }
    }

    /** Replaces the file, durably. */
    void write(Path dir) throws IOException {
        Path tmp = dir.resolve(NAME + ".tmp");
        String second = why == null ? "" : chosen.extension() + " " + why + "\n";
        Files.writeString(tmp, generation + " " + format.extension() + "\n" + second, StandardCharsets.UTF_8);
        Snapshots.force(tmp);
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE);
        Snapshots.forceDirectory(dir);
    }

    /** What the store tells its user when its snapshot is not in the configured format, or null (named as configured). */
    String notice(Format configured) {
        if (format == configured) {
            return null;
        }
        return "snapshot " + generation + " is " + format + ", not " + configured
                + (why != null && chosen == configured
                        ? " (the " + configured + " snapshot could not be used: " + why + ")"
                        : " (written before " + configured + " was chosen, or by an earlier version; the next compaction"
                                + " after a commit writes " + configured + " if every value fits)");
    }
}
