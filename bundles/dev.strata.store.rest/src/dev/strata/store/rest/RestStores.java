package dev.strata.store.rest;

import org.osgi.service.event.EventAdmin;

import dev.strata.store.rest.internal.RestStore;

/** Opens REST stores without OSGi configuration (tests, tools, benchmarks). */
public final class RestStores {

    private RestStores() {
    }

    /**
     * A store that reads and commits through the server; commits made by other clients are not
     * announced (there is no event bus to announce them on).
     */
    public static RestModelStore open(String name, RestStoreOptions options) {
        return new RestStore(name, options, null);
    }

    /**
     * A store that also follows the server's change stream and posts every commit made by another
     * client on {@code events}, as {@code CommitEvents.of(name, ...)} on {@code Topics.commit(name)}.
     * Its own commits are posted once, as every store does. When the stream finds it missed commits
     * it posts {@code CommitEvents.resync(...)} instead (see the package documentation).
     */
    public static RestModelStore open(String name, RestStoreOptions options, EventAdmin events) {
        return new RestStore(name, options, events);
    }
}
