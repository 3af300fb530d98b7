/**
 * The JSON the Strata server and the REST store exchange: records with self-describing values,
 * change sets, commit results, queries, indexes, migrations and change-stream notices
 * ({@link dev.strata.store.rest.wire.Wire}).
 */
@Export
@Version("0.1.0")
package dev.strata.store.rest.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
