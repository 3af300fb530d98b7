package dev.strata.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import dev.strata.core.ModelStore;
import dev.strata.core.Repository;
import dev.strata.core.diagnostics.Health;
import dev.strata.ui.internal.StoreType.Setting;

/**
 * Store configurations as the Stores view edits them: Config Admin factory configurations of the
 * store components (what {@code ProductDefaults} and the console's {@code mkstore} write too), made
 * from the text a user typed, checked first with messages that say what to fix. No widgets here.
 */
public final class StoreConfigurations {

    /** A store configured through Config Admin: its type, name and settings as text. */
    public record Configured(StoreType type, String name, Map<String, String> values, Configuration configuration) {
    }

    private final BundleContext context;

    public StoreConfigurations(BundleContext context) {
        this.context = context;
    }

    /** For the bundle of the views. */
    public static StoreConfigurations get() {
        return new StoreConfigurations(FrameworkUtil.getBundle(StoreConfigurations.class).getBundleContext());
    }

    /**
     * The store types installed here: the known types whose component is present. When the DS
     * runtime cannot tell, every known type.
     */
    public List<StoreType> installedTypes() {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        if (scr == null) {
            return StoreType.known();
        }
        List<StoreType> types = new ArrayList<>();
        for (StoreType t : StoreType.known()) {
            if (!descriptions(scr, t).isEmpty()) {
                types.add(t);
            }
        }
        return types;
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
        if (adding && !n.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
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
                    : null;
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
                break;
        }
        if (s.property().equals("url") && !v.startsWith("jdbc:")) {
            return "A JDBC URL starts with jdbc: (e.g. jdbc:postgresql://host:5432/db), not '" + v
                    + "'; leave it empty for an embedded H2 database.";
        }
        if (s.property().equals("directory")) {
            Path dir;
            try {
                dir = Path.of(v);
            } catch (java.nio.file.InvalidPathException e) {
                return "Directory is not a usable path: " + e.getMessage();
            }
            if (!dir.isAbsolute()) {
                // Relative to what? The product's working directory is no place for data.
                return "Directory must be an absolute path (~ is not expanded), not '" + v + "'.";
            }
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                return "Directory " + v + " is a file, not a directory.";
            }
        }
        return null;
    }

    /**
     * The configuration properties for this input. Empty settings are left out, so the component
     * uses its default; numbers are stored as the numbers the component declares.
     *
     * @throws IllegalArgumentException with the message of {@link #problem} if the input is not valid
     */
    public static Dictionary<String, Object> properties(StoreType type, String name, Map<String, String> values) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ModelStore.NAME, name.trim());
        for (Setting s : type.settings()) {
            String v = values.getOrDefault(s.property(), "").trim();
            String problem = problem(s, v);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            if (v.isEmpty()) {
                continue;
            }
            props.put(s.property(), switch (s.kind()) {
                case INT -> Integer.valueOf(v);
                case LONG -> Long.valueOf(v);
                default -> v;
            });
        }
        return props;
    }

    /**
     * Creates the factory configuration of a new store; the store's component then starts it (see
     * {@link #status}).
     *
     * @throws IllegalArgumentException if the input is not valid, with the message saying why
     */
    public Configuration add(StoreType type, String name, Map<String, String> values) throws IOException {
        String problem = problem(type, name, values, true);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Configuration c = admin().getFactoryConfiguration(type.factoryPid(), name.trim(), "?");
        c.update(properties(type, name, values));
        return c;
    }

    /** Replaces a configured store's settings; its component restarts the store with them. */
    public void update(Configured store, Map<String, String> values) throws IOException {
        String problem = problem(store.type(), store.name(), values, false);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        store.configuration().update(properties(store.type(), store.name(), values));
    }

    /** Deletes the configuration of a store: the store closes; its data stays where it is. */
    public void remove(Configured store) throws IOException {
        store.configuration().delete();
    }

    /** The configuration of the named store, if it is configured through Config Admin with a known type. */
    public Optional<Configured> find(String name) {
        return configured("(" + ModelStore.NAME + "=" + escape(name) + ")").stream().findFirst();
    }

    /**
     * The factory pid of the named store's configuration when it is of a type this view does not
     * edit (e.g. {@code dev.strata.store.rest}), or null.
     */
    public String unknownTypeOf(String name) {
        ConfigurationAdmin admin = service(ConfigurationAdmin.class);
        if (admin == null) {
            return null;
        }
        try {
            Configuration[] found = admin.listConfigurations("(&(service.factoryPid=dev.strata.store.*)("
                    + ModelStore.NAME + "=" + escape(name) + "))");
            for (Configuration c : found == null ? new Configuration[0] : found) {
                if (StoreType.ofFactoryPid(c.getFactoryPid()) == null) {
                    return c.getFactoryPid();
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            // Then it is not known here; the caller says so.
        }
        return null;
    }

    /** Every store configured through Config Admin with a known type, by name. */
    public List<Configured> all() {
        List<Configured> all = configured("(" + ModelStore.NAME + "=*)");
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    private List<Configured> configured(String filter) {
        ConfigurationAdmin admin = service(ConfigurationAdmin.class);
        if (admin == null) {
            return new ArrayList<>();
        }
        Configuration[] found;
        try {
            found = admin.listConfigurations(filter);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("Cannot read store configurations: " + e.getMessage(), e);
        }
        List<Configured> result = new ArrayList<>();
        for (Configuration c : found == null ? new Configuration[0] : found) {
            StoreType type = c.getFactoryPid() == null ? null : StoreType.ofFactoryPid(c.getFactoryPid());
            Dictionary<String, Object> props = c.getProperties();
            if (type == null || props == null) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Setting s : type.settings()) {
                Object v = props.get(s.property());
                values.put(s.property(), v == null ? "" : String.valueOf(v));
            }
            result.add(new Configured(type, String.valueOf(props.get(ModelStore.NAME)), values, c));
        }
        return result;
    }

    /** True if a store of that name is configured or registered. */
    public boolean exists(String name) {
        return find(name).isPresent() || running(name) != null;
    }

    /** The store's service if it is registered now, or null. */
    public ModelStore running(String name) {
        try {
            for (ServiceReference<ModelStore> ref : context.getServiceReferences(ModelStore.class,
                    "(" + ModelStore.NAME + "=" + escape(name) + ")")) {
                ModelStore store = context.getService(ref);
                if (store != null) {
                    return store;
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Not a usable store name: '" + name + "'", e);
        }
        return null;
    }

    /** Names of the repositories that use the store, registered or configured. */
    public List<String> repositoriesOn(String store) {
        TreeSet<String> names = new TreeSet<>();
        try {
            for (ServiceReference<Repository> ref : context.getServiceReferences(Repository.class, null)) {
                Repository r = context.getService(ref);
                if (r != null && r.store().name().equals(store)) {
                    names.add(r.name());
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        ConfigurationAdmin admin = service(ConfigurationAdmin.class);
        if (admin != null) {
            try {
                Configuration[] repos = admin.listConfigurations("(&(service.factoryPid=dev.strata.repository)(store.target=*"
                        + escape("(" + ModelStore.NAME + "=" + store + ")") + "*))");
                for (Configuration c : repos == null ? new Configuration[0] : repos) {
                    names.add(String.valueOf(c.getProperties().get(Repository.NAME)));
                }
            } catch (IOException | InvalidSyntaxException e) {
                // A name the filter cannot hold: the registered repositories above are what counts.
            }
        }
        return List.copyOf(names);
    }

    /**
     * Why a configured store is not running, or null when its service is registered: the store
     * component's activation failure (a bad URL, a directory in use…), or what it waits for.
     */
    public String status(String name) {
        if (running(name) != null) {
            return null;
        }
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        if (scr == null) {
            return "not running (the DS runtime is not available to ask why)";
        }
        Optional<Configured> configured = find(name);
        if (configured.isEmpty()) {
            return "not configured";
        }
        for (ComponentDescriptionDTO d : descriptions(scr, configured.get().type())) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (!name.equals(c.properties.get(ModelStore.NAME))) {
                    continue;
                }
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return "failed: " + reason(c.failure);
                }
                if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    List<String> missing = new ArrayList<>();
                    for (var u : c.unsatisfiedReferences) {
                        missing.add(u.name);
                    }
                    return "waiting for " + String.join(", ", missing);
                }
                return "starting";
            }
        }
        return configured.get().type().name() + " stores are not installed (bundle dev.strata.store."
                + configured.get().type().name() + ")";
    }

    /** The useful part of an activation failure as the DS runtime reports it (a stack trace). */
    public static String reason(String failure) {
        return Health.failureReason(failure);
    }

    private static List<ComponentDescriptionDTO> descriptions(ServiceComponentRuntime scr, StoreType type) {
        List<ComponentDescriptionDTO> result = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (List.of(d.configurationPid).contains(type.factoryPid())) {
                result.add(d);
            }
        }
        return result;
    }

    private ConfigurationAdmin admin() {
        ConfigurationAdmin admin = service(ConfigurationAdmin.class);
        if (admin == null) {
            throw new IllegalStateException("Config Admin is not running, so stores cannot be configured"
                    + " (start bundle org.apache.felix.configadmin)");
        }
        return admin;
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> ref = context.getServiceReference(type);
        return ref == null ? null : context.getService(ref);
    }

    /** A value made safe for an LDAP filter. */
    static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
