package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.contract.Await;

/** Looks up real OSGi services for tests, waiting a bounded time for DS to register them. */
public final class Services {

    private Services() {
    }

    public static BundleContext context() {
        BundleContext context = FrameworkUtil.getBundle(Services.class).getBundleContext();
        assertNotNull(context, "test bundle is not started");
        return context;
    }

    public static <T> T await(Class<T> type, String filter) {
        return Await.service(context(), type, filter);
    }
}
