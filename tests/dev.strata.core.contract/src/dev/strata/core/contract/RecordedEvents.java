package dev.strata.core.contract;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.Topics;

/** An Event Admin that keeps what stores post, so that a test can check what was announced. */
public final class RecordedEvents implements EventAdmin {

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void postEvent(Event event) {
        events.add(event);
    }

    @Override
    public synchronized void sendEvent(Event event) {
        events.add(event);
    }

    /** The commit events of a store so far, in the order posted (resync notices left out). */
    public synchronized List<Event> commits(String store) {
        return events.stream().filter(e -> e.getTopic().equals(Topics.commit(store)))
                .filter(e -> e.getProperty(Topics.RESYNC) == null).toList();
    }
}
