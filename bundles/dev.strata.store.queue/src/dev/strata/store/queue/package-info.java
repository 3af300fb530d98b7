/**
 * The queue store (write-behind): commits acknowledged once they are in a local journal and
 * passed on to another store in the background. Open one outside OSGi with
 * {@link dev.strata.store.queue.QueueStores}; inside OSGi configure {@code dev.strata.store.queue}
 * factory configurations naming the store written to by {@code store.target}.
 */
package dev.strata.store.queue;
