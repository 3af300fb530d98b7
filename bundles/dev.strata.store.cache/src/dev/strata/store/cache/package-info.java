/**
 * The cache store: a bounded read cache of records over another store. Open one outside OSGi with
 * {@link dev.strata.store.cache.CacheStores}; inside OSGi configure {@code dev.strata.store.cache}
 * factory configurations naming the wrapped store by {@code store.target}.
 */
package dev.strata.store.cache;
