package dev.strata.server.internal;

import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * A resource of a served store ({@code /stores/{store}/{name}}) in {@link Api}'s route table: what
 * answers it, and which request field a refusal from the store is about (from the sub-path).
 */
record Resource(Handler handler, UnaryOperator<String> field) {

    @FunctionalInterface
    interface Handler {
        void handle(Exchange x) throws IOException;
    }

    static Resource of(Handler handler, String field) {
        return new Resource(handler, rest -> field);
    }
}
