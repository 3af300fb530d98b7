package dev.strata.store.rest.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.strata.core.ConflictException;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.MissingIndexException;
import dev.strata.core.LockedException;
import dev.strata.core.ModelVersionException;
import dev.strata.core.ObjectExistsException;
import dev.strata.core.StoreException;
import dev.strata.core.VetoException;
import dev.strata.store.rest.RestStoreOptions;
import dev.strata.wire.Json;
import dev.strata.wire.JsonChanges;
import dev.strata.wire.JsonLocks;
import dev.strata.wire.WireException;

/**
 * Requests to one store on a Strata server: JSON in and out, the credential on every request,
 * bounded retries after network failures, and server errors turned back into the exceptions the
 * server's store threw (conflicts, vetoes, missing indexes).
 */
final class Http implements AutoCloseable {

    /** Which failures a request may be retried after. */
    enum Retry {
        /** None: fail at once (used to probe the server). */
        NONE,
        /** Only failures that certainly happened before the request reached the server. */
        UNSENT_ONLY,
        /** Any network failure: the request is safe to repeat (a read, or a commit with its id). */
        IDEMPOTENT
    }

    /** A successful answer, and how many attempts it took. */
    record Outcome(JsonNode body, int attempts) {
    }

    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 1000;

    private final String store;
    private final URI base;
    private final RestStoreOptions options;
    private final HttpClient client;
    private final String authorization;

