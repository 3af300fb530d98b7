package dev.strata.store.queue.tests;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;

/** The wrapped store's Event Admin in tests without a bus: hands each commit event to the queue at once. */
final class Relay implements EventAdmin {

    private volatile EventHandler to;

    void to(EventHandler handler) {
        this.to = handler;
    }

    @Override
    public void postEvent(Event event) {
        EventHandler handler = to;
        if (handler != null) {
            handler.handleEvent(event);
        }
    }

    @Override
    public void sendEvent(Event event) {
        postEvent(event);
    }
}
