package dev.strata.store.tests.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

import dev.strata.store.jdbc.JdbcStoreOptions;

/**
 * The PostgreSQL server the tests of stores that wrap stores use (STRATA_TEST_PG_URL, _USER,
 * _PASSWORD; defaults jdbc:postgresql://127.0.0.1:5432/test, postgres, empty), a schema per store.
 * Unreachable, the tests fail saying so.
 */
public final class PostgreSql {

    private PostgreSql() {
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Options for a new store in a schema named by the prefix (one per test bundle) and the store's name. */
    public static JdbcStoreOptions fresh(String prefix, String name) {
        JdbcStoreOptions o = JdbcStoreOptions.of(env("STRATA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"))
                .withCredentials(env("STRATA_TEST_PG_USER", "postgres"), env("STRATA_TEST_PG_PASSWORD", ""))
                .withSchema(prefix + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_"));
        try (Connection c = connect(o)) {
            return o;
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL at " + o.url() + " (user '" + o.user() + "') is unreachable: "
                    + e.getMessage() + ". Start it, or point STRATA_TEST_PG_URL, STRATA_TEST_PG_USER and"
                    + " STRATA_TEST_PG_PASSWORD at a server the tests may use.", e);
        }
    }

    /** Drops what {@link #fresh} made. */
    public static void drop(JdbcStoreOptions o) {
        try (Connection c = connect(o); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + o.schema() + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test schema " + o.schema() + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(JdbcStoreOptions o) throws SQLException {
        Properties p = new Properties();
        if (!o.user().isEmpty()) {
            p.setProperty("user", o.user());
        }
        if (!o.password().isEmpty()) {
            p.setProperty("password", o.password());
        }
        return new org.postgresql.Driver().connect(o.url(), p);
    }
}
