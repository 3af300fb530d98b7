/**
 * The mirror store: writes go to a primary store and every commit the primary accepts is copied,
 * in the background and in the primary's order, to one or more replicas. Open one outside OSGi
 * with {@link dev.strata.store.mirror.MirrorStores}; inside OSGi configure
 * {@code dev.strata.store.mirror} factory configurations naming the primary by
 * {@code primary.target} and the replicas by {@code replicas.target}.
 */
package dev.strata.store.mirror;
