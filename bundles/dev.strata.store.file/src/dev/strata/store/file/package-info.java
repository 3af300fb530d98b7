/**
 * The file store: a snapshot (standard XMI by default) plus an append-only journal of commits in
 * one directory. Open one outside OSGi with {@link dev.strata.store.file.FileStores}; inside OSGi
 * configure {@code dev.strata.store.file} factory configurations.
 */
package dev.strata.store.file;
