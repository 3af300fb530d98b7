package dev.strata.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.strata.server.StrataServer;
import dev.strata.wire.Json;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads request bodies within the server's limits. A body is read without holding a thread while
 * the client is slow or silent (servlet non-blocking input): nothing is allocated before bytes
 * arrive, the body must arrive whole within the read timeout, bodies being read or handled share
 * one memory budget, and the JSON is parsed with limits on size, nesting and number of values.
 * Every refusal is an answer (413, 408, 503, 400) instead of a thread or memory held.
 */
final class Bodies implements AutoCloseable {

    /** The limits of one server (see {@link StrataServer}). */
    record Limits(long maxBytes, long maxValues, int maxDepth, long timeoutMs, long budgetBytes) {
    }

    /** What to do with a body read whole. */
    @FunctionalInterface
    interface Handler {
        void handle(byte[] body);
    }

    /** Sends an answer for a body that could not be read; runs at most once per request. */
    @FunctionalInterface
    interface Refusal {
        void send(Problem problem);
    }

    private static final int CHUNK = 16 * 1024;
    /** The budget counts kibibytes, so that a large budget fits a semaphore's int permits. */
    private static final int UNIT = 1024;

    private final Limits limits;
    private final Semaphore budget;
    private final ObjectMapper mapper;
    private final ScheduledThreadPoolExecutor timer;

    Bodies(Limits limits) {
        this.limits = limits;
        this.budget = new Semaphore((int) Math.min(Integer.MAX_VALUE, limits.budgetBytes() / UNIT));
        this.mapper = Json.mapper().copy();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(limits.maxBytes())
                .maxTokenCount(limits.maxValues())
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxBytes()))
                .build());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "strata-server-body-timeouts");
            t.setDaemon(true);
            return t;
        });
        // A deadline is cancelled for nearly every request: drop it at once rather than at its time.
        timer.setRemoveOnCancelPolicy(true);
    }

    Limits limits() {
        return limits;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * Reads the request's body asynchronously, then runs the handler with it on a container thread
     * and completes the request. A body the server refuses is answered through the refusal.
     */
    void read(HttpServletRequest req, Handler handler, Refusal refusal) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > limits.maxBytes()) {
            throw tooLarge(declared);
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(0); // the read deadline below is ours; handling a commit may take long
        new Reading(async, req.getInputStream(), handler, refusal).start();
    }

    /** One body being read: READING until it is whole, then handled, or refused once. */
    private final class Reading implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final ServletInputStream in;
        private final Handler handler;
        private final Refusal refusal;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(CHUNK);
        private final byte[] chunk = new byte[CHUNK];
        private int held; // budget units held for this body
        private boolean over; // read, refused or failed: nothing more to do with input
        private ScheduledFuture<?> deadline;

        Reading(AsyncContext async, ServletInputStream in, Handler handler, Refusal refusal) {
            this.async = async;
            this.in = in;
            this.handler = handler;
            this.refusal = refusal;
        }

        void start() {
            async.addListener(this);
            deadline = timer.schedule(() -> refuse(new Problem(408, "timeout", "the request body did not arrive"
                    + " within " + limits.timeoutMs() + " ms (" + StrataServer.BODY_TIMEOUT_MS + ")")),
                    limits.timeoutMs(), TimeUnit.MILLISECONDS);
            in.setReadListener(this);
        }

        @Override
        public void onDataAvailable() throws IOException {
            synchronized (this) {
                while (!over && in.isReady()) {
                    int n = in.read(chunk);
                    if (n < 0) {
                        return;
                    }
                    if (bytes.size() + (long) n > limits.maxBytes()) {
                        refuseLocked(tooLarge(-1));
                        return;
                    }
                    int need = (int) ((bytes.size() + (long) n + UNIT - 1) / UNIT) - held;
                    if (need > 0) {
                        if (!budget.tryAcquire(need)) {
                            refuseLocked(new Problem(503, "busy", "the server holds as many request bodies as its"
                                    + " memory budget allows (" + limits.budgetBytes() + " bytes, "
                                    + StrataServer.BODIES_MAX_BYTES + "); try again shortly"));
                            return;
                        }
                        held += need;
                    }
                    bytes.write(chunk, 0, n);
                }
            }
        }

        @Override
        public void onAllDataRead() {
            byte[] body;
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
                deadline.cancel(false);
                body = bytes.toByteArray();
                bytes.reset();
            }
            try {
                handler.handle(body);
            } finally {
                async.complete();
            }
        }

        @Override
        public void onError(Throwable t) {
            // The client went away or the container gave up on the connection: nobody to answer.
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
                deadline.cancel(false);
            }
            async.complete();
        }

        private void refuse(Problem problem) {
            synchronized (this) {
                if (over) {
                    return;
                }
                refuseLocked(problem);
            }
        }

        private void refuseLocked(Problem problem) {
            over = true;
            deadline.cancel(false);
            bytes.reset();
            release(); // its bytes are dropped now, not when the container completes the exchange
            try {
                refusal.send(problem);
            } finally {
                async.complete();
            }
        }

        private synchronized void release() {
            budget.release(held);
            held = 0;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            release();
        }

        @Override
        public void onError(AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }

    /**
     * Parses a body read by {@link #read}: limits on nesting and values are answered with what was
     * over and the setting that says how much is allowed.
     */
    JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return Json.parse(body); // says the body is empty
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                return Json.parse(body);
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw overLimit(e);
        } catch (JsonProcessingException e) {
            // Malformed: the wire codec parses it again to say where (field path, line, column).
            return Json.parse(body);
        } catch (IOException e) {
            throw Problem.badRequest("", "cannot read the JSON body: " + e.getMessage());
        }
    }

    private Problem overLimit(StreamConstraintsException e) {
        // Jackson's message names its own methods; the client hears the server's setting instead.
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("NestingDepth")) {
            return Problem.badRequest("", "the body nests deeper than this server accepts (" + limits.maxDepth()
                    + " levels, " + StrataServer.MAX_JSON_DEPTH + ")");
        }
        if (m.contains("TokenCount")) {
            return new Problem(413, "too-large", "the body holds more JSON values than this server accepts ("
                    + limits.maxValues() + ", " + StrataServer.MAX_JSON_VALUES + ")");
        }
        if (m.contains("NumberLength")) {
            return Problem.badRequest("", "the body holds a number with more digits than this server accepts ("
                    + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + ")");
        }
        if (m.contains("NameLength")) {
            return Problem.badRequest("", "the body holds a field name longer than this server accepts");
        }
        return tooLarge(-1);
    }

    Problem tooLarge(long size) {
        return new Problem(413, "too-large", "the request body" + (size > 0 ? " of " + size + " bytes" : "")
                + " is larger than this server accepts (" + limits.maxBytes() + " bytes, "
                + StrataServer.MAX_PAYLOAD_BYTES + ")");
    }
}
