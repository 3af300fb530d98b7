package dev.strata.store.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import dev.strata.core.store.HistoryPolicy;

/**
 * Where a JDBC store keeps its data and how it talks to the database.
 *
 * @param url          JDBC URL: {@code jdbc:h2:...}, {@code jdbc:postgresql://...} or {@code jdbc:mariadb://...}
 * @param user         database user, may be empty
 * @param password     database password, may be empty
 * @param schema       schema (PostgreSQL, H2) or database (MariaDB) holding the tables; empty for
 *                     the connection's default; created if missing
 * @param poolSize     connections kept open at most (at least 1)
 * @param pollInterval how often databases without LISTEN/NOTIFY (H2, MariaDB) are asked for
 *                     commits made by other processes
 * @param history      which commits {@code strata_commit} keeps; older rows are deleted as
 *                     commits arrive (by age: on opening and at most once a minute)
 */
public record JdbcStoreOptions(String url, String user, String password, String schema, int poolSize,
        Duration pollInterval, HistoryPolicy history) {

    public JdbcStoreOptions {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("JDBC URL '" + url + "' must start with jdbc:, e.g. jdbc:postgresql://host/db");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        schema = schema == null ? "" : schema;
        if (poolSize < 1) {
            throw new IllegalArgumentException("Pool size must be at least 1, not " + poolSize);
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(history, "history");
        // The schema name is spliced into DDL as an identifier: keep it to plain characters.
        if (!schema.isEmpty() && !schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Schema name '" + schema + "' must be letters, digits and '_' (at most 63)");
        }
    }

    /** Options keeping every commit's history. */
    public JdbcStoreOptions(String url, String user, String password, String schema, int poolSize,
            Duration pollInterval) {
        this(url, user, password, schema, poolSize, pollInterval, HistoryPolicy.ALL);
    }

    /**
     * An embedded H2 database in this directory: Strata's default, no server needed.
     *
     * @throws IllegalArgumentException if the name is not a plain file name (letters, digits, '_'
     *                                  or '-') or the directory's path holds a ';': either would
     *                                  become part of the URL, where ';' starts H2 settings such as
     *                                  INIT (SQL run on connect)
     */
    public static JdbcStoreOptions h2(Path directory, String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,127}")) {
            throw new IllegalArgumentException("Store name '" + name + "' cannot name an H2 database file: use letters,"
                    + " digits, '_' or '-' (at most 128), or give the store a url");
        }
        String file = directory.resolve(name).toAbsolutePath().toString();
        if (file.contains(";")) {
            throw new IllegalArgumentException("H2 database directory '" + directory + "' contains ';', which an H2"
                    + " URL would read as the start of its settings; choose another directory or give the store a url");
        }
        // Unquoted names in plain SQL then match the lower-case tables Strata creates.
        return of("jdbc:h2:file:" + file + ";DATABASE_TO_LOWER=TRUE");
    }

    /** A URL with default settings: no credentials, default schema, 4 connections, polling every 500 ms. */
    public static JdbcStoreOptions of(String url) {
        return new JdbcStoreOptions(url, "", "", "", 4, Duration.ofMillis(500));
    }

    public JdbcStoreOptions withCredentials(String newUser, String newPassword) {
        return new JdbcStoreOptions(url, newUser, newPassword, schema, poolSize, pollInterval, history);
    }

    public JdbcStoreOptions withSchema(String newSchema) {
        return new JdbcStoreOptions(url, user, password, newSchema, poolSize, pollInterval, history);
    }

    public JdbcStoreOptions withPoolSize(int size) {
        return new JdbcStoreOptions(url, user, password, schema, size, pollInterval, history);
    }

    public JdbcStoreOptions withPollInterval(Duration interval) {
        return new JdbcStoreOptions(url, user, password, schema, poolSize, interval, history);
    }

    /**
     * These options with another history policy.
     *
     * @since 0.2
     */
    public JdbcStoreOptions withHistory(HistoryPolicy policy) {
        return new JdbcStoreOptions(url, user, password, schema, poolSize, pollInterval, policy);
    }

    @Override
    public String toString() {
        // Never print the password.
        return url + (schema.isEmpty() ? "" : " schema " + schema) + (user.isEmpty() ? "" : " as " + user);
    }
}
