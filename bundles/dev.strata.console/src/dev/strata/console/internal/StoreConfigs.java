package dev.strata.console.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.ModelStore;
import dev.strata.core.Repository;
import dev.strata.core.diagnostics.Health;

/**
 * Creates and removes store and repository configurations through Config Admin, so that a console
 * or a script can set up Strata the same way the product and the workbench do. Each waits until the
 * configured service is registered (or gone), so the next line of a script can rely on it.
 */
final class StoreConfigs {

    private static final long WAIT_SECONDS = 15;

    private final BundleContext context;

    StoreConfigs(BundleContext context) {
        this.context = context;
    }

    /** Creates a store configuration {@code dev.strata.store.<type>} and waits for the store. */
    String createStore(String type, String name, String... settings) {
        String t = type.trim().toLowerCase(Locale.ROOT);
        if (!t.matches("[a-z][a-z0-9]*")) {
            throw new IllegalArgumentException("Store type '" + type + "' is not a word like file or jdbc");
        }
        requireName(name, "store");
        List<String> known = storeTypes();
        if (!known.isEmpty() && !known.contains(t)) {
            throw new IllegalArgumentException("There is no store type '" + t + "'; installed: " + String.join(", ", known));
        }
        if (!find(ModelStore.NAME, name).isEmpty() || registered(ModelStore.class, ModelStore.NAME, name)) {
            throw new IllegalArgumentException("A store named '" + name + "' exists already");
        }
        Dictionary<String, Object> props = parse(settings);
        props.put(ModelStore.NAME, name);
        Configuration c = update("dev.strata.store." + t, name, props);
        String failure = awaitStore(name);
        if (failure != null) {
            delete(c);
            throw new IllegalStateException("Store '" + name + "' (" + t + ") did not start: " + failure
                    + "; its configuration was removed");
        }
        return "store '" + name + "' (" + t + ") is ready";
    }

    /**
     * Waits until the store runs (null) or its component says why it cannot: a store fails while
     * it is activated (a bad setting, a database that refuses the connection), so its own message
     * is there at once, in the DS runtime's record of the configuration. The DS runtime may
     * register the service before it activates the component, so a registration alone is not
     * proof: getting the service is.
     */
    private String awaitStore(String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        String waiting = "no store component took the configuration (is the store type installed?)";
        while (true) {
            ComponentConfigurationDTO config = componentConfiguration(name);
            if (config != null && config.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                return Health.failureReason(config.failure);
            }
            if (obtainable(name)) {
                config = componentConfiguration(name);
                if (config == null || config.state != ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return null;
                }
                return Health.failureReason(config.failure);
            }
            if (config != null) {
                waiting = config.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        ? "it waits for " + Arrays.stream(config.unsatisfiedReferences).map(u -> u.name).toList()
                        : "it is still starting";
            }
            if (System.nanoTime() > deadline) {
                return "not running after " + WAIT_SECONDS + " s: " + waiting;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for it";
            }
        }
    }

    /** The DS runtime's record of the component configured for the store of this name, or null. */
    private ComponentConfigurationDTO componentConfiguration(String name) {
        var ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = ref == null ? null : context.getService(ref);
        if (scr == null) {
            return null;
        }
        try {
            for (var d : scr.getComponentDescriptionDTOs()) {
                for (var c : scr.getComponentConfigurationDTOs(d)) {
                    if (name.equals(c.properties.get(ModelStore.NAME))) {
                        return c;
                    }
                }
            }
            return null;
        } finally {
            context.ungetService(ref);
        }
    }

    /** Whether the store's service is registered and can be had (its component activated). */
    private boolean obtainable(String name) {
        try {
            for (ServiceReference<ModelStore> ref : context.getServiceReferences(ModelStore.class,
                    "(" + ModelStore.NAME + "=" + name + ")")) {
                if (context.getService(ref) != null) {
                    context.ungetService(ref);
                    return true;
                }
            }
            return false;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Not a usable name: '" + name + "'");
        }
    }

    /** Creates a repository on a store for the given model packages and waits for it. */
    String createRepository(String name, String store, String... nsUris) {
        requireName(name, "repository");
        if (nsUris.length == 0) {
            throw new IllegalArgumentException("Name at least one model package (its namespace URI)");
        }
        if (!find(Repository.NAME, name).isEmpty() || registered(Repository.class, Repository.NAME, name)) {
            throw new IllegalArgumentException("A repository named '" + name + "' exists already");
        }
        Configuration c = update(Repository.PID, name, Repository.configuration(name, store, nsUris));
        if (!await(Repository.class, Repository.NAME, name)) {
            delete(c);
            throw new IllegalStateException("Repository '" + name + "' did not start within " + WAIT_SECONDS
                    + " s (does store '" + store + "' exist? are the packages registered? the log says why);"
                    + " its configuration was removed");
        }
        return "repository '" + name + "' on store '" + store + "' is ready";
    }

