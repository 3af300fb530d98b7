/**
 * The JDBC store: one table per EClass in H2 (embedded, the default), PostgreSQL or MariaDB. Open
 * one outside OSGi with {@link dev.strata.store.jdbc.JdbcStores}; inside OSGi configure
 * {@code dev.strata.store.jdbc} factory configurations.
 */
@Export
@Version("0.1.0")
package dev.strata.store.jdbc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