    Http(String store, URI base, RestStoreOptions options) {
        this.store = store;
        this.base = base;
        this.options = options;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout().compareTo(Duration.ofSeconds(10)) < 0 ? options.timeout()
                        : Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (options.trustStore() != null) {
            try {
                builder.sslContext(Trust.context(options.trustStore(), options.trustStorePassword()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Store '" + store + "': " + e.getMessage(), e);
            }
        }
        this.client = builder.build();
        if (options.token() != null && !options.token().isBlank()) {
            authorization = "Bearer " + options.token().trim();
        } else if (options.user() != null && !options.user().isBlank()) {
            String pair = options.user() + ":" + (options.password() == null ? "" : options.password());
            authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        } else {
            authorization = null;
        }
    }

    HttpClient client() {
        return client;
    }

    URI base() {
        return base;
    }

    /** A request to this store's URL plus {@code path}, with the credential. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    JsonNode get(String path, Retry retry) {
        return send("GET", path, null, retry, false).body();
    }

    /** A GET answered 404 for an unknown object gives null. */
    JsonNode getOrNull(String path) {
        Outcome o = send("GET", path, null, Retry.IDEMPOTENT, true);
        return o == null ? null : o.body();
    }

    JsonNode post(String path, JsonNode body, Retry retry) {
        return send("POST", path, Json.write(body), retry, false).body();
    }

    Outcome commit(JsonNode changeSet) {
        return send("POST", "/commits", Json.write(changeSet), Retry.IDEMPOTENT, false);
    }

    private Outcome send(String method, String path, byte[] body, Retry retry, boolean notFoundIsNull) {
        URI uri = URI.create(base + path);
        long deadline = System.nanoTime() + options.retryFor().toNanos();
        long backoff = FIRST_BACKOFF_MS;
        int attempts = 0;
        boolean maybeApplied = false;
        List<String> failures = new ArrayList<>();
        while (true) {
            attempts++;
            HttpRequest.Builder b = request(path).timeout(options.timeout()).header("Accept", Json.JSON);
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", Json.JSON).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            }
            String failure;
            try {
                HttpResponse<byte[]> response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Outcome(parse(response.body(), uri), attempts);
                }
                if (status == 502 || status == 503 || status == 504) {
                    failure = "HTTP " + status;
                    maybeApplied |= status != 503;
                    if (retry != Retry.IDEMPOTENT) {
                        throw error(method, uri, status, response.body());
                    }
                } else {
                    RuntimeException e = error(method, uri, status, response.body());
                    if (e == null) {
                        if (notFoundIsNull) {
                            return null;
                        }
                        e = new StoreException("Store '" + store + "' (" + uri + "): no such object on the server");
                    }
                    throw e;
                }
            } catch (ConnectException | HttpConnectTimeoutException e) {
                // Nothing reached the server: safe to repeat any request.
                failure = describe(e);
                if (retry == Retry.NONE) {
                    throw unreachable(method, uri, attempts, List.of(failure), false);
                }
            } catch (IOException e) {
                if (certificateRefused(e)) {
                    // Not a network hiccup: retrying cannot make a refused certificate acceptable.
                    throw new StoreException(certificateMessage(method, uri, e), e);
                }
                failure = describe(e);
                maybeApplied = true;
                if (retry != Retry.IDEMPOTENT) {
                    throw new StoreException("Store '" + store + "': " + method + " " + uri + " failed (" + failure
                            + "); the request may or may not have been applied", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Store '" + store + "': interrupted during " + method + " " + uri, e);
            }
            failures.add(failure);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw unreachable(method, uri, attempts, failures, maybeApplied);
            }
            try {
                Thread.sleep(Math.min(backoff, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Store '" + store + "': interrupted while retrying " + method + " " + uri, e);
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private StoreException unreachable(String method, URI uri, int attempts, List<String> failures,
            boolean maybeApplied) {
        String last = failures.isEmpty() ? "" : failures.get(failures.size() - 1);
        return new StoreException("Store '" + store + "': the Strata server is unreachable: " + method + " " + uri
                + " failed " + attempts + " time(s)" + (attempts > 1 ? " in " + options.retryFor().toMillis() + " ms" : "")
                + " (last: " + last
                + ")" + (maybeApplied && "POST".equals(method)
                        ? "; the server may have applied the request, and repeating a commit with the same id is safe"
                        : ""));
    }

    /**
     * Whether a request failed because TLS refused the server's certificate (not trusted, or not
     * for this host); other TLS failures may be the network's and are retried like it.
     */
    private static boolean certificateRefused(Throwable e) {
        boolean tls = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            tls |= t instanceof SSLException;
            if (tls && (t instanceof CertificateException || t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException)) {
                return true;
            }
        }
        return false;
    }

    /** Why TLS refused the server's certificate and what to do, without the JDK's class names. */
    private String certificateMessage(String method, URI uri, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "Store '" + store + "': TLS with the Strata server failed: " + method + " " + uri + ": the server's"
                + " certificate is not trusted (" + root.getMessage() + "); " + (options.trustStore() == null
                        ? "if it is self-signed or from a private authority, give the store the server's certificate"
                                + " or a trust store holding it (RestStoreOptions.withTrustStore, or trust.store in the"
                                + " dev.strata.store.rest configuration)"
                        : "the trust store " + options.trustStore() + " does not hold it, or it does not name the"
                                + " host " + uri.getHost());
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private JsonNode parse(byte[] body, URI uri) {
        try {
            return Json.parse(body);
        } catch (WireException e) {
            throw new StoreException("Store '" + store + "': " + uri + " answered with something that is not JSON ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * The exception a server error stands for; null for a 404 about an unknown object (the caller
     * decides whether that is an error).
     */
    private RuntimeException error(String method, URI uri, int status, byte[] body) {
        JsonNode n;
        try {
            n = Json.parse(body);
        } catch (WireException e) {
            n = null;
        }
        String kind = n != null && n.hasNonNull("error") ? n.get("error").asText() : "";
        String message = n != null && n.hasNonNull("message") ? n.get("message").asText()
                : new String(body, StandardCharsets.UTF_8).strip();
        String where = "Store '" + store + "' (" + uri + ")";
        try {
            switch (status) {
                case 404:
                    if ("no-such-object".equals(kind)) {
                        return null;
                    }
                    return new StoreException(where + ": not found on the server: " + message);
                case 409:
                    if ("locked".equals(kind) && n.has("locks")) {
                        return new LockedException(store, "the request (" + uri + ")", JsonLocks.locks(n.get("locks"), "locks"));
                    }
                    if ("conflict".equals(kind) && n.has("conflicts")) {
                        return new ConflictException(store, JsonChanges.conflicts(n.get("conflicts"), "conflicts"));
                    }
                    // The same refusals a local store gives.
                    if ("already-exists".equals(kind) && n.hasNonNull("field") && n.hasNonNull("id")) {
                        return new ObjectExistsException(n.get("field").asText(), store,
                                Json.id(n.get("id"), "id"));
                    }
                    if ("model-version".equals(kind)) {
                        return new ModelVersionException(n.path("nsUri").asText(), n.hasNonNull("current")
                                ? n.get("current").asInt() : null, where + ": " + message);
                    }
                    break;
                case 422:
                    if ("veto".equals(kind) && n.has("reasons")) {
                        List<String> reasons = new ArrayList<>();
                        n.get("reasons").forEach(r -> reasons.add(r.asText()));
                        return new VetoException(reasons.isEmpty() ? List.of(message) : reasons);
                    }
                    break;
                case 400:
                    if ("missing-index".equals(kind)) {
                        return new MissingIndexException(message);
                    }
                    String field = n != null && n.hasNonNull("field") ? n.get("field").asText() : "";
                    if (!field.isEmpty() && "bad-request".equals(kind)) {
                        // The change set does not fit the model: the same refusal a local store gives.
                        String what = message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
                        return new InvalidChangeException(field, what + " (refused by the server: " + where + ")");
                    }
                    return new StoreException(where + ": the server refused the request as malformed"
                            + (field.isEmpty() ? "" : " (field " + field + ")") + ": " + message);
                case 401:
                    return new StoreException(where + ": the server wants a credential; configure a token or a"
                            + " user and password (" + message + ")");
                case 403:
                    if (n != null && n.hasNonNull("permission")) {
                        // The credential is known but its grants do not cover this store.
                        return new StoreException(where + ": the credential may not " + n.get("permission").asText()
                                + " this store (" + message + ")");
                    }
                    return new StoreException(where + ": the server refused the credential (" + message + ")");
                case 413:
                    return new StoreException(where + ": the request is larger than the server accepts (" + message
                            + ")");
                default:
                    break;
            }
        } catch (WireException e) {
            // A conflict answer without well-formed details: report what the server said.
        }
        return new StoreException(where + ": " + method + " failed with HTTP " + status + ": " + message);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
