package dev.strata.store.log.internal;

import java.util.Collection;

/** One JSON object on one line, built field by field; strings escaped as RFC 8259 asks. */
final class JsonLine {

    /** Ids written per line at most; the count is always written. */
    static final int MAX_IDS = 100;

    private final StringBuilder json = new StringBuilder(128).append('{');

    JsonLine text(String name, String value) {
        key(name);
        quote(value);
        return this;
    }

    JsonLine number(String name, long value) {
        key(name).append(value);
        return this;
    }

    JsonLine flag(String name, boolean value) {
        key(name).append(value);
        return this;
    }

    /** The values' strings, the first {@link #MAX_IDS}; {@code <name>.count} when some were left out. */
    JsonLine list(String name, Collection<?> values) {
        key(name).append('[');
        int n = 0;
        for (Object v : values) {
            if (n == MAX_IDS) {
                break;
            }
            if (n++ > 0) {
                json.append(',');
            }
            quote(String.valueOf(v));
        }
        json.append(']');
        if (values.size() > MAX_IDS) {
            number(name + ".count", values.size());
        }
        return this;
    }

    private StringBuilder key(String name) {
        if (json.length() > 1) {
            json.append(',');
        }
        quote(name);
        return json.append(':');
    }

    private void quote(String s) {
        if (s == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
            case '"' -> json.append("\\\"");
            case '\\' -> json.append("\\\\");
            case '\n' -> json.append("\\n");
            case '\r' -> json.append("\\r");
            case '\t' -> json.append("\\t");
            default -> {
                if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
            }
        }
        json.append('"');
    }

    @Override
    public String toString() {
        return json + "}";
    }
}
