package dev.strata.core.admin.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.ModelStore;
import dev.strata.core.Repository;
import dev.strata.core.admin.Setting;
import dev.strata.core.admin.StoreConfiguration;
import dev.strata.core.admin.StoreImporter;
import dev.strata.core.admin.StoreStack;
import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StoreType;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.admin.StrataConfig;
import dev.strata.core.diagnostics.Health;

/**
 * The admin service: store types from the DS runtime (components registering {@code ModelStore}
 * with a {@code strata.store.type} property) with their settings from the Metatype service,
 * configurations through Config Admin, stores and repositories from the service registry. The registry is asked each time
 * rather than kept from bind events, so a service registered a moment ago is seen (a script's next
 * line relies on it).
 */
@Component(service = StrataAdmin.class)
public final class AdminComponent implements StrataAdmin {


    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final ServiceComponentRuntime scr;
    private final MetaTypeService metaType;

    @Activate
    public AdminComponent(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference ServiceComponentRuntime scr, @Reference MetaTypeService metaType) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.scr = scr;
        this.metaType = metaType;
    }

    // ------------------------------------------------------------------ store types

    @Override
    public List<StoreType> storeTypes() {
        Map<String, StoreType> types = new TreeMap<>();
        for (ComponentDescriptionDTO d : storeComponents()) {
            String name = String.valueOf(d.properties.get(StrataConfig.STORE_TYPE));
            types.putIfAbsent(name, describe(name, d));
        }
        return List.copyOf(types.values());
    }

    @Override
    public StoreType storeType(String name) {
        String n = name == null ? "" : name.trim();
        List<StoreType> types = storeTypes();
        return types.stream().filter(t -> t.name().equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("There is no store type '" + n + "'; installed: "
                        + String.join(", ", types.stream().map(StoreType::name).toList())));
    }

    /** Components that register stores of a type and take a configuration. */
    private List<ComponentDescriptionDTO> storeComponents() {
        List<ComponentDescriptionDTO> result = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (Arrays.asList(d.serviceInterfaces).contains(ModelStore.class.getName())
                    && d.properties.get(StrataConfig.STORE_TYPE) != null && d.configurationPid.length > 0) {
                result.add(d);
            }
        }
        return result;
    }

    private StoreType describe(String name, ComponentDescriptionDTO d) {
        String pid = d.configurationPid[0];
        Metatype.ObjectClass oc = metatype(d).orElse(null);
        if (oc == null) {
            return new StoreType(name, pid, name, "", List.of());
        }
        List<Setting> settings = oc.settings().stream().filter(s -> !s.key().equals(StrataConfig.STORE_NAME)).toList();
        return new StoreType(name, pid, oc.name().isEmpty() ? name : oc.name(), oc.description(), settings);
    }

    /** True if the type's component has metatype: then its settings are all it takes. */
    private boolean declared(StoreType type) {
        for (ComponentDescriptionDTO d : storeComponents()) {
            if (d.configurationPid[0].equals(type.factoryPid())) {
                return metatype(d).isPresent();
            }
        }
        return false;
    }

    private Optional<Metatype.ObjectClass> metatype(ComponentDescriptionDTO d) {
        Bundle bundle = context.getBundle(d.bundle.id);
        return bundle == null ? Optional.empty() : Metatype.of(metaType, bundle, d.configurationPid[0]);
    }

    private Optional<StoreType> typeOfPid(String factoryPid) {
        return storeTypes().stream().filter(t -> t.factoryPid().equals(factoryPid)).findFirst();
    }

    // ------------------------------------------------------------------ stores

    @Override
    public List<ModelStore> stores() {
        List<ModelStore> stores = registered(ModelStore.class, null);
        stores.sort(Comparator.comparing(ModelStore::name));
        return stores;
    }

    @Override
    public Optional<ModelStore> store(String name) {
        return registered(ModelStore.class, filter(StrataConfig.STORE_NAME, name)).stream().findFirst();
    }

    @Override
    public String typeOf(ModelStore store) {
        for (ServiceReference<ModelStore> ref : references(ModelStore.class, filter(StrataConfig.STORE_NAME, store.name()))) {
            Object type = ref.getProperty(StrataConfig.STORE_TYPE);
            return type == null ? "?" : String.valueOf(type);
        }
        return "?";
    }

    @Override
    public List<StoreConfiguration> storeConfigurations() {
        List<StoreConfiguration> result = new ArrayList<>();
        for (Configuration c : list("(" + StrataConfig.STORE_NAME + "=*)")) {
            if (c.getFactoryPid() != null && c.getProperties() != null) {
                result.add(configuration(c));
            }
        }
        result.sort(Comparator.comparing(StoreConfiguration::name));
        return result;
    }

    @Override
    public Optional<StoreConfiguration> storeConfiguration(String name) {
        return storeConfig(name).map(this::configuration);
    }

    private Optional<Configuration> storeConfig(String name) {
        return list(filter(StrataConfig.STORE_NAME, name)).stream()
                .filter(c -> c.getFactoryPid() != null && c.getProperties() != null).findFirst();
    }

    private StoreConfiguration configuration(Configuration c) {
        String pid = c.getFactoryPid();
        String type = typeOfPid(pid).map(StoreType::name).orElse(
                pid.startsWith(StrataConfig.STORE_PID_PREFIX) ? pid.substring(StrataConfig.STORE_PID_PREFIX.length()) : pid);
        Map<String, String> settings = new LinkedHashMap<>();
        Dictionary<String, Object> props = c.getProperties();
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!key.equals(StrataConfig.STORE_NAME) && !frameworkKey(key)) {
                Object v = props.get(key);
                settings.put(key, v instanceof Object[] a ? String.join(",", Arrays.stream(a).map(String::valueOf).toList())
                        : String.valueOf(v));
            }
        }
        return new StoreConfiguration(String.valueOf(props.get(StrataConfig.STORE_NAME)), type, pid, settings, c.getPid());
    }

    private static boolean frameworkKey(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("osgi.")
                || key.startsWith("felix.");
    }

    @Override
    public List<StoreStack> storeStacks() {
        Map<String, Map<String, Object>> stores = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        for (ComponentDescriptionDTO d : storeComponents()) {
            types.putIfAbsent(d.configurationPid[0], String.valueOf(d.properties.get(StrataConfig.STORE_TYPE)));
        }
        for (Configuration c : list("(" + StrataConfig.STORE_NAME + "=*)")) {
            Dictionary<String, Object> props = c.getProperties();
            if (c.getFactoryPid() == null || props == null) {
                continue;
            }
            // What DS would register: the public properties, and the type its component declares.
            Map<String, Object> service = new HashMap<>();
            for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!key.startsWith(".")) {
                    service.put(key, props.get(key));
                }
            }
            String pid = c.getFactoryPid();
            service.putIfAbsent(StrataConfig.STORE_TYPE, types.getOrDefault(pid,
                    pid.startsWith(StrataConfig.STORE_PID_PREFIX) ? pid.substring(StrataConfig.STORE_PID_PREFIX.length()) : pid));
            stores.put(String.valueOf(props.get(StrataConfig.STORE_NAME)), service);
        }
        // A running store's own properties win: they are what its wrappers' references match.
        for (ServiceReference<ModelStore> ref : references(ModelStore.class, null)) {
            String name = nameOf(ref);
            if (name != null) {
                Map<String, Object> service = new HashMap<>();
                for (String key : ref.getPropertyKeys()) {
                    service.put(key, ref.getProperty(key));
                }
                stores.put(name, service);
            }
        }
        return Stacks.of(stores);
    }

    /** The store's name: its property, or, for a store registered by code without it, what it says. */
    private String nameOf(ServiceReference<ModelStore> ref) {
        if (ref.getProperty(StrataConfig.STORE_NAME) instanceof String name) {
            return name;
        }
        ModelStore store = context.getService(ref);
        if (store == null) {
            return null;
        }
        try {
            return store.name();
        } finally {
            context.ungetService(ref);
        }
    }

    @Override
    public StoreConfiguration configureStore(String type, String name, Map<String, String> settings) {
        StoreType t = storeType(type);
        requireName(name, "store");
        if (storeExists(name)) {
            throw new IllegalArgumentException("A store named '" + name + "' exists already");
        }
        Map<String, Object> props = storeProperties(t, name, settings);
        Configuration c = factoryConfiguration(t.factoryPid(), name);
        update(c, props);
        return configuration(c);
    }

    @Override
    public StoreConfiguration updateStore(String name, Map<String, String> settings) {
        Configuration c = storeConfig(name).orElseThrow(
                () -> new IllegalArgumentException("No store configuration is named '" + name + "'"));
        StoreType t = typeOfPid(c.getFactoryPid()).orElseThrow(() -> new IllegalArgumentException("Store '" + name
                + "': no installed store type takes its factory PID " + c.getFactoryPid()));
        update(c, storeProperties(t, name, settings));
        return configuration(c);
    }

    @Override
    public Map<String, Object> storeProperties(StoreType type, String name, Map<String, String> settings) {
        String where = "Store '" + name + "' (" + type.name() + "): ";
        boolean declared = declared(type);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(StrataConfig.STORE_NAME, name.trim());
        for (var e : settings.entrySet()) {
            String key = e.getKey();
            String text = e.getValue() == null ? "" : e.getValue().trim();
            Optional<Setting> setting = type.setting(key);
            if (setting.isEmpty() && declared) {
                throw new IllegalArgumentException(where + "there is no setting '" + key + "'; its settings are "
                        + String.join(", ", type.settings().stream().map(Setting::key).toList()));
            }
            if (key.equals(StrataConfig.STORE_NAME) || frameworkKey(key)) {
                throw new IllegalArgumentException(where + "setting '" + key + "' is not a store setting");
            }
            if (!text.isEmpty()) {
                props.put(key, setting.isPresent() ? value(where, setting.get(), text)
                        : text.matches("-?\\d{1,18}") ? (Object) Long.valueOf(text) : text);
            }
        }
        for (Setting s : type.settings()) {
            if (s.required() && !props.containsKey(s.key())) {
                throw new IllegalArgumentException(where + "setting '" + s.key() + "' (" + s.label() + ") needs a value");
            }
        }
        for (var e : props.entrySet()) {
            if (e.getKey().endsWith(".target") && e.getValue() instanceof String filter) {
                checkTarget(where, e.getKey(), filter, name.trim(), type.name());
            }
        }
        return props;
    }

    /**
     * A store that wraps stores picks them by service filter ({@code store.target}); a filter that
     * selects the store itself would leave it waiting for itself, so it is refused here.
     */
    private void checkTarget(String where, String key, String filter, String name, String type) {
        org.osgi.framework.Filter f;
        try {
            f = context.createFilter(filter);
        } catch (InvalidSyntaxException x) {
            throw new IllegalArgumentException(where + key + " '" + filter + "' is not a service filter: " + x.getMessage());
        }
        if (f.matches(Map.of(StrataConfig.STORE_NAME, name, StrataConfig.STORE_TYPE, type))) {
            throw new IllegalArgumentException(where + key + " '" + filter
                    + "' selects the store itself; name another store, e.g. (strata.store=tasks)");
        }
    }

    /** The setting's text as the value its kind stores; refused with a message naming it. */
    private static Object value(String where, Setting s, String text) {
        String what = where + s.key() + " ";
        if (!s.choices().isEmpty() && !s.choices().contains(text)) {
            throw new IllegalArgumentException(what + "is one of " + String.join(", ", s.choices()) + ", not '" + text + "'");
        }
        switch (s.kind()) {
            case INTEGER, LONG -> {
                long number;
                try {
                    number = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(what + "must be a whole number, not '" + text + "'");
                }
                if (s.min() != null && number < s.min()) {
                    throw new IllegalArgumentException(what + "must be at least " + s.min() + ", not " + number);
                }
                if (s.kind() == Setting.Kind.INTEGER) {
                    if (number > Integer.MAX_VALUE || number < Integer.MIN_VALUE) {
                        throw new IllegalArgumentException(what + "must be at most " + Integer.MAX_VALUE + ", not " + number);
                    }
                    return (int) number;
                }
                return number;
            }
            case BOOLEAN -> {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException(what + "is true or false, not '" + text + "'");
                }
                return Boolean.valueOf(text);
            }
            default -> {
                return text;
            }
        }
    }

    @Override
    public StoreStatus storeStatus(String name) {
        if (obtainable(name)) {
            ComponentConfigurationDTO c = componentConfiguration(name);
            if (c == null || c.state != ComponentConfigurationDTO.FAILED_ACTIVATION) {
                return new StoreStatus(name, StoreStatus.State.RUNNING, "");
            }
        }
        ComponentConfigurationDTO c = componentConfiguration(name);
        if (c != null) {
            if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                return new StoreStatus(name, StoreStatus.State.FAILED, Health.failureReason(c.failure));
            }
            if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                return new StoreStatus(name, StoreStatus.State.WAITING,
                        String.join(", ", Arrays.stream(c.unsatisfiedReferences).map(u -> u.name).toList()));
            }
            return new StoreStatus(name, StoreStatus.State.STARTING, "its component is being activated");
        }
        Optional<Configuration> config = storeConfig(name);
        if (config.isEmpty()) {
            return new StoreStatus(name, StoreStatus.State.NOT_CONFIGURED, "no store '" + name + "' is configured");
        }
        String pid = config.get().getFactoryPid();
        if (typeOfPid(pid).isEmpty()) {
            return new StoreStatus(name, StoreStatus.State.NOT_INSTALLED,
                    configuration(config.get()).type() + " stores are not installed (no component takes factory PID "
                            + pid + ")");
        }
        return new StoreStatus(name, StoreStatus.State.STARTING, "no store component took the configuration yet");
    }

    @Override
    public StoreStatus awaitStore(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            StoreStatus status = storeStatus(name);
            if (status.running() || status.state() == StoreStatus.State.FAILED || System.nanoTime() > deadline
                    || !sleep()) {
                return status;
            }
        }
    }

    /** The DS runtime's record of the component configured for the store of this name, or null. */
    private ComponentConfigurationDTO componentConfiguration(String name) {
        return componentConfiguration(ModelStore.class, StrataConfig.STORE_NAME, name);
    }

    /** The DS runtime's record of the component providing the service whose name property is name, or null. */
    private ComponentConfigurationDTO componentConfiguration(Class<?> service, String nameProperty, String name) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!Arrays.asList(d.serviceInterfaces).contains(service.getName())) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (name.equals(c.properties.get(nameProperty))) {
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * Whether the store's service is registered and can be had. DS may register the service before
     * it activates the component, so a registration alone is not proof: getting the service is.
     */
    private boolean obtainable(String name) {
        return store(name).isPresent();
    }

    // ------------------------------------------------------------------ repositories

    @Override
    public List<Repository> repositories() {
        List<Repository> repositories = registered(Repository.class, null);
        repositories.sort(Comparator.comparing(Repository::name));
        return repositories;
    }

    @Override
    public Optional<Repository> repository(String name) {
        return registered(Repository.class, filter(StrataConfig.REPOSITORY_NAME, name)).stream().findFirst();
    }

    @Override
    public void configureRepository(String name, String store, List<String> packages) {
        configureRepository(name, store, packages, List.of());
    }

    @Override
    public void configureRepository(String name, String store, List<String> packages, List<String> modelFiles) {
        requireName(name, "repository");
        if (packages.isEmpty() && modelFiles.isEmpty()) {
            throw new IllegalArgumentException("Name the model: a registered package (its namespace URI) or an .ecore file");
        }
        for (String file : modelFiles) {
            // A URI (file:, platform:, http:) is the repository's to read; a path is checked here, where the user is.
            if (!file.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
                java.nio.file.Path path = java.nio.file.Path.of(file);
                if (!path.isAbsolute()) {
                    throw new IllegalArgumentException("Model file '" + file + "' is not an absolute path");
                }
                if (!java.nio.file.Files.isRegularFile(path)) {
                    throw new IllegalArgumentException("Model file '" + file + "' does not exist");
                }
            }
        }
        if (repositoryExists(name)) {
            throw new IllegalArgumentException("A repository named '" + name + "' exists already");
        }
        Dictionary<String, Object> props = Repository.configuration(name, store, packages.toArray(String[]::new));
        Map<String, Object> map = new HashMap<>();
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, props.get(key));
        }
        if (!modelFiles.isEmpty()) {
            map.put(StrataConfig.REPOSITORY_MODELS, modelFiles.toArray(String[]::new));
        }
        update(factoryConfiguration(StrataConfig.REPOSITORY_PID, name), map);
    }

    @Override
    public boolean awaitRepository(String name, Duration timeout) {
        try {
            ServiceTracker<?, ?> t = new ServiceTracker<>(context, context.createFilter("(&(objectClass="
                    + Repository.class.getName() + ")" + filter(StrataConfig.REPOSITORY_NAME, name) + ")"), null);
            t.open();
            try {
                // In slices, so that a component that failed to activate ends the wait at once.
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (t.waitForService(Math.max(1, Math.min(100, left))) != null) {
                        return true;
                    }
                    if (left <= 0 || repositoryFailure(name).isPresent()) {
                        return false;
                    }
                }
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

    @Override
    public Optional<String> repositoryFailure(String name) {
        ComponentConfigurationDTO c = componentConfiguration(Repository.class, StrataConfig.REPOSITORY_NAME, name);
        return c != null && c.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                ? Optional.of(Health.failureReason(c.failure)) : Optional.empty();
    }

    @Override
    public List<String> repositoriesOn(String store) {
        TreeSet<String> names = new TreeSet<>();
        for (Repository r : repositories()) {
            if (r.store().name().equals(store)) {
                names.add(r.name());
            }
        }
        for (Configuration c : list("(&(service.factoryPid=" + StrataConfig.REPOSITORY_PID + ")("
                + StrataConfig.REPOSITORY_STORE_TARGET + "=*" + escape(StrataConfig.storeTarget(store)) + "*))")) {
            names.add(String.valueOf(c.getProperties().get(StrataConfig.REPOSITORY_NAME)));
        }
        return List.copyOf(names);
    }

    // ------------------------------------------------------------------ both

    @Override
    public boolean storeExists(String name) {
        return storeConfig(name).isPresent() || !references(ModelStore.class, filter(StrataConfig.STORE_NAME, name)).isEmpty();
    }

    @Override
    public boolean repositoryExists(String name) {
        return !list(filter(StrataConfig.REPOSITORY_NAME, name)).isEmpty()
                || !references(Repository.class, filter(StrataConfig.REPOSITORY_NAME, name)).isEmpty();
    }

    @Override
    public int remove(String name) {
        List<Configuration> found = list("(|" + filter(StrataConfig.STORE_NAME, name)
                + filter(StrataConfig.REPOSITORY_NAME, name) + ")");
        found.forEach(AdminComponent::delete);
        return found.size();
    }

    @Override
    public boolean removeStore(String name) {
        Optional<Configuration> c = storeConfig(name);
        c.ifPresent(AdminComponent::delete);
        return c.isPresent();
    }

    private static void delete(Configuration c) {
        try {
            c.delete();
        } catch (IOException | IllegalStateException e) {
            // Already gone.
        }
    }

    @Override
    public boolean awaitGone(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        BooleanSupplier running = () -> !references(ModelStore.class, filter(StrataConfig.STORE_NAME, name)).isEmpty()
                || !references(Repository.class, filter(StrataConfig.REPOSITORY_NAME, name)).isEmpty();
        while (running.getAsBoolean()) {
            if (System.nanoTime() > deadline || !sleep()) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ import

    @Override
    public List<StoreImporter> importers() {
        List<StoreImporter> importers = registered(StoreImporter.class, null);
        importers.sort(Comparator.comparing(StoreImporter::format));
        return importers;
    }

    // ------------------------------------------------------------------ helpers

    private static void requireName(String name, String what) {
        if (name == null || !name.matches(StrataConfig.NAME_PATTERN)) {
            throw new IllegalArgumentException("A " + what
                    + " name is letters, digits, '_' or '-' (it names an event topic): '" + name + "'");
        }
    }

    private Configuration factoryConfiguration(String factoryPid, String name) {
        try {
            return configAdmin.getFactoryConfiguration(factoryPid, name, "?");
        } catch (IOException e) {
            throw new IllegalStateException("Config Admin could not create configuration " + factoryPid + " '" + name
                    + "': " + e.getMessage(), e);
        }
    }

    private static void update(Configuration c, Map<String, Object> props) {
        try {
            c.update(new Hashtable<>(props));
        } catch (IOException e) {
            throw new IllegalStateException("Config Admin could not store the configuration " + c.getPid() + ": "
                    + e.getMessage(), e);
        }
    }

    private List<Configuration> list(String filter) {
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalArgumentException("Cannot look up configurations " + filter + ": " + e.getMessage(), e);
        }
    }

    private <T> List<ServiceReference<T>> references(Class<T> type, String filter) {
        try {
            return new ArrayList<>(context.getServiceReferences(type, filter));
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Not a usable filter: " + filter, e);
        }
    }

    private <T> List<T> registered(Class<T> type, String filter) {
        List<T> result = new ArrayList<>();
        for (ServiceReference<T> ref : references(type, filter)) {
            T service = context.getService(ref);
            if (service != null) {
                result.add(service);
            }
        }
        return result;
    }

    private static String filter(String key, String value) {
        return "(" + key + "=" + escape(value) + ")";
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

    private static boolean sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(20);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
