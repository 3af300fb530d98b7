package dev.strata.core.internal;

import java.util.regex.Pattern;

/** Store names end up in Event Admin topics, so they must be valid topic tokens. */
final class StoreNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]+");

    private StoreNames() {
    }

    static String check(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid store name '" + name
                    + "': use letters, digits, '-' and '_' only (it becomes part of an event topic)");
        }
        return name;
    }
}
