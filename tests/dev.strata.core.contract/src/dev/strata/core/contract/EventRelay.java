package dev.strata.core.contract;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;

/**
 * A wrapped store's Event Admin in tests without a bus: hands each commit event at once to the
 * store that wraps it (a cache over it), as the wrapping store's OSGi component would through its
 * subscription (later) in a framework.
 */
public final class EventRelay implements EventAdmin {

    private volatile EventHandler to;

    /** Where events go from now on. */
    public void to(EventHandler handler) {
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
