package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.event.Event;

import dev.strata.core.Topics;

/** The ids a commit event names as changed or deleted, plus its store (so that every commit refreshes the view). */
final class ChangedIds {

    private ChangedIds() {
    }

    static List<String> of(Event event) {
        List<String> keys = new ArrayList<>();
        keys.add("store:" + event.getProperty(Topics.STORE));
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
