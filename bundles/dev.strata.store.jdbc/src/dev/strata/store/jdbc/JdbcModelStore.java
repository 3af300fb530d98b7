package dev.strata.store.jdbc;

import org.osgi.annotation.versioning.ProviderType;

import dev.strata.core.TwoPhaseStore;

/**
 * A store kept in a relational database, one table per EClass. On PostgreSQL and MariaDB it can
 * take part in commits across stores ({@link TwoPhaseStore}); PostgreSQL needs
 * {@code max_prepared_transactions} above 0 for that.
 */
@ProviderType
public interface JdbcModelStore extends TwoPhaseStore, AutoCloseable {

    /** The options it was opened with. */
    JdbcStoreOptions options();

    /** The database product: H2, PostgreSQL or MariaDB. */
    String database();

    /** The table holding objects of this class, as plain SQL can name it. */
    String tableOf(dev.strata.core.TypeRef type);

    /** Closes the connections; the store refuses work afterwards. */
    @Override
    void close();
}
