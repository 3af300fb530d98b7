package dev.strata.console.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StrataAdmin;

/**
 * The console's {@code mkstore}, {@code mkrepo} and {@code unconfigure}: store and repository
 * configurations through {@link StrataAdmin}, so that a console or a script sets up Strata the
 * same way the product and the workbench do. Each waits until the configured service is registered
 * (or gone), so the next line of a script can rely on it.
 */
final class StoreConfigs {

    private final StrataAdmin admin;

    StoreConfigs(StrataAdmin admin) {
        this.admin = admin;
    }

    /** Creates a store configuration of a type and waits for the store. */
    String createStore(String type, String name, String... settings) {
        String t = type.trim().toLowerCase(Locale.ROOT);
        if (!t.matches("[a-z][a-z0-9]*")) {
            throw new IllegalArgumentException("Store type '" + type + "' is not a word like file or jdbc");
        }
        Map<String, String> values = parse(settings);
        admin.configureStore(t, name, values);
        StoreStatus status = admin.awaitStore(name, StrataAdmin.WAIT);
        if (!status.running()) {
            admin.removeStore(name);
            throw new IllegalStateException("Store '" + name + "' (" + t + ") did not start: " + why(status)
                    + "; its configuration was removed");
        }
        return "store '" + name + "' (" + t + ") is ready";
    }

    /**
     * Why a configured repository is not running: its store's state when that store is not running
     * (SCR says only that the store's service could not be had), else its component's failure.
     */
    static String whyNotRunning(StrataAdmin admin, String repository) {
        for (var c : admin.storeConfigurations()) {
            StoreStatus status = admin.storeStatus(c.name());
            if (!status.running() && admin.repositoriesOn(c.name()).contains(repository)) {
                return "its store '" + c.name() + "' " + switch (status.state()) {
                    case FAILED -> "did not start: " + status.detail() + " (a store that failed stays down until it is"
                            + " configured again or Strata restarts)";
                    case WAITING -> "waits for [" + status.detail() + "]";
                    case NOT_INSTALLED -> "cannot start: " + status.detail();
                    default -> "is still starting";
                };
            }
        }
        return admin.repositoryFailure(repository)
                .orElse("it is still starting, or waits for its store or packages (strata:doctor says why)");
    }

    private static String why(StoreStatus status) {
        return switch (status.state()) {
            case FAILED -> status.detail();
            case WAITING -> "not running after " + StrataAdmin.WAIT.toSeconds() + " s: it waits for [" + status.detail() + "]";
            case NOT_INSTALLED -> "not running after " + StrataAdmin.WAIT.toSeconds() + " s: " + status.detail();
            default -> "not running after " + StrataAdmin.WAIT.toSeconds() + " s: it is still starting";
        };
    }

    /** Creates a repository on a store for the given model packages and waits for it. */
    String createRepository(String name, String store, String... models) {
        // A namespace URI names a registered package; a .ecore file (a path, relative to where the console
        // runs, or a file: URI) is read with dynamic EMF.
        List<String> packages = new java.util.ArrayList<>();
        List<String> files = new java.util.ArrayList<>();
        for (String m : models) {
            if (!m.toLowerCase(Locale.ROOT).endsWith(".ecore")) {
                packages.add(m);
            } else if (m.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
                files.add(m);
            } else {
                files.add(java.nio.file.Path.of(m).toAbsolutePath().normalize().toString());
            }
        }
        StoreStatus storeBefore = admin.storeStatus(store);
        if (storeBefore.state() == StoreStatus.State.FAILED) {
            // It would wait for the store in vain: say why the store is down instead.
            throw new IllegalStateException("Repository '" + name + "' not configured: store '" + store
                    + "' did not start: " + storeBefore.detail() + " (a store that failed stays down until it is"
                    + " configured again or Strata restarts)");
        }
        List<String> sharing = admin.repositoriesOn(store).stream().filter(r -> !r.equals(name)).toList();
        admin.configureRepository(name, store, packages, files);
        if (!admin.awaitRepository(name, StrataAdmin.WAIT)) {
            java.util.Optional<String> failure = admin.repositoryFailure(name);
            admin.remove(name);
            // Gone before the next command may configure the name again and see this failure.
            admin.awaitGone(name, StrataAdmin.WAIT);
            StoreStatus storeStatus = admin.storeStatus(store);
            if (storeStatus.state() != StoreStatus.State.NOT_CONFIGURED && !storeStatus.running()) {
                // SCR says only that the store's service could not be had: say why the store did not start.
                throw new IllegalStateException("Repository '" + name + "' cannot start: store '" + store
                        + "' is not running: " + why(storeStatus) + "; the repository's configuration was removed");
            }
            if (failure.isPresent()) {
                // The component's own message names the repository already.
                String why = failure.get().replaceFirst("^Repository '" + java.util.regex.Pattern.quote(name) + "': ", "");
                throw new IllegalStateException("Repository '" + name + "' cannot start: " + why
                        + "; its configuration was removed");
            }
            throw new IllegalStateException("Repository '" + name + "' did not start within "
                    + StrataAdmin.WAIT.toSeconds() + " s (does store '" + store
                    + "' exist? are the packages registered? the log says why); its configuration was removed");
        }
        String ready = "repository '" + name + "' on store '" + store + "' is ready";
        // Allowed (two views of one model), but said: a store has one set of roots.
        return sharing.isEmpty() ? ready : ready + "; note: it shares the store's objects with repository "
                + String.join(", ", sharing) + " (each shows all of the store's roots)";
    }

    /** Removes the configuration of a store or repository with this name. */
    String remove(String name) {
        if (admin.remove(name) == 0) {
            throw new IllegalArgumentException("No store or repository configuration is named '" + name + "'");
        }
        // Config Admin tells the components asynchronously; the next script line must not see it.
        if (!admin.awaitGone(name, StrataAdmin.WAIT)) {
            throw new IllegalStateException("'" + name + "' was unconfigured but is still running after "
                    + StrataAdmin.WAIT.toSeconds() + " s; the log says why");
        }
        return "removed the configuration of '" + name + "' (its data stays where it is)";
    }

    /** Settings as text by key; what can be told wrong without the store type is refused here. */
    private static Map<String, String> parse(String... settings) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Setting '" + s + "' is not key=value");
            }
            String key = s.substring(0, eq).trim();
            if (!key.matches("\\.?[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*")) {
                throw new IllegalArgumentException("Setting '" + key + "' is not a setting name like url or pool.size");
            }
            if (values.containsKey(key)) {
                throw new IllegalArgumentException("Setting '" + key + "' is given twice");
            }
            values.put(key, s.substring(eq + 1).trim());
        }
        return values;
    }
}
