package dev.strata.ui.internal;

import java.util.List;

/**
 * A kind of store the Stores view can configure: its Config Admin factory pid and its settings, as
 * the store component's metatype declares them (attribute {@code compact_after_mb} is property
 * {@code compact.after.mb}, {@code _password} is {@code .password}).
 *
 * @param name       the store type, as the store's {@code strata.store.type} property says it
 * @param factoryPid the factory configuration pid of its component
 */
public record StoreType(String name, String factoryPid, List<Setting> settings) {

    /** How a setting is entered and stored. */
    public enum Kind {
        /** Free text; empty means the component's default. */
        TEXT,
        /** Text shown masked. */
        PASSWORD,
        /** One of {@link Setting#choices()}. */
        CHOICE,
        /** A whole number stored as Integer. */
        INT,
        /** A whole number stored as Long. */
        LONG
    }

    /**
     * One configuration property.
     *
     * @param property     the configuration property
     * @param defaultValue what the component uses when the property is absent, as text
     * @param hint         one line for the user, or ""
     * @param min          the least accepted value of a number
     */
    public record Setting(String property, String label, Kind kind, String defaultValue, String hint,
            List<String> choices, long min) {

        static Setting text(String property, String label, String hint) {
            return new Setting(property, label, Kind.TEXT, "", hint, List.of(), 0);
        }

        static Setting choice(String property, String label, String hint, String... choices) {
            return new Setting(property, label, Kind.CHOICE, choices[0], hint, List.of(choices), 0);
        }

        static Setting number(String property, String label, Kind kind, long defaultValue, long min, String hint) {
            return new Setting(property, label, kind, Long.toString(defaultValue), hint, List.of(), min);
        }

        boolean isNumber() {
            return kind == Kind.INT || kind == Kind.LONG;
        }
    }

    /** The file store (bundle dev.strata.store.file, FileStoreComponent). */
    public static final StoreType FILE = new StoreType("file", "dev.strata.store.file", List.of(
            Setting.text("directory", "Directory", "Empty: <user home>/.strata/stores/<name>"),
            Setting.choice("format", "Snapshot format", "xmi is readable by any EMF tool; binary opens fastest",
                    "xmi", "binary", "json"),
            Setting.choice("durability", "Durability",
                    "sync forces each commit to disk before acknowledging it; none lets the OS flush", "sync", "none"),
            Setting.number("compact.after.mb", "Compact after (MB)", Kind.LONG, 64, 0,
                    "Journal size that triggers compaction; 0 = never")));

    /** The JDBC store (bundle dev.strata.store.jdbc, JdbcStoreComponent). */
    public static final StoreType JDBC = new StoreType("jdbc", "dev.strata.store.jdbc", List.of(
            Setting.text("url", "JDBC URL",
                    "Empty: an embedded H2 database in <user home>/.strata/h2/<name>; or jdbc:postgresql://…, jdbc:mariadb://…"),
            Setting.text("user", "User", ""),
            new Setting(".password", "Password", Kind.PASSWORD, "", "", List.of(), 0),
            Setting.text("schema", "Schema", "Schema (database on MariaDB) for the tables; created if missing"),
            Setting.number("pool.size", "Pool size", Kind.INT, 4, 1, "Connections kept open at most"),
            Setting.number("poll.ms", "Poll interval (ms)", Kind.LONG, 500, 1,
                    "H2 and MariaDB: how often to look for other processes' commits")));

    /** The types this view knows how to configure, in the order it offers them. */
    public static List<StoreType> known() {
        return List.of(FILE, JDBC);
    }

    /** The known type configured by a factory pid, or null. */
    public static StoreType ofFactoryPid(String factoryPid) {
        return known().stream().filter(t -> t.factoryPid().equals(factoryPid)).findFirst().orElse(null);
    }

    public Setting setting(String property) {
        return settings.stream().filter(s -> s.property().equals(property)).findFirst().orElse(null);
    }
}
