package dev.strata.store.route.tests;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

import dev.strata.store.jdbc.JdbcStoreOptions;

/**
 * The databases the sharding tests spread over: two PostgreSQL databases (strata_shard_a,
 * strata_shard_b) and a MariaDB server (database strata_shard_c), created by {@code .ci/databases};
 * each store in a schema of its own. STRATA_TEST_PG_HOST_URL (default jdbc:postgresql://127.0.0.1:5432/)
 * and STRATA_TEST_MARIADB_HOST_URL (default jdbc:mariadb://127.0.0.1:3306/) point elsewhere.
 * Unreachable, the tests fail saying so.
 */
enum Servers {
    PG_A, PG_B, MARIADB_C;

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    JdbcStoreOptions fresh(String name) {
        String schema = "strata_r_" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        JdbcStoreOptions o = switch (this) {
            case PG_A -> JdbcStoreOptions.of(env("STRATA_TEST_PG_HOST_URL", "jdbc:postgresql://127.0.0.1:5432/") + "strata_shard_a")
                    .withCredentials("postgres", "");
            case PG_B -> JdbcStoreOptions.of(env("STRATA_TEST_PG_HOST_URL", "jdbc:postgresql://127.0.0.1:5432/") + "strata_shard_b")
                    .withCredentials("postgres", "");
            case MARIADB_C -> JdbcStoreOptions.of(env("STRATA_TEST_MARIADB_HOST_URL", "jdbc:mariadb://127.0.0.1:3306/")
                    + "strata_shard_c").withCredentials("root", "");
        };
        try (Connection c = connect(o)) {
            return o.withSchema(schema);
        } catch (SQLException e) {
            throw new AssertionError(this + " at " + o.url() + " is unreachable: " + e.getMessage()
                    + ". Run .ci/databases to create the sharding tests' databases.", e);
        }
    }

    static void drop(JdbcStoreOptions o) {
        try (Connection c = connect(o); Statement s = c.createStatement()) {
            if (o.url().startsWith("jdbc:mariadb:")) {
                s.execute("DROP DATABASE IF EXISTS `" + o.schema() + "`");
            } else {
                s.execute("DROP SCHEMA IF EXISTS \"" + o.schema() + "\" CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test schema " + o.schema() + ": " + e.getMessage(), e);
        }
    }

    static Connection connect(JdbcStoreOptions o) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", o.user());
        if (!o.password().isEmpty()) {
            p.setProperty("password", o.password());
        }
        java.sql.Driver d = o.url().startsWith("jdbc:postgresql:") ? new org.postgresql.Driver() : new org.mariadb.jdbc.Driver();
        return d.connect(o.url(), p);
    }
}
