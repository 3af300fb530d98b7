package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.strata.core.ModelStore;
import dev.strata.core.admin.StoreConfiguration;
import dev.strata.core.admin.StoreImporter;
import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.diagnostics.Health;
import dev.strata.ui.internal.StoreType.Setting;

/**
 * Store configurations as the Stores view edits them, through {@link StrataAdmin} (which the
 * console's {@code mkstore} uses too), made from the text a user typed, checked first with messages
 * that say what to fix. No widgets here, and no knowledge of any store type: input is checked only
 * against what the type's metatype declares (required, choices, numbers and their least value); a
 * value the store itself refuses (a URL, a directory) shows as its failure to start.
 */
public final class StoreConfigurations {

    /**
     * A store configured through Config Admin: its type, name and settings as text.
     *
     * @param pid the PID of its configuration
     */
    public record Configured(StoreType type, String name, Map<String, String> values, String pid) {
    }

    private final StrataAdmin admin;

    public StoreConfigurations(StrataAdmin admin) {
        this.admin = admin;
    }

    public StrataAdmin admin() {
        return admin;
    }

    /** The store types installed here, from their metatype. */
    public List<StoreType> installedTypes() {
        return admin.storeTypes().stream().map(StoreType::of).toList();
    }

    /**
     * The installed store type of this name.
     *
     * @throws IllegalArgumentException naming the installed types if there is none of that name
     */
    public StoreType type(String name) {
        return StoreType.of(admin.storeType(name));
    }

    /** The service that imports XMI files into a new store, if a store bundle offers one. */
    public Optional<StoreImporter> xmiImporter() {
        return admin.importers().stream().filter(i -> i.extensions().contains("xmi")).findFirst();
    }

    /**
     * The first problem with what the user entered, as a message saying what to fix, or null.
     *
     * @param adding true for a new store (its name must be free), false when editing one
     */
    public String problem(StoreType type, String name, Map<String, String> values, boolean adding) {
        if (type == null) {
            return "Choose the type of store.";
        }
        String n = name == null ? "" : name.trim();
        if (n.isEmpty()) {
            return "Enter a name for the store.";
        }
        // An existing store keeps its name, whatever made it; only new names are checked.
        if (adding && !n.matches(dev.strata.core.admin.StrataConfig.NAME_PATTERN)) {
            // The name is the last segment of the store's event topic, and goes into service filters.
            return "A store name is letters, digits, '_' or '-', starting with a letter or digit: '" + n + "'.";
        }
        if (adding && exists(n)) {
            return "A store named '" + n + "' exists already; choose another name, or edit that store.";
        }
        for (Setting s : type.settings()) {
            String problem = problem(s, values.getOrDefault(s.property(), ""));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String problem(Setting s, String text) {
        String v = text.trim();
        if (v.isEmpty()) {
            return s.kind() == StoreType.Kind.CHOICE ? s.label() + ": choose one of " + String.join(", ", s.choices()) + "."
                    : s.required() ? s.label() + ": enter a value." : null;
        }
        switch (s.kind()) {
            case CHOICE:
                return s.choices().contains(v) ? null
                        : s.label() + " is one of " + String.join(", ", s.choices()) + ", not '" + v + "'.";
            case INT:
            case LONG:
                long number;
                try {
                    number = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    return s.label() + " must be a whole number, not '" + v + "'.";
                }
                if (number < s.min()) {
                    return s.label() + " must be at least " + s.min() + ", not " + number + ".";
                }
                if (s.kind() == StoreType.Kind.INT && number > Integer.MAX_VALUE) {
                    return s.label() + " must be at most " + Integer.MAX_VALUE + ", not " + number + ".";
                }
                return null;
            default:
                // Text: what it must look like is the store's to say, when it starts (see status).
                return null;
        }
    }

    /**
     * The configuration properties for this input, as the store type's metatype types them. Empty
     * settings are left out, so the component uses its default.
     *
     * @throws IllegalArgumentException with the message of {@link #problem} if the input is not valid
     */
    public Dictionary<String, Object> properties(StoreType type, String name, Map<String, String> values) {
        for (Setting s : type.settings()) {
            String problem = problem(s, values.getOrDefault(s.property(), ""));
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        return new Hashtable<>(admin.storeProperties(admin.storeType(type.name()), name.trim(), settings(type, values)));
    }

    /** The values of the type's settings only. */
    private static Map<String, String> settings(StoreType type, Map<String, String> values) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Setting s : type.settings()) {
            settings.put(s.property(), values.getOrDefault(s.property(), ""));
        }
        return settings;
    }

    /**
     * Creates the configuration of a new store; the store's component then starts it (see
     * {@link #status}).
     *
     * @throws IllegalArgumentException if the input is not valid, with the message saying why
     */
    public void add(StoreType type, String name, Map<String, String> values) {
        String problem = problem(type, name, values, true);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        admin.configureStore(type.name(), name.trim(), settings(type, values));
    }

    /** Replaces a configured store's settings; its component restarts the store with them. */
    public void update(Configured store, Map<String, String> values) {
        String problem = problem(store.type(), store.name(), values, false);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        admin.updateStore(store.name(), settings(store.type(), values));
    }

    /** Deletes the configuration of a store: the store closes; its data stays where it is. */
    public void remove(Configured store) {
        admin.removeStore(store.name());
    }

    /** The configuration of the named store, if it is configured through Config Admin with an installed type. */
    public Optional<Configured> find(String name) {
        return admin.storeConfiguration(name).flatMap(this::configured);
    }

    /**
     * The factory pid of the named store's configuration when no installed store type takes it, or null.
     */
    public String unknownTypeOf(String name) {
        return admin.storeConfiguration(name).filter(c -> configured(c).isEmpty())
                .map(StoreConfiguration::factoryPid).orElse(null);
    }

    /** Every store configured through Config Admin with an installed type, by name. */
    public List<Configured> all() {
        List<Configured> all = new ArrayList<>();
        for (StoreConfiguration c : admin.storeConfigurations()) {
            configured(c).ifPresent(all::add);
        }
        return all;
    }

    private Optional<Configured> configured(StoreConfiguration c) {
        List<StoreType> types = installedTypes();
        Optional<StoreType> type = types.stream().filter(t -> t.factoryPid().equals(c.factoryPid())).findFirst();
        return type.map(t -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (Setting s : t.settings()) {
                values.put(s.property(), c.settings().getOrDefault(s.property(), ""));
            }
            return new Configured(t, c.name(), values, c.pid());
        });
    }

    /** True if a store of that name is configured or registered. */
    public boolean exists(String name) {
        return admin.storeExists(name);
    }

    /** The store's service if it is registered now, or null. */
    public ModelStore running(String name) {
        return admin.store(name).orElse(null);
    }

    /** Names of the repositories that use the store, registered or configured. */
    public List<String> repositoriesOn(String store) {
        return admin.repositoriesOn(store);
    }

    /**
     * Why a configured store is not running, or null when its service is registered: the store
     * component's activation failure (a bad URL, a directory in use…), or what it waits for.
     */
    public String status(String name) {
        StoreStatus status = admin.storeStatus(name);
        return switch (status.state()) {
            case RUNNING -> null;
            case FAILED -> "failed: " + status.detail();
            case WAITING -> "waiting for " + status.detail();
            case STARTING -> "starting";
            case NOT_CONFIGURED -> "not configured";
            case NOT_INSTALLED -> status.detail();
        };
    }

    /** The useful part of an activation failure as the DS runtime reports it (a stack trace). */
    public static String reason(String failure) {
        return Health.failureReason(failure);
    }
}
