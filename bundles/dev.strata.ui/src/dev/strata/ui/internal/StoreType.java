package dev.strata.ui.internal;

import java.util.List;

import dev.strata.core.admin.StrataAdmin;

/**
 * A kind of store as the Stores view's form shows it: built from an installed store type and the
 * settings its metatype declares ({@link StrataAdmin#storeTypes()}).
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
     * @param required     true if it has no default and must be given
     */
    public record Setting(String property, String label, Kind kind, String defaultValue, String hint,
            List<String> choices, long min, boolean required) {

        boolean isNumber() {
            return kind == Kind.INT || kind == Kind.LONG;
        }

        static Setting of(dev.strata.core.admin.Setting s) {
            String defaultValue = s.defaultValue() == null ? "" : s.defaultValue();
            List<String> choices = s.kind() == dev.strata.core.admin.Setting.Kind.BOOLEAN ? List.of("true", "false")
                    : s.choices();
            Kind kind = !choices.isEmpty() ? Kind.CHOICE : switch (s.kind()) {
                case PASSWORD -> Kind.PASSWORD;
                case INTEGER -> Kind.INT;
                case LONG -> Kind.LONG;
                default -> Kind.TEXT;
            };
            return new Setting(s.key(), s.label(), kind, defaultValue.isEmpty() && !choices.isEmpty() ? choices.get(0)
                    : defaultValue, s.description(), choices, s.min() == null ? Long.MIN_VALUE : s.min(), s.required());
        }
    }

    /** The form of an installed store type. */
    public static StoreType of(dev.strata.core.admin.StoreType type) {
        return new StoreType(type.name(), type.factoryPid(), type.settings().stream().map(Setting::of).toList());
    }

    public Setting setting(String property) {
        return settings.stream().filter(s -> s.property().equals(property)).findFirst().orElse(null);
    }
}
