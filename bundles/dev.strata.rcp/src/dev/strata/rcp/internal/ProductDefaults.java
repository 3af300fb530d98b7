package dev.strata.rcp.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.strata.core.Repository;
import dev.strata.core.admin.StrataConfig;

/**
 * The product's embedded default, so that a first launch has something to work with: a file store
 * named {@code default} in {@code ~/.strata/stores/default} and a repository {@code tasks} with the
 * sample model on it. Created once, only when absent, and only where the framework property
 * {@code strata.defaults=true} asks for it (the product sets it; an IDE does not).
 */
@Component(immediate = true)
public final class ProductDefaults {

    static final String STORE = "default";
    static final String REPOSITORY = "tasks";
    static final String TASKS_NS_URI = "http://strata.dev/example/tasks/1.0";

    @Activate
    public ProductDefaults(BundleContext context, @Reference ConfigurationAdmin admin) throws IOException,
            InvalidSyntaxException {
        if (!Boolean.parseBoolean(context.getProperty("strata.defaults"))) {
            return;
        }
        if (admin.listConfigurations("(&(service.factoryPid=" + StrataConfig.FILE_STORE_PID + ")"
                + StrataConfig.storeTarget(STORE) + ")") == null) {
            Configuration store = admin.getFactoryConfiguration(StrataConfig.FILE_STORE_PID, STORE, "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(StrataConfig.STORE_NAME, STORE);
            props.put(StrataConfig.FILE_DIRECTORY, Path.of(System.getProperty("user.home"), ".strata", "stores", STORE).toString());
            store.update(props);
        }
        if (admin.listConfigurations("(&(service.factoryPid=" + Repository.PID + ")(" + Repository.NAME + "="
                + REPOSITORY + "))") == null) {
            admin.getFactoryConfiguration(Repository.PID, REPOSITORY, "?")
                    .update(Repository.configuration(REPOSITORY, STORE, TASKS_NS_URI));
        }
    }
}
