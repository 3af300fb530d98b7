package dev.strata.store.rest.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.strata.wire.Json;
import dev.strata.wire.JsonChanges;
import dev.strata.wire.WireException;

/**
 * Follows a store's server-sent change stream on a thread of its own: every commit notice goes to
 * the listener, in order. A dropped connection is resumed from the last sequence seen
 * ({@code Last-Event-ID}), so nothing is missed while the server keeps it in its log; a connection
 * that stays silent for three heartbeats is treated as dropped.
 * <p>
 * A sequence only means something in the epoch it came from. When the {@code ready} event of a
 * (re)connection shows that the server's store is another one (another epoch), that its sequence is
 * behind the last one seen, or that its log no longer reaches back to it, resuming would miss
 * commits silently: the stream follows on from the server's head instead and tells the listener
 * to read afresh.
 */
final class ChangeStream implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChangeStream.class.getName());
    /** The server sends a heartbeat every 15 s; three missed ones mean the connection is dead. */
    private static final long STALE_MS = 45_000;
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final String store;
    private final Http http;
    /** Receives what the stream says, on the stream's thread. */
    interface Listener {
        /** A commit, in sequence order. */
        void commit(JsonChanges.Notice notice);

        /** Commits may have been missed; the stream follows on from {@code head}. */
        void resynced(long head, String reason);
    }

    private final Listener listener;
    private final Thread thread;
    private final ScheduledExecutorService watchdog;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile long position;
    /** The epoch the position belongs to; empty if unknown (a server or store that does not tell). */
    private volatile String epoch;
    private volatile long lastActivity;
    private volatile InputStream current;

    ChangeStream(String store, Http http, long position, String epoch, Listener listener) {
        this.store = store;
        this.http = http;
        this.position = position;
        this.epoch = epoch == null ? "" : epoch;
        this.listener = listener;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "strata-rest-watchdog-" + store);
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::checkAlive, 5, 5, TimeUnit.SECONDS);
        this.thread = new Thread(this::run, "strata-rest-stream-" + store);
        thread.setDaemon(true);
        thread.start();
    }

    boolean connected() {
        return connected;
    }

    long position() {
        return position;
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MS;
        String lastProblem = null;
        while (!closed) {
            try {
                if (follow()) {
                    backoff = FIRST_BACKOFF_MS;
                }
                lastProblem = null;
            } catch (IOException | RuntimeException e) {
                String problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (!closed && !problem.equals(lastProblem)) {
                    // Said once per kind of failure, not at every reconnection attempt.
                    LOG.log(Level.WARNING, "Store '" + store + "': change stream from " + http.base() + " interrupted ("
                            + problem + "); reconnecting from sequence " + position);
                }
                lastProblem = problem;
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } finally {
                connected = false;
                closeCurrent();
            }
            if (closed) {
                break;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    /** Connects and reads until the stream ends; true if it was connected. */
    private boolean follow() throws IOException, InterruptedException {
        long from = position;
        HttpRequest.Builder b = http.request("/events" + (from >= 0 ? "?after=" + from : ""))
                .header("Accept", Json.EVENT_STREAM);
        if (from >= 0) {
            b.header("Last-Event-ID", Long.toString(from));
        }
        HttpResponse<InputStream> response = http.client().send(b.GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = response.body();
        current = in;
        if (closed) {
            return false;
        }
        if (response.statusCode() != 200) {
            String text = new String(in.readNBytes(2000), StandardCharsets.UTF_8).strip();
            throw new IOException("HTTP " + response.statusCode() + " " + text);
        }
        lastActivity = System.currentTimeMillis();
        connected = true;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String event = null;
        StringBuilder data = new StringBuilder();
        String line;
        while (!closed && (line = reader.readLine()) != null) {
            lastActivity = System.currentTimeMillis();
            if (line.isEmpty()) {
                dispatch(event, data.toString());
                event = null;
                data.setLength(0);
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (field.equals("event")) {
                    event = value;
                } else if (field.equals("data")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(value);
                }
            }
        }
        return true;
    }

    private void dispatch(String event, String data) {
        if (data.isEmpty()) {
            return;
        }
        try {
            JsonNode n = Json.parse(data.getBytes(StandardCharsets.UTF_8));
            if ("commit".equals(event)) {
                JsonChanges.Notice notice = JsonChanges.notice(n);
                if (position >= 0 && notice.result().sequence() <= position) {
                    // Covered by a resync: the server streams from the client's old position.
                    return;
                }
                try {
                    listener.commit(notice);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Store '" + store + "': announcing commit " + notice.changes().commitId()
                            + " failed", e);
                }
                position = notice.result().sequence();
            } else if ("ready".equals(event)) {
                ready(n);
            }
        } catch (WireException e) {
            LOG.log(Level.WARNING, "Store '" + store + "': ignoring a change stream event this client does not"
                    + " understand: " + e.getMessage());
        }
    }

    /** Resumes from the position if the server's store still has what followed it, else resyncs. */
    private void ready(JsonNode n) {
        long after = Json.number(n, "after", "", -1);
        long head = Json.number(n, "head", "", after);
        // Absent from servers that predate epochs: then only the head can tell.
        long floor = Json.number(n, "logFloor", "", -1);
        String now = Json.text(n, "epoch", "", "");
        long seen = position;
        String reason = null;
        if (seen >= 0) {
            if (!now.isEmpty() && !epoch.isEmpty() && !now.equals(epoch)) {
                reason = "the server's store is another one now (epoch " + now + ", was " + epoch + ")";
            } else if (seen > head) {
                reason = "the server's store is at sequence " + head + ", behind sequence " + seen
                        + " this client had seen: its history started again";
            } else if (seen < floor) {
                reason = "this client was away longer than the server keeps commits (it has those after "
                        + floor + ", the client had seen up to " + seen + ")";
            }
        }
        if (!now.isEmpty()) {
            epoch = now;
        }
        if (reason == null) {
            if (seen < 0) {
                position = after;
            }
            return;
        }
        position = head;
        LOG.log(Level.WARNING, "Store '" + store + "': " + reason + "; commits may have been missed, so what was"
                + " read from " + http.base() + " must be read again. Following from sequence " + head);
        try {
            listener.resynced(head, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Store '" + store + "': announcing the resync failed", e);
        }
    }

    private void checkAlive() {
        if (connected && System.currentTimeMillis() - lastActivity > STALE_MS) {
            LOG.log(Level.WARNING, "Store '" + store + "': no word from " + http.base() + " for "
                    + STALE_MS / 1000 + " s; reconnecting the change stream");
            closeCurrent();
            thread.interrupt();
        }
    }

    private void closeCurrent() {
        InputStream in = current;
        current = null;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // Closing only to unblock the reader.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        closeCurrent();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
