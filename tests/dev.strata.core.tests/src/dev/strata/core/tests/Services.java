package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/** Looks up real OSGi services for tests, waiting a bounded time for DS to register them. */
public final class Services {

    private static final long WAIT_MS = TimeUnit.SECONDS.toMillis(10);

    private Services() {
    }

    public static BundleContext context() {
        BundleContext context = FrameworkUtil.getBundle(Services.class).getBundleContext();
        assertNotNull(context, "test bundle is not started");
        return context;
    }

    public static <T> T await(Class<T> type, String filter) {
        BundleContext context = context();
        try {
            String f = "(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")";
            Filter osgiFilter = context.createFilter(f);
            ServiceTracker<T, T> tracker = new ServiceTracker<>(context, osgiFilter, null);
            tracker.open();
            T service = tracker.waitForService(WAIT_MS);
            assertNotNull(service, "no service " + f + " within " + WAIT_MS + " ms");
            return service;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
