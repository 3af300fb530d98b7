package dev.strata.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.strata.server.StrataServer;

/**
 * Checks the credential of a request and what it may do with the store it names. Credentials are
 * the single {@code .token} and {@code user}/{@code .password} (which may read and write every
 * store) and named ones: bearer tokens ({@code .tokens}, {@code name:token}) and basic users
 * ({@code .users}, {@code user:password}), which may do only what their {@code grants}
 * ({@code name:store-pattern:read|write}) allow. Writes always need a credential; reads only when
 * reads are protected. A missing credential is answered 401 (with the schemes the server accepts),
 * a wrong one 403, and one without the grant 403 naming the store and the permission it lacks.
 */
final class Auth {

    enum Access {
        READ, WRITE;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a named credential may do with the stores its pattern matches; WRITE includes READ. */
    record Grant(String credential, String stores, Access access) {

        boolean allows(Access wanted, String store) {
            return (access == Access.WRITE || wanted == Access.READ) && matches(stores, store);
        }

        @Override
        public String toString() {
            return credential + ":" + stores + ":" + access.word();
        }
    }

    /** A known credential: its name (shown in refusals, never the secret) and its grants. */
    private record Credential(String name, boolean everything, List<Grant> grants) {

        boolean allows(Access wanted, String store) {
            return everything || grants.stream().anyMatch(g -> g.allows(wanted, store));
        }
    }

    private record Token(byte[] secret, Credential credential) {
    }

    private record User(byte[] password, Credential credential) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]+");
    private static final Pattern STORE_PATTERN = Pattern.compile("[A-Za-z0-9_*-]+");

    private final List<Token> tokens = new ArrayList<>();
    private final Map<String, User> users = new HashMap<>();
    private final boolean readsOpen;

    /**
     * @param namedTokens {@code name:token} entries
     * @param namedUsers  {@code user:password} entries
     * @param grants      {@code name:store-pattern:read|write} entries naming those credentials
     * @throws IllegalArgumentException for an entry that does not parse or a grant that names no
     *                                  credential, with what to fix
     */
    Auth(String token, String user, String password, List<String> namedTokens, List<String> namedUsers,
            List<String> grants, boolean readsOpen) {
        this.readsOpen = readsOpen;
        String singleUser = user == null || user.isBlank() ? null : user.trim();
        if (token != null && !token.isBlank()) {
            tokens.add(new Token(bytes(token.trim()), new Credential(StrataServer.TOKEN, true, List.of())));
        }
        if (singleUser != null) {
            users.put(singleUser, new User(bytes(password == null ? "" : password),
                    new Credential(singleUser, true, List.of())));
        }

        Map<String, List<Grant>> byName = new LinkedHashMap<>();
        Map<String, String> tokenSecrets = new LinkedHashMap<>();
        for (String entry : namedTokens) {
            String[] pair = pair(entry, StrataServer.TOKENS, "name:token");
            byName.putIfAbsent(pair[0], new ArrayList<>());
            if (tokenSecrets.put(pair[0], pair[1]) != null) {
                throw new IllegalArgumentException(StrataServer.TOKENS + " names '" + pair[0] + "' twice; give each"
                        + " named token once");
            }
        }
        Map<String, String> userPasswords = new LinkedHashMap<>();
        for (String entry : namedUsers) {
            String[] pair = pair(entry, StrataServer.USERS, "user:password");
            if (pair[0].equals(singleUser)) {
                throw new IllegalArgumentException(StrataServer.USERS + " names '" + pair[0] + "', the user of "
                        + StrataServer.USER + " (which may do everything); configure it in one place");
            }
            byName.putIfAbsent(pair[0], new ArrayList<>());
            if (userPasswords.put(pair[0], pair[1]) != null) {
                throw new IllegalArgumentException(StrataServer.USERS + " names '" + pair[0] + "' twice");
            }
        }
        for (String entry : grants) {
            Grant g = grant(entry);
            List<Grant> list = byName.get(g.credential());
            if (list == null) {
                throw new IllegalArgumentException(StrataServer.GRANTS + " entry '" + entry + "' names no credential"
                        + " of " + StrataServer.TOKENS + " or " + StrataServer.USERS + (byName.isEmpty() ? " (there are none)"
                                : "; they are: " + String.join(", ", byName.keySet())));
            }
            list.add(g);
        }
        Set<String> secrets = new LinkedHashSet<>();
        tokens.forEach(t -> secrets.add(new String(t.secret(), StandardCharsets.UTF_8)));
        for (var e : tokenSecrets.entrySet()) {
            // One token must identify one credential, else its grants would be ambiguous.
            if (!secrets.add(e.getValue())) {
                throw new IllegalArgumentException(StrataServer.TOKENS + ": the token of '" + e.getKey()
                        + "' is used by another credential; give every credential its own token");
            }
            tokens.add(new Token(bytes(e.getValue()), new Credential(e.getKey(), false, List.copyOf(byName.get(e.getKey())))));
        }
        for (var e : userPasswords.entrySet()) {
            users.put(e.getKey(), new User(bytes(e.getValue()),
                    new Credential(e.getKey(), false, List.copyOf(byName.get(e.getKey())))));
        }
    }

