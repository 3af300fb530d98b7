package dev.strata.store.rest;

import java.net.URI;
import java.nio.file.Path;
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
 * @param trustStore  for an https server: the certificates to trust instead of the JDK's authorities,
 *                    as a key store file (PKCS12 or JKS) or a certificate file (PEM or DER: the
 *                    server's own certificate, pinned); null trusts what the JDK trusts. Never
 *                    "trust anything": a server whose certificate is not trusted is refused
 * @param trustStorePassword the trust store's password; null for a certificate file or a key store
 *                    without one
 */
public record RestStoreOptions(URI server, String remoteStore, String token, String user, String password,
        Duration timeout, Duration retryFor, Path trustStore, String trustStorePassword) {

    /** Options without a trust store (the JDK's authorities are trusted). */
    public RestStoreOptions(URI server, String remoteStore, String token, String user, String password,
            Duration timeout, Duration retryFor) {
        this(server, remoteStore, token, user, password, timeout, retryFor, null, null);
    }

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
        return new RestStoreOptions(server, null, null, null, null, Duration.ofSeconds(30), Duration.ofSeconds(30),
                null, null);
    }

    public static RestStoreOptions of(String server) {
        return of(URI.create(server));
    }

    public RestStoreOptions withServer(URI url) {
        return new RestStoreOptions(url, remoteStore, token, user, password, timeout, retryFor, trustStore,
                trustStorePassword);
    }

    public RestStoreOptions withRemoteStore(String name) {
        return new RestStoreOptions(server, name, token, user, password, timeout, retryFor, trustStore,
                trustStorePassword);
    }

    public RestStoreOptions withToken(String bearerToken) {
        return new RestStoreOptions(server, remoteStore, bearerToken, user, password, timeout, retryFor, trustStore,
                trustStorePassword);
    }

    public RestStoreOptions withBasic(String basicUser, String basicPassword) {
        return new RestStoreOptions(server, remoteStore, token, basicUser, basicPassword, timeout, retryFor, trustStore,
                trustStorePassword);
    }

    public RestStoreOptions withTimeout(Duration perRequest) {
        return new RestStoreOptions(server, remoteStore, token, user, password, perRequest, retryFor, trustStore,
                trustStorePassword);
    }

    public RestStoreOptions withRetryFor(Duration retries) {
        return new RestStoreOptions(server, remoteStore, token, user, password, timeout, retries, trustStore,
                trustStorePassword);
    }

    /**
     * Trusts the certificates in a key store (PKCS12 or JKS), or the one in a certificate file (PEM or
     * DER), instead of the JDK's authorities: how to talk to an https server with a self-signed
     * certificate.
     *
     * @param file     the key store or certificate file
     * @param storePassword the key store's password; null for a certificate file
     */
    public RestStoreOptions withTrustStore(Path file, String storePassword) {
        return new RestStoreOptions(server, remoteStore, token, user, password, timeout, retryFor, file,
                storePassword);
    }

    /** Never shows the token or the passwords. */
    @Override
    public String toString() {
        return "RestStoreOptions[server=" + server + ", remoteStore=" + remoteStore + ", token="
                + (token == null ? "none" : "***") + ", user=" + user + ", timeout=" + timeout + ", retryFor="
                + retryFor + (trustStore == null ? "" : ", trustStore=" + trustStore) + "]";
    }
}
