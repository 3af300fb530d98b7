package dev.strata.store.mirror;

/** Which store answers a mirror's reads. */
public enum ReadFrom {
    /** Every read goes to the primary. */
    PRIMARY,
    /**
     * Reads go to the first replica that has copied every commit this mirror acknowledged or
     * announced; while none has, to the primary.
     */
    REPLICA;

    /**
     * The value of a {@code read.from} setting: primary or replica, in any case.
     *
     * @throws IllegalArgumentException naming the store and the value
     */
    public static ReadFrom parse(String store, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
        case "primary", "" -> PRIMARY;
        case "replica" -> REPLICA;
        default -> throw new IllegalArgumentException("Mirror '" + store + "': read.from is '" + text
                + "'; it must be primary or replica");
        };
    }
}
