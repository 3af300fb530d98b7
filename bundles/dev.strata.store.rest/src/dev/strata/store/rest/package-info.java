/**
 * The REST store: a {@link dev.strata.core.ModelStore} that keeps its data on a Strata server
 * ({@code dev.strata.server}) and hears other clients' commits through the server's change stream.
 * Open one with {@link dev.strata.store.rest.RestStores}, or configure {@code dev.strata.store.rest}
 * factory configurations in OSGi.
 * <p>
 * With an Event Admin, other clients' commits are posted on {@code Topics.commit(name)} as a local
 * store would post them. A change stream that reconnects resumes after the last commit it delivered,
 * unless that would miss commits: the server's store is another one (its epoch changed, e.g. a
 * memory store that was replaced), its sequence is behind the one last seen, or the client was away
 * longer than the server's log reaches. Then the store follows on from the server's newest commit
 * and posts one event on the same topic carrying {@code Topics.RESYNC} (why) and no commit id
 * ({@code CommitEvents.resync}): views that refresh on commits refresh, repositories drop their
 * cached queries, and an application that holds objects read from the store must read them again.
 */
package dev.strata.store.rest;
