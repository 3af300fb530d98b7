/**
 * The file store: a snapshot (standard XMI by default) plus an append-only journal of commits in
 * one directory. Open one outside OSGi with {@link dev.strata.store.file.FileStores}; inside OSGi
 * configure {@code dev.strata.store.file} factory configurations.
 */
@Export
@Version("0.1.0")
package dev.strata.store.file;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
