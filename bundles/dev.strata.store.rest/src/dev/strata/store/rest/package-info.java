/**
 * The REST store: a {@link dev.strata.core.ModelStore} that keeps its data on a Strata server
 * ({@code dev.strata.server}) and hears other clients' commits through the server's change stream.
 * Open one with {@link dev.strata.store.rest.RestStores}, or configure {@code dev.strata.store.rest}
 * factory configurations in OSGi.
 */
@Export
@Version("0.1.1")
package dev.strata.store.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
