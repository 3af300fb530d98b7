package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.event.Event;

import dev.strata.core.Topics;

/**
 * The ids a commit event names as changed or deleted, plus its store (so that every commit refreshes
 * the view) and the session that made it ({@value #FROM} and the session's id; "null" for a resync).
 */
final class ChangedIds {

    private ChangedIds() {
    }

    /** The key naming the session a commit came from. */
    static final String FROM = "from:";
    /** The key naming the store a commit was made in. */
    static final String STORE = "store:";

    static List<String> of(Event event) {
        List<String> keys = new ArrayList<>();
        keys.add(STORE + event.getProperty(Topics.STORE));
        keys.add(FROM + event.getProperty(Topics.SESSION));
        if (event.getProperty(Topics.CHANGED) instanceof String[] changed) {
            keys.addAll(List.of(changed));
        }
        // Deleted objects too: sessions holding them let them go.
        if (event.getProperty(Topics.DELETED) instanceof String[] deleted) {
            keys.addAll(List.of(deleted));
        }
        return keys;
    }
}
