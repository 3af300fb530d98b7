package dev.strata.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import dev.strata.wire.Json;
import dev.strata.wire.JsonChanges;

/**
 * The server-sent change streams. Each stream reads the store's commit log from the position the
 * client names (Last-Event-ID or {@code ?after=}) and then waits for more: it wakes when Event
 * Admin announces a commit of the store, and polls the log every second as well, for commits a
 * store does not announce (made by another process on a shared database). Every commit is one
 * event whose id is its sequence, so a client that reconnects misses nothing the log still holds.
 * <p>
 * The first event, {@code ready}, says where the stream starts ({@code after}), the store's newest
 * sequence ({@code head}), its {@code epoch} and {@code logFloor} (the log holds every commit after
 * it). A client must not resume from a sequence of another epoch, below the floor or above the head:
 * it missed commits the stream cannot give and has to read afresh. A position above the head starts
 * the stream at the head, since sequences up to it were given to other commits.
 */
final class Streams {

    /** Fallback poll of the log when no commit event arrives. */
    private static final long POLL_MS = 1000;
    /** Commits read from the log at once. */
    private static final int BATCH = 200;

    /** Wakes the streams of one store. */
    private static final class Signal {
        private long generation;

        synchronized long generation() {
            return generation;
        }

        synchronized void bump() {
            generation++;
            notifyAll();
        }

        synchronized void await(long seen, long millis) throws InterruptedException {
            long end = System.currentTimeMillis() + millis;
            long left = millis;
            while (generation == seen && left > 0) {
                wait(left);
                left = end - System.currentTimeMillis();
            }
        }
    }

    private final Map<String, Signal> signals = new ConcurrentHashMap<>();
    private final Map<ModelStore, Long> heads = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final int max;
    private final long heartbeatMs;
    private volatile boolean closed;

    Streams(int max, long heartbeatMs) {
        this.max = max;
        this.heartbeatMs = heartbeatMs;
    }

    private Signal signal(String store) {
        return signals.computeIfAbsent(store, s -> new Signal());
    }

    /** A commit of the store was announced: wake its streams. */
    void committed(String store) {
        Signal s = signals.get(store);
        if (s != null) {
            s.bump();
        }
    }

    /** The store went away: forget its position and end its streams. */
    void removed(String store, ModelStore instance) {
        heads.remove(instance);
        committed(store);
    }

    /** The sequence of the store's newest logged commit (0 when the log is empty). */
    long head(ModelStore store) {
        long h = heads.getOrDefault(store, 0L);
        while (true) {
            List<LoggedCommit> page = store.log(h, 1000);
            if (page.isEmpty()) {
                break;
            }
            h = page.get(page.size() - 1).sequence();
            if (page.size() < 1000) {
                break;
            }
        }
        heads.put(store, h);
        return h;
    }

    /**
     * Streams commits after {@code after} (the head when negative) until the client goes away,
     * the store is no longer served ({@code current} gives another store) or the server stops.
     */
    void stream(String name, ModelStore store, Supplier<ModelStore> current, long after,
            jakarta.servlet.http.HttpServletResponse response) throws IOException {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            throw new Problem(503, "busy", "this server already serves " + max + " change streams");
        }
        try {
            response.setStatus(200);
            response.setContentType(Json.EVENT_STREAM);
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no");
            OutputStream out = response.getOutputStream();
            long floor = store.logFloor();
            long head = head(store);
            long position = after < 0 || after > head ? head : after;
            ObjectNode ready = Json.object();
            ready.put("store", name);
            ready.put("after", position);
            ready.put("head", head);
            ready.put("epoch", store.epoch());
            ready.put("logFloor", floor);
            write(out, "retry: 1000\nevent: ready\ndata: " + new String(Json.write(ready), StandardCharsets.UTF_8)
                    + "\n\n");
            response.flushBuffer();
            Signal signal = signal(name);
            long lastWrite = System.currentTimeMillis();
            while (!closed && current.get() == store) {
                long seen = signal.generation();
                List<LoggedCommit> batch = store.log(position, BATCH);
                for (LoggedCommit c : batch) {
                    write(out, "id: " + c.sequence() + "\nevent: commit\ndata: "
                            + new String(Json.write(JsonChanges.notice(c)), StandardCharsets.UTF_8) + "\n\n");
                    position = c.sequence();
                }
                long now = System.currentTimeMillis();
                if (!batch.isEmpty()) {
                    response.flushBuffer();
                    lastWrite = now;
                    if (batch.size() == BATCH) {
                        continue;
                    }
                } else if (now - lastWrite >= heartbeatMs) {
                    // Keeps proxies from closing an idle stream and lets both ends notice a dead one.
                    write(out, ": heartbeat\n\n");
                    response.flushBuffer();
                    lastWrite = now;
                }
                signal.await(seen, Math.max(1, Math.min(POLL_MS, heartbeatMs - (now - lastWrite))));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.decrementAndGet();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends every stream (the server stops). */
    void close() {
        closed = true;
        signals.values().forEach(Signal::bump);
    }
}
