package dev.strata.core.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.strata.core.ModelStore;
import dev.strata.core.Repository;

/**
 * The stores, repositories and store types of this framework, as one service: what is installed
 * (store types, from the store components' metatype), what is configured (Config Admin) and what
 * runs (the services), and the model import services store bundles offer.
 * <p>
 * Settings are given as text, keyed by configuration property ({@code pool.size}); they are
 * checked against the store type's metatype and stored as the types it declares. Errors are
 * {@link IllegalArgumentException}s that name the store, the type and the setting at fault.
 */
@ProviderType
public interface StrataAdmin {

    /** How long {@link #awaitStore} and the other waits wait when not told. */
    Duration WAIT = Duration.ofSeconds(15);

    // ------------------------------------------------------------------ store types

    /** The store types installed, by name. */
    List<StoreType> storeTypes();

    /**
     * The installed store type of this name.
     *
     * @throws IllegalArgumentException naming the types installed, if there is none of that name
     */
    StoreType storeType(String name);

    // ------------------------------------------------------------------ stores

    /** The stores registered now, by name. */
    List<ModelStore> stores();

    /** The store of this name if it is registered now. */
    Optional<ModelStore> store(String name);

    /** The type of a registered store (its {@code strata.store.type} property), or "?". */
    String typeOf(ModelStore store);

    /** The stores configured through Config Admin, by name (running or not). */
    List<StoreConfiguration> storeConfigurations();

    /** The Config Admin configuration of the store of this name. */
    Optional<StoreConfiguration> storeConfiguration(String name);

    /**
     * Every store, configured or registered, placed in the stacks it belongs to. The layers of a
     * store are the other stores that one of its filters ending in {@code .target} (a cache's
     * {@code store.target}, a route's {@code stores.target}, …) selects, matched against their
     * service properties, or their configuration's for a store that does not run. At the top are
     * the stores no store wraps, by name; a store that two stores wrap is a layer of both. Stores
     * that only wrap each other in a circle are at the top too, and a circle ends where a store would
     * repeat.
     *
     * @since 0.3
     */
    List<StoreStack> storeStacks();

    /**
     * Creates the configuration of a new store; its component then starts it (see
     * {@link #storeStatus}, {@link #awaitStore}). Empty settings are left out, so the component
     * uses its default.
     *
     * @throws IllegalArgumentException if the type is not installed, the name is not usable or
     *                                  taken, or a setting is unknown or not a value of its kind
     */
    StoreConfiguration configureStore(String type, String name, Map<String, String> settings);

    /**
     * Replaces the settings of a configured store; its component restarts it with them.
     *
     * @throws IllegalArgumentException as {@link #configureStore}, or if no store of this name is configured
     */
    StoreConfiguration updateStore(String name, Map<String, String> settings);

    /**
     * The properties a configuration of this type gets for these settings, checked and typed as
     * {@link #configureStore} does, without configuring anything.
     *
     * @throws IllegalArgumentException as {@link #configureStore}
     */
    Map<String, Object> storeProperties(StoreType type, String name, Map<String, String> settings);

    /** Whether the store of this name runs, and if not, why. */
    StoreStatus storeStatus(String name);

    /**
     * Waits until the store runs or its component says it cannot (FAILED), at most {@code timeout};
     * returns the last status.
     */
    StoreStatus awaitStore(String name, Duration timeout);

    // ------------------------------------------------------------------ repositories

    /** The repositories registered now, by name. */
    List<Repository> repositories();

    /** The repository of this name if it is registered now. */
    Optional<Repository> repository(String name);

    /**
     * Creates the configuration of a repository on a store for model packages (their namespace
     * URIs); the repository service appears once the store runs and the packages are registered.
     *
     * @throws IllegalArgumentException if the name is not usable or taken, or no package is named
     */
    void configureRepository(String name, String store, List<String> packages);

    /**
     * Creates the configuration of a repository whose model is registered packages (namespace URIs)
     * and/or {@code .ecore} files (absolute paths or URIs) read with dynamic EMF, for models that have
     * no generated code.
     *
     * @throws IllegalArgumentException if the name is not usable or taken, nothing is named, a
     *                                  file does not exist or a path is relative
     * @since 0.2
     */
    void configureRepository(String name, String store, List<String> packages, List<String> modelFiles);

    /**
     * Waits at most {@code timeout} until the repository of this name is registered; false at once
     * if it failed to start ({@link #repositoryFailure} says why).
     */
    boolean awaitRepository(String name, Duration timeout);

    /**
     * Why the repository of this name could not start, if its component failed to activate: a model
     * file that cannot be read, a reference in it that resolves nowhere, the store refusing the model.
     *
     * @since 0.4
     */
    Optional<String> repositoryFailure(String name);

    /** Names of the repositories on a store, registered or configured. */
    List<String> repositoriesOn(String store);

    // ------------------------------------------------------------------ both

    /** True if a store of this name is configured or registered. */
    boolean storeExists(String name);

    /** True if a repository of this name is configured or registered. */
    boolean repositoryExists(String name);

    /**
     * Deletes the configurations of the store and/or repository of this name; their data stays.
     * Config Admin tells the components asynchronously: see {@link #awaitGone}.
     *
     * @return how many configurations were deleted (0 if none has this name)
     */
    int remove(String name);

    /**
     * Deletes the configuration of the store of this name (not a repository's); its data stays.
     *
     * @return false if no store of this name is configured
     */
    boolean removeStore(String name);

    /** Waits at most {@code timeout} until no store or repository of this name is registered. */
    boolean awaitGone(String name, Duration timeout);

    // ------------------------------------------------------------------ import

    /** The model import services the installed store bundles offer. */
    List<StoreImporter> importers();
}
