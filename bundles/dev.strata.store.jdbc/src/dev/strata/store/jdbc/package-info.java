/**
 * The JDBC store: one table per EClass in H2 (embedded, the default), PostgreSQL or MariaDB. Open
 * one outside OSGi with {@link dev.strata.store.jdbc.JdbcStores}; inside OSGi configure
 * {@code dev.strata.store.jdbc} factory configurations.
 */
package dev.strata.store.jdbc;
