package dev.strata.core.admin;

/**
 * Whether a store runs, and if not, why.
 *
 * @param name   the store
 * @param state  what it is doing
 * @param detail why, for every state but RUNNING: the activation failure, the references it waits
 *               for, the type that is not installed; "" when running
 */
public record StoreStatus(String name, State state, String detail) {

    /** What a store is doing. */
    public enum State {
        /** Its service is registered and can be had. */
        RUNNING,
        /** Configured; its component is being activated. */
        STARTING,
        /** Configured; its component waits for services ({@link #detail} names them). */
        WAITING,
        /** Its component failed to activate ({@link #detail} says why). */
        FAILED,
        /** Configured with a factory PID no installed store component takes. */
        NOT_INSTALLED,
        /** Neither configured nor registered. */
        NOT_CONFIGURED
    }

    /** True if the store's service can be used now. */
    public boolean running() {
        return state == State.RUNNING;
    }
}
