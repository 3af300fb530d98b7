/**
 * The log store: every operation passed to another store, and written as one JSON line to a
 * file. Open one outside OSGi with {@link dev.strata.store.log.LogStores}; inside OSGi configure
 * {@code dev.strata.store.log} factory configurations naming the store logged by
 * {@code store.target}.
 */
package dev.strata.store.log;
