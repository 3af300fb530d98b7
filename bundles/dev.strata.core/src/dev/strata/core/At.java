package dev.strata.core;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A point in a repository's history to open a read-only session at
 * ({@link Repository#openSession(At)}): just after a commit, named by its sequence or its commit
 * id, or at an instant (just after the last commit accepted at or before it).
 *
 * @since 0.5
 */
public final class At {

    private final Long sequence;
    private final UUID commitId;
    private final Instant time;

    private At(Long sequence, UUID commitId, Instant time) {
        this.sequence = sequence;
        this.commitId = commitId;
        this.time = time;
    }

    /** Just after the commit with this sequence ({@link CommitResult#sequence()}, {@link LoggedCommit#sequence()}). */
    public static At commit(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("A commit sequence is never negative, got " + sequence);
        }
        return new At(sequence, null, null);
    }

    /** Just after the commit with this id ({@link ChangeSet#commitId()}). */
    public static At commit(UUID commitId) {
        return new At(null, Objects.requireNonNull(commitId, "commitId"), null);
    }

    /** Just after the last commit the store accepted at or before this instant. */
    public static At time(Instant instant) {
        return new At(null, null, Objects.requireNonNull(instant, "instant"));
    }

    /**
     * Reads a point as people and URLs write it: a commit sequence ({@code 12}), a commit id, an ISO
     * instant ({@code 2026-12-04T10:15:00Z}) or a local date-time ({@code 2026-12-04T10:15}, in this
     * machine's zone).
     *
     * @throws IllegalArgumentException naming the text and the forms it may take
     */
    public static At parse(String text) {
        String point = text == null ? "" : text.strip();
        if (!point.isEmpty() && point.chars().allMatch(Character::isDigit)) {
            return commit(Long.parseLong(point));
        }
        try {
            return commit(UUID.fromString(point));
        } catch (IllegalArgumentException notAnId) {
            // a time, then
        }
        try {
            return time(Instant.parse(point));
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            // a local date-time, then
        }
        try {
            return time(java.time.LocalDateTime.parse(point.replace(' ', 'T')).atZone(java.time.ZoneId.systemDefault())
                    .toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + point + "' is no point in history: give a commit sequence (12), a"
                    + " commit id, an ISO time (2026-12-04T10:15:00Z, or 2026-12-04T10:15 in local time)");
        }
    }

    /** The sequence, when this point names a commit by its sequence. */
    public java.util.OptionalLong sequence() {
        return sequence == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(sequence);
    }

    /** The commit id, when this point names a commit by its id. */
    public java.util.Optional<UUID> commitId() {
        return java.util.Optional.ofNullable(commitId);
    }

    /** The instant, when this point is a time. */
    public java.util.Optional<Instant> time() {
        return java.util.Optional.ofNullable(time);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof At a && Objects.equals(sequence, a.sequence) && Objects.equals(commitId, a.commitId)
                && Objects.equals(time, a.time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, commitId, time);
    }

    /** "commit 12", "commit 3f2c…" (the full id) or "time 2026-12-04T11:40:26Z". */
    @Override
    public String toString() {
        return sequence != null ? "commit " + sequence : commitId != null ? "commit " + commitId : "time " + time;
    }
}
