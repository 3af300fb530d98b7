package dev.strata.core.contract;

import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Bounded waiting for tests, in one place: for a condition, for an attempt to succeed, for an OSGi
 * service. Each wait polls every 20 ms for at most {@link #TIMEOUT} (or the time given) and then
 * fails with an {@link AssertionError} that says what was awaited and how the last try went.
 */
public final class Await {

    /** How long a wait lasts unless told otherwise: long enough for DS, Jetty and a busy 2-core CI. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final long POLL_MS = 20;

    /** One try: a value when it worked, null or an exception when not yet. */
    @FunctionalInterface
    public interface Attempt<T> {
        T get() throws Exception;
    }

    /** A condition that may throw: an exception counts as not yet. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Waits until the condition holds. */
    public static void until(String what, Condition condition) {
        until(what, TIMEOUT, condition);
    }

    public static void until(String what, Duration timeout, Condition condition) {
        result(what, timeout, () -> condition.holds() ? Boolean.TRUE : null);
    }

    /** Tries until the attempt gives a value (not null, no exception) and returns it. */
    public static <T> T result(String what, Attempt<T> attempt) {
        return result(what, TIMEOUT, attempt);
    }

    public static <T> T result(String what, Duration timeout, Attempt<T> attempt) {
        long end = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                T value = attempt.get();
                if (value != null) {
                    return value;
                }
                last = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what
                        + (last == null ? "" : "; the last try failed: " + last), last);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }

    /** The service of the type (and filter, may be null) that DS registers, once it is there. */
    public static <T> T service(BundleContext context, Class<T> type, String filter) {
        String f = "(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")";
        ServiceTracker<T, T> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter(f), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not an OSGi filter: " + f, e);
        }
        // Left open: closing it would unget the service, and DS may then deactivate a delayed component.
        tracker.open();
        try {
            T service = tracker.waitForService(TIMEOUT.toMillis());
            if (service == null) {
                throw new AssertionError("no service " + f + " within " + TIMEOUT.toMillis() + " ms");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + f, e);
        }
    }
}
