package dev.strata.store.mirror.tests;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;

/** The primary's Event Admin in tests without a bus: each commit event goes to the mirror at once. */
final class Relay implements EventAdmin {

    private volatile EventHandler mirror;

    void to(EventHandler handler) {
        this.mirror = handler;
    }

    @Override
    public void postEvent(Event event) {
        EventHandler to = mirror;
        if (to != null) {
            to.handleEvent(event);
        }
    }

    @Override
    public void sendEvent(Event event) {
        postEvent(event);
    }
}
