package dev.strata.core.admin;

import java.util.Map;

/**
 * A store configured through Config Admin.
 *
 * @param name       the store's name
 * @param type       its type's name (file, jdbc, ...)
 * @param factoryPid the factory PID of its configuration
 * @param settings   its configured properties other than the name and the framework's own, as text
 * @param pid        the PID of the configuration itself (what Config Admin events name)
 */
public record StoreConfiguration(String name, String type, String factoryPid, Map<String, String> settings, String pid) {

    public StoreConfiguration {
        settings = Map.copyOf(settings);
    }
}
