/**
 * The read-only store: every read of another store, every write refused. Open one outside OSGi
 * with {@link dev.strata.store.readonly.ReadOnlyStores}; inside OSGi configure
 * {@code dev.strata.store.readonly} factory configurations naming the store read by
 * {@code store.target}.
 */
package dev.strata.store.readonly;
