package dev.strata.store.jdbc.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import dev.strata.store.jdbc.JdbcStoreOptions;

/**
 * The databases the JDBC tests run against: embedded H2, and the real PostgreSQL and MariaDB
 * servers of this machine kind. Servers are configured by environment variables (defaults in
 * brackets): STRATA_TEST_PG_URL [jdbc:postgresql://127.0.0.1:5432/test], STRATA_TEST_PG_USER
 * [postgres], STRATA_TEST_PG_PASSWORD [], STRATA_TEST_MARIADB_URL [jdbc:mariadb://127.0.0.1:3306/test],
 * STRATA_TEST_MARIADB_USER [root], STRATA_TEST_MARIADB_PASSWORD []. An unreachable server fails the
 * tests that need it; they are never skipped.
 */
enum Databases {
    H2, POSTGRESQL, MARIADB;

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Options for a new, empty store of this name: its own schema, database or file. */
    JdbcStoreOptions fresh(String name) {
        String schema = "strata_t_" + name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return switch (this) {
            case H2 -> {
                try {
                    Path dir = Files.createTempDirectory("strata-h2-");
                    yield JdbcStoreOptions.h2(dir, name);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            case POSTGRESQL -> reachable(JdbcStoreOptions.of(env("STRATA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"))
                    .withCredentials(env("STRATA_TEST_PG_USER", "postgres"), env("STRATA_TEST_PG_PASSWORD", ""))
                    .withSchema(schema));
            case MARIADB -> reachable(JdbcStoreOptions.of(env("STRATA_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"))
                    .withCredentials(env("STRATA_TEST_MARIADB_USER", "root"), env("STRATA_TEST_MARIADB_PASSWORD", ""))
                    .withSchema(schema));
        };
    }

    private JdbcStoreOptions reachable(JdbcStoreOptions o) {
        try (Connection c = connect(o.withSchema(""))) {
            return o;
        } catch (SQLException e) {
            String prefix = this == POSTGRESQL ? "STRATA_TEST_PG" : "STRATA_TEST_MARIADB";
            return fail(this + " server at " + o.url() + " (user '" + o.user() + "') is unreachable: " + e.getMessage()
                    + ". Start it, or point " + prefix + "_URL, " + prefix + "_USER and " + prefix
                    + "_PASSWORD at a server the JDBC tests may use.");
        }
    }

    /** A plain JDBC connection, for checking what the tables hold with SQL. */
    static Connection connect(JdbcStoreOptions o) throws SQLException {
        Properties p = new Properties();
        if (!o.user().isEmpty()) {
            p.setProperty("user", o.user());
        }
        if (!o.password().isEmpty()) {
            p.setProperty("password", o.password());
        }
        java.sql.Driver driver = o.url().startsWith("jdbc:h2:") ? new org.h2.Driver()
                : o.url().startsWith("jdbc:postgresql:") ? new org.postgresql.Driver() : new org.mariadb.jdbc.Driver();
        Connection c = driver.connect(o.url(), p);
        if (!o.schema().isEmpty()) {
            if (o.url().startsWith("jdbc:mariadb:")) {
                c.setCatalog(o.schema());
            } else {
                c.setSchema(o.schema());
            }
        }
        return c;
    }

    /** Removes what {@link #fresh(String)} made. */
    void drop(JdbcStoreOptions o) {
        try {
            switch (this) {
                case H2 -> {
                    String path = o.url().substring("jdbc:h2:file:".length()).replaceAll(";.*", "");
                    Path dir = Path.of(path).getParent();
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
                case POSTGRESQL -> {
                    try (Connection c = connect(o.withSchema("")); Statement s = c.createStatement()) {
                        s.execute("DROP SCHEMA IF EXISTS \"" + o.schema() + "\" CASCADE");
                    }
                }
                case MARIADB -> {
                    try (Connection c = connect(o.withSchema("")); Statement s = c.createStatement()) {
                        s.execute("DROP DATABASE IF EXISTS `" + o.schema() + "`");
                    }
                }
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Could not clean up test store " + o + ": " + e.getMessage(), e);
        }
    }
}