    /** The names of named credentials that no grant lets do anything (worth a warning). */
    List<String> withoutGrants() {
        List<String> names = new ArrayList<>();
        tokens.stream().map(Token::credential).filter(c -> !c.everything() && c.grants().isEmpty())
                .forEach(c -> names.add(c.name()));
        users.values().stream().map(User::credential).filter(c -> !c.everything() && c.grants().isEmpty())
                .filter(c -> !names.contains(c.name())).forEach(c -> names.add(c.name()));
        return names;
    }

    boolean hasCredentials() {
        return !tokens.isEmpty() || !users.isEmpty();
    }

    boolean readsOpen() {
        return readsOpen;
    }

    /** The value of WWW-Authenticate for a 401. */
    String challenge() {
        if (!tokens.isEmpty() && !users.isEmpty()) {
            return "Bearer realm=\"strata\", Basic realm=\"strata\", charset=\"UTF-8\"";
        }
        return !users.isEmpty() ? "Basic realm=\"strata\", charset=\"UTF-8\"" : "Bearer realm=\"strata\"";
    }

    /**
     * Checks a request's Authorization header against what it wants to do with a store.
     *
     * @param store the store the request is about; null for server-wide resources, which any valid
     *              credential may read
     * @throws Problem 401 without a credential, 403 with a wrong one or one without the grant
     */
    void check(String authorization, Access access, String store) {
        if (access == Access.READ && readsOpen) {
            return;
        }
        if (authorization == null || authorization.isBlank()) {
            throw new Problem(401, "unauthorized", (access == Access.WRITE ? "writing" : "reading")
                    + " needs a credential: send \"Authorization: Bearer <token>\" or basic authentication");
        }
        if (!hasCredentials()) {
            throw new Problem(403, "forbidden", "this server has no credential configured, so it accepts none;"
                    + " configure " + StrataServer.TOKEN + ", " + StrataServer.USER + " and " + StrataServer.PASSWORD
                    + ", or " + StrataServer.TOKENS + " / " + StrataServer.USERS + " with " + StrataServer.GRANTS);
        }
        Credential c = identify(authorization.trim());
        if (c == null) {
            throw new Problem(403, "forbidden", "the credential was refused");
        }
        if (store == null || c.allows(access, store)) {
            return;
        }
        List<String> has = c.grants().stream().filter(g -> matches(g.stores(), store)).map(g -> g.access().word())
                .distinct().toList();
        Problem p = new Problem(403, "forbidden", "credential '" + c.name() + "' may not " + access.word()
                + " store '" + store + "': " + (has.isEmpty() ? "no grant names this store"
                        : "its grants for it allow " + String.join(", ", has) + " only")
                + "; the server's " + StrataServer.GRANTS + " decide what each credential may do");
        p.body().put("store", store);
        p.body().put("permission", access.word());
        throw p;
    }

    private Credential identify(String header) {
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            byte[] presented = bytes(value);
            Credential found = null;
            // Compared with every token, in constant time each, so timing does not tell how close a guess was.
            for (Token t : tokens) {
                if (MessageDigest.isEqual(t.secret(), presented)) {
                    found = t.credential();
                }
            }
            return found;
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = pair.indexOf(':');
            User u = colon > 0 ? users.get(pair.substring(0, colon)) : null;
            return u != null && MessageDigest.isEqual(u.password(), bytes(pair.substring(colon + 1))) ? u.credential()
                    : null;
        }
        return null;
    }

    private static String[] pair(String entry, String key, String form) {
        int colon = entry == null ? -1 : entry.indexOf(':');
        String name = colon < 0 ? "" : entry.substring(0, colon).trim();
        String secret = colon < 0 ? "" : entry.substring(colon + 1);
        if (!NAME.matcher(name).matches() || secret.isBlank()) {
            // The entry holds a secret: say where, not what.
            throw new IllegalArgumentException(key + ": an entry is not " + form + " (a name of letters, digits,"
                    + " '_', '.', '@' or '-', then ':' and a non-blank secret)" + (NAME.matcher(name).matches()
                            ? " — the entry for '" + name + "'" : ""));
        }
        return new String[] { name, key.equals(StrataServer.TOKENS) ? secret.trim() : secret };
    }

    private static Grant grant(String entry) {
        String[] parts = entry == null ? new String[0] : entry.split(":", -1);
        String hint = StrataServer.GRANTS + " entry '" + entry + "' must be credential:store-pattern:read|write,"
                + " e.g. reporting:sales-*:read";
        if (parts.length != 3) {
            throw new IllegalArgumentException(hint);
        }
        String name = parts[0].trim();
        String stores = parts[1].trim();
        String access = parts[2].trim().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches() || !STORE_PATTERN.matcher(stores).matches()) {
            throw new IllegalArgumentException(hint + " (store patterns are store names, '*' matching any characters)");
        }
        if (!access.equals("read") && !access.equals("write")) {
            throw new IllegalArgumentException(hint + " (the permission is read or write, not '" + parts[2].trim() + "')");
        }
        return new Grant(name, stores, access.equals("read") ? Access.READ : Access.WRITE);
    }

    /** Whether a store name matches a pattern in which '*' stands for any characters. */
    static boolean matches(String pattern, String store) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.matches(regex.toString(), store);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
