package dev.strata.core.admin;

import java.util.List;
import java.util.Optional;

/**
 * A kind of store that is installed: a DS component registering {@code ModelStore} services with a
 * {@code strata.store.type} property, configured by a factory PID, and the settings its metatype
 * declares (the store name itself is not among them).
 *
 * @param name        the type, as the stores' {@code strata.store.type} property says it (file, jdbc)
 * @param factoryPid  the factory PID a store configuration of this type is created with
 * @param label       the metatype's name of the type, or the type name when it has no metatype
 * @param description one line about the type, or ""
 * @param settings    the settings in the order the metatype declares them
 */
public record StoreType(String name, String factoryPid, String label, String description, List<Setting> settings) {

    public StoreType {
        settings = List.copyOf(settings);
    }

    /** The setting of this key, if the type declares it. */
    public Optional<Setting> setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
