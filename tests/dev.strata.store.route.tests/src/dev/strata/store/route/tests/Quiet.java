package dev.strata.store.route.tests;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Where the shards' own events go in tests that watch only the route store's. */
final class Quiet implements EventAdmin {

    static final Quiet EVENTS = new Quiet();

    @Override
    public void postEvent(Event event) {
    }

    @Override
    public void sendEvent(Event event) {
    }
}
