package dev.strata.ui.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.ConfigurationScope;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.prefs.BackingStoreException;

import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.admin.StrataConfig;

/**
 * The defaults a first use of Strata's views gets, in the product and in an IDE alike, so the
 * explorer has somewhere to work: a file store {@code default} in {@code ~/.strata/stores/default}
 * and a repository {@code tasks} of the sample model on it. Made once per installation, only while
 * no store is configured, and never when the framework property {@code strata.defaults} is
 * {@code false} (tests, installations that configure stores themselves). An IDE user who never
 * opens a Strata view or form gets nothing written.
 * <p>
 * The note that they were made is kept in the configuration area, beside the store and repository
 * configurations it stands for: kept in the workspace, it outlived them when the
 * product was reinstalled over an existing {@code ~/.strata}, and the explorer came up empty.
 */
final class FirstUse {

    static final String STORE = "default";
    static final String REPOSITORY = "tasks";
    static final String TASKS_NS_URI = "http://strata.dev/example/tasks/1.0";
    /**
     * Configuration preference set once the defaults were made: removing them later must not
     * bring them back. A new configuration area (a reinstall) offers them again, over the same
     * store directory, so what was committed there shows again.
     */
    private static final String DONE = "firstUseDefaultsMade";

    private FirstUse() {
    }

    /**
     * As {@link #ensure}, and if the defaults were made now, waits a little for the default store,
     * so that a form listing running stores (an import opened from a workspace file before any
     * Strata view, in an IDE) offers it rather than only the memory store.
     */
    static void ensureRunning(StrataAdmin admin) {
        if (ensure(admin)) {
            admin.awaitStore(STORE, java.time.Duration.ofSeconds(5));
        }
    }

    /** Makes the defaults if they are due; true if they were made now. */
    static boolean ensure(StrataAdmin admin) {
        var bundle = FrameworkUtil.getBundle(FirstUse.class);
        if ("false".equals(bundle.getBundleContext().getProperty("strata.defaults"))) {
            return false;
        }
        IEclipsePreferences prefs = ConfigurationScope.INSTANCE.getNode(bundle.getSymbolicName());
        if (prefs.getBoolean(DONE, false) || !admin.storeConfigurations().isEmpty()) {
            return false;
        }
        try {
            String directory = Path.of(System.getProperty("user.home"), ".strata", "stores", STORE).toString();
            admin.configureStore("file", STORE, Map.of(StrataConfig.FILE_DIRECTORY, directory));
            if (!admin.repositoryExists(REPOSITORY)) {
                admin.configureRepository(REPOSITORY, STORE, List.of(TASKS_NS_URI));
            }
            prefs.putBoolean(DONE, true);
            prefs.flush();
            return true;
        } catch (IllegalArgumentException | BackingStoreException e) {
            // Without defaults the views still work; the user adds a store in the Stores view.
            ILog.of(bundle).log(Status.warning("Strata could not make its default store and repository: "
                    + e.getMessage(), e));
            return false;
        }
    }
}
