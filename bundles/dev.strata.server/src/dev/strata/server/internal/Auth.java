package dev.strata.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Checks the credential of a request: a bearer token or a basic user and password from the
 * configuration. Writes always need one; reads only when reads are protected. A missing
 * credential is answered 401 (with the schemes the server accepts), a wrong one 403.
 */
final class Auth {

    enum Access {
        READ, WRITE
    }

    private final byte[] token;
    private final String user;
    private final byte[] password;
    private final boolean readsOpen;

    Auth(String token, String user, String password, boolean readsOpen) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
        this.user = user == null || user.isBlank() ? null : user.trim();
        this.password = password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8);
        this.readsOpen = readsOpen;
    }

    boolean hasCredentials() {
        return token != null || user != null;
    }

    boolean readsOpen() {
        return readsOpen;
    }

    /** The value of WWW-Authenticate for a 401. */
    String challenge() {
        if (token != null && user != null) {
            return "Bearer realm=\"strata\", Basic realm=\"strata\", charset=\"UTF-8\"";
        }
        return user != null ? "Basic realm=\"strata\", charset=\"UTF-8\"" : "Bearer realm=\"strata\"";
    }

    /**
     * Checks a request's Authorization header.
     *
     * @throws Problem 401 without a credential, 403 with a wrong one
     */
    void check(String authorization, Access access) {
        if (access == Access.READ && readsOpen) {
            return;
        }
        if (authorization == null || authorization.isBlank()) {
            throw new Problem(401, "unauthorized", (access == Access.WRITE ? "writing" : "reading")
                    + " needs a credential: send \"Authorization: Bearer <token>\" or basic authentication");
        }
        if (!hasCredentials()) {
            throw new Problem(403, "forbidden", "this server has no credential configured, so it accepts none;"
                    + " configure " + dev.strata.server.StrataServer.TOKEN + " or " + dev.strata.server.StrataServer.USER
                    + " and " + dev.strata.server.StrataServer.PASSWORD);
        }
        String h = authorization.trim();
        int space = h.indexOf(' ');
        String scheme = space < 0 ? h : h.substring(0, space);
        String value = space < 0 ? "" : h.substring(space + 1).trim();
        boolean ok = false;
        if (scheme.equalsIgnoreCase("Bearer") && token != null) {
            ok = MessageDigest.isEqual(token, value.getBytes(StandardCharsets.UTF_8));
        } else if (scheme.equalsIgnoreCase("Basic") && user != null) {
            try {
                String pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                ok = colon > 0 && user.equals(pair.substring(0, colon))
                        & MessageDigest.isEqual(password, pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new Problem(403, "forbidden", "the credential was refused");
        }
    }
}
