/**
 * The route store: containment trees spread over several stores (shards) that look like one store,
 * with commits across shards made atomic by two-phase commit. Open one outside OSGi with
 * {@link dev.strata.store.route.RouteStores}; inside OSGi configure {@code dev.strata.store.route}
 * factory configurations naming the shards.
 */
package dev.strata.store.route;
