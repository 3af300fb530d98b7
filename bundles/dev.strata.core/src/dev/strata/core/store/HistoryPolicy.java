package dev.strata.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much commit history a store keeps: every commit, the newest N commits, or the commits of the
 * last N days. Stores read it from the configuration property {@value #PROPERTY}, written
 * {@code all}, {@code <N> commits} or {@code <N> days}.
 *
 * @since 0.5
 */
public final class HistoryPolicy {

    /** The configuration property every store reads its policy from. */
    public static final String PROPERTY = "history.keep";

    /** Keeps every commit. */
    public static final HistoryPolicy ALL = new HistoryPolicy(0, null);

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,18})\\s*(commits?|days?)");

    /** 0: no limit by count. */
    private final long commits;
    /** null: no limit by age. */
    private final Duration age;

    private HistoryPolicy(long commits, Duration age) {
        this.commits = commits;
        this.age = age;
    }

    /** Keeps the newest {@code n} commits (n at least 1). */
    public static HistoryPolicy commits(long n) {
        if (n < 1) {
            throw new IllegalArgumentException(PROPERTY + ": the number of commits must be at least 1, not " + n);
        }
        return new HistoryPolicy(n, null);
    }

    /** Keeps the commits accepted in the last {@code n} days (n at least 1). */
    public static HistoryPolicy days(long n) {
        if (n < 1 || n > 365L * 100_000) {
            throw new IllegalArgumentException(PROPERTY + ": the number of days must be between 1 and 36500000, not " + n);
        }
        return new HistoryPolicy(0, Duration.ofDays(n));
    }

    /**
     * Reads a policy as configured: {@code all}, {@code <N> commits} or {@code <N> days} (case and
     * spaces do not matter; {@code 1 commit} and {@code 1 day} read too).
     *
     * @throws IllegalArgumentException naming the property and the value when it is none of these
     */
    public static HistoryPolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("all")) {
            return ALL;
        }
        Matcher m = SYNTAX.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            if (n >= 1) {
                return m.group(2).startsWith("commit") ? commits(n) : days(n);
            }
        }
        throw new IllegalArgumentException(PROPERTY + " '" + text + "' is not a history policy: write all, <N> commits"
                + " or <N> days (N a whole number, at least 1), e.g. '10000 commits' or '30 days'");
    }

    /**
     * This policy, keeping no more than the newest {@code n} commits either: what a store keeps in
     * memory of a longer history it keeps on disk.
     */
    public HistoryPolicy atMost(long n) {
        if (n < 1) {
            throw new IllegalArgumentException(PROPERTY + ": the number of commits must be at least 1, not " + n);
        }
        return new HistoryPolicy(commits == 0 ? n : Math.min(commits, n), age);
    }

    /**
     * {@link #parse(String)} for a store's configuration: the error also names the store, as the
     * Stores view and {@code strata:stores} show it as the store's failure.
     */
    public static HistoryPolicy parse(String store, String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Store '" + store + "': " + e.getMessage(), e);
        }
    }

    /** True if every commit is kept. */
    public boolean keepsAll() {
        return commits == 0 && age == null;
    }

    /** How many of the newest commits are kept, if the policy limits their number. */
    public OptionalLong commits() {
        return commits == 0 ? OptionalLong.empty() : OptionalLong.of(commits);
    }

    /** How old a kept commit may be, if the policy limits age. */
    public Optional<Duration> age() {
        return Optional.ofNullable(age);
    }

    /**
     * True if the policy keeps a commit.
     *
     * @param newer how many commits came after it
     * @param time  when the store accepted it; null when unknown, which counts as older than any
     *              age limit (only journals from before times were kept lack it)
     * @param now   the time to measure age from
     */
    public boolean keeps(long newer, Instant time, Instant now) {
        if (commits != 0 && newer >= commits) {
            return false;
        }
        return age == null || time != null && !time.isBefore(now.minus(age));
    }

    /**
     * The oldest accepted time a kept commit may have, measured from now; null when age is not limited.
     */
    public Instant oldestKept(Instant now) {
        return age == null ? null : now.minus(age);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryPolicy p && p.commits == commits && java.util.Objects.equals(p.age, age);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(commits) * 31 + java.util.Objects.hashCode(age);
    }

    /** The policy as {@link #parse} reads it. */
    @Override
    public String toString() {
        if (keepsAll()) {
            return "all";
        }
        String count = commits + " commits";
        String days = age == null ? "" : age.toDays() + " days";
        return age == null ? count : commits == 0 ? days : days + ", at most " + count;
    }
}