    /** Removes the configuration of a store or repository with this name. */
    String remove(String name) {
        List<Configuration> found = new ArrayList<>(find(ModelStore.NAME, name));
        found.addAll(find(Repository.NAME, name));
        if (found.isEmpty()) {
            throw new IllegalArgumentException("No store or repository configuration is named '" + name + "'");
        }
        found.forEach(this::delete);
        // Config Admin tells the components asynchronously; the next script line must not see it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (registered(ModelStore.class, ModelStore.NAME, name) || registered(Repository.class, Repository.NAME, name)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("'" + name + "' was unconfigured but is still running after "
                        + WAIT_SECONDS + " s; the log says why");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "removed the configuration of '" + name + "' (its data stays where it is)";
    }

    /** Store types whose components are installed: those configured by a dev.strata.store.<type> pid. */
    private List<String> storeTypes() {
        var ref = context.getServiceReference(ServiceComponentRuntime.class);
        if (ref == null) {
            return List.of();
        }
        var scr = context.getService(ref);
        List<String> types = new ArrayList<>();
        for (var d : scr.getComponentDescriptionDTOs()) {
            for (String pid : d.configurationPid) {
                if (pid.startsWith("dev.strata.store.") && !types.contains(pid.substring("dev.strata.store.".length()))) {
                    types.add(pid.substring("dev.strata.store.".length()));
                }
            }
        }
        java.util.Collections.sort(types);
        return types;
    }

    private static void requireName(String name, String what) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("A " + what + " name is letters, digits, '_' or '-' (it names an event topic): '" + name + "'");
        }
    }

    /** Settings as configuration properties; what can be told wrong without the store is refused here. */
    private static Dictionary<String, Object> parse(String... settings) {
        Dictionary<String, Object> props = new Hashtable<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Setting '" + s + "' is not key=value");
            }
            String key = s.substring(0, eq).trim();
            String value = s.substring(eq + 1).trim();
            if (!key.matches("\\.?[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*")) {
                throw new IllegalArgumentException("Setting '" + key + "' is not a setting name like url or pool.size");
            }
            // The name is the command's second argument; the others belong to the framework.
            if (key.equals(ModelStore.NAME) || key.equals(ModelStore.TYPE) || key.startsWith("service.")
                    || key.startsWith("component.") || key.startsWith("osgi.")) {
                throw new IllegalArgumentException("Setting '" + key + "' cannot be given to mkstore");
            }
            if (props.get(key) != null) {
                throw new IllegalArgumentException("Setting '" + key + "' is given twice");
            }
            // Numbers go in as numbers: Config Admin converts them for the component.
            props.put(key, value.matches("-?\\d{1,18}") ? (Object) Long.valueOf(value) : value);
        }
        return props;
    }

    private ConfigurationAdmin admin() {
        var ref = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = ref == null ? null : context.getService(ref);
        if (admin == null) {
            throw new IllegalStateException("Config Admin is not running; start org.apache.felix.configadmin");
        }
        return admin;
    }

    private Configuration update(String factoryPid, String name, Dictionary<String, Object> props) {
        try {
            Configuration c = admin().getFactoryConfiguration(factoryPid, name, "?");
            c.update(props);
            return c;
        } catch (IOException e) {
            throw new IllegalStateException("Config Admin could not store the configuration: " + e.getMessage(), e);
        }
    }

    private void delete(Configuration c) {
        try {
            c.delete();
        } catch (IOException | IllegalStateException e) {
            // Already gone.
        }
    }

    private List<Configuration> find(String property, String name) {
        try {
            Configuration[] found = admin().listConfigurations("(" + property + "=" + name + ")");
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalArgumentException("Cannot look up '" + name + "': " + e.getMessage(), e);
        }
    }

    private boolean registered(Class<?> type, String property, String name) {
        try {
            return !context.getServiceReferences(type, "(" + property + "=" + name + ")").isEmpty();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Not a usable name: '" + name + "'");
        }
    }

    private boolean await(Class<?> type, String property, String name) {
        try {
            ServiceTracker<?, ?> t = new ServiceTracker<>(context,
                    context.createFilter("(&(objectClass=" + type.getName() + ")(" + property + "=" + name + "))"), null);
            t.open();
            try {
                return t.waitForService(TimeUnit.SECONDS.toMillis(WAIT_SECONDS)) != null;
            } finally {
                t.close();
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Not a usable name: '" + name + "'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
