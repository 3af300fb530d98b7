package dev.strata.store.rest;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a REST store's server is and how to talk to it.
 *
 * @param server      the server's base URL, e.g. {@code http://127.0.0.1:8080/strata}
 * @param remoteStore the store's name on the server; null means the same name as the local store
 * @param token       a bearer token, or null
 * @param user        a user for basic authentication, or null (used when there is no token)
 * @param password    the user's password
 * @param timeout     how long one request may take
 * @param retryFor    how long a request that failed on the network is retried (a commit with the
 *                    same commit id, so it is applied once) before the server counts as unreachable
 */
public record RestStoreOptions(URI server, String remoteStore, String token, String user, String password,
        Duration timeout, Duration retryFor) {

    public RestStoreOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retryFor, "retryFor");
        String scheme = server.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("Server URL '" + server + "' must start with http:// or https://");
        }
        if (timeout.isNegative() || timeout.isZero() || retryFor.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive and retryFor not negative");
        }
    }

    /** Defaults: same store name, no credential, 30 s per request, retries for 30 s. */
    public static RestStoreOptions of(URI server) {
        return new RestStoreOptions(server, null, null, null, null, Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    public static RestStoreOptions of(String server) {
        return of(URI.create(server));
    }

    public RestStoreOptions withServer(URI url) {
        return new RestStoreOptions(url, remoteStore, token, user, password, timeout, retryFor);
    }

    public RestStoreOptions withRemoteStore(String name) {
        return new RestStoreOptions(server, name, token, user, password, timeout, retryFor);
    }

    public RestStoreOptions withToken(String bearerToken) {
        return new RestStoreOptions(server, remoteStore, bearerToken, user, password, timeout, retryFor);
    }

    public RestStoreOptions withBasic(String basicUser, String basicPassword) {
        return new RestStoreOptions(server, remoteStore, token, basicUser, basicPassword, timeout, retryFor);
    }

    public RestStoreOptions withTimeout(Duration perRequest) {
        return new RestStoreOptions(server, remoteStore, token, user, password, perRequest, retryFor);
    }

    public RestStoreOptions withRetryFor(Duration retries) {
        return new RestStoreOptions(server, remoteStore, token, user, password, timeout, retries);
    }

    /** Never shows the token or the password. */
    @Override
    public String toString() {
        return "RestStoreOptions[server=" + server + ", remoteStore=" + remoteStore + ", token="
                + (token == null ? "none" : "***") + ", user=" + user + ", timeout=" + timeout + ", retryFor="
                + retryFor + "]";
    }
}
