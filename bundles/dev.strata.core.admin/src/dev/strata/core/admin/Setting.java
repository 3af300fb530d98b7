package dev.strata.core.admin;

import java.util.List;

/**
 * One configuration property of a store type, from its metatype attribute definition. A key like
 * {@code compact.after.mb} is what the component's attribute {@code compact_after_mb} reads; a key
 * starting with a dot ({@code .password}) is private to the component.
 *
 * @param key          the configuration property
 * @param label        the attribute's name, for people
 * @param description  one line for people, or ""
 * @param kind         how the value is typed and stored
 * @param defaultValue what the component uses when the property is absent, as text; null if none
 * @param required     true if a store cannot start without a value (no default, required)
 * @param choices      the values allowed, or empty for any
 * @param min          the least number allowed, or null
 */
public record Setting(String key, String label, String description, Kind kind, String defaultValue, boolean required,
        List<String> choices, Long min) {

    /** How a setting's value is stored. */
    public enum Kind {
        /** Text. */
        STRING,
        /** Text not to be shown. */
        PASSWORD,
        /** A whole number stored as Integer. */
        INTEGER,
        /** A whole number stored as Long. */
        LONG,
        /** true or false, stored as Boolean. */
        BOOLEAN
    }

    public Setting {
        description = description == null ? "" : description;
        choices = List.copyOf(choices);
    }

    /** True for INTEGER and LONG. */
    public boolean isNumber() {
        return kind == Kind.INTEGER || kind == Kind.LONG;
    }
}
