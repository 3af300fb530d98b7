/**
 * The protocol the Strata server and the REST store speak, as JSON: documents and fields
 * ({@link dev.strata.wire.Json}), record values ({@link dev.strata.wire.JsonValues}), records
 * ({@link dev.strata.wire.JsonRecords}), change sets, results and change-stream notices
 * ({@link dev.strata.wire.JsonChanges}), queries, indexes and migrations
 * ({@link dev.strata.wire.JsonQueries}), models as Ecore XMI ({@link dev.strata.wire.JsonModels}).
 * Also model files read and written by extension, and the emfjson mapper, for the console, the
 * workbench and the file store alike ({@link dev.strata.wire.ModelFiles}).
 * Decoding never guesses: malformed input fails with a {@link dev.strata.wire.WireException} naming the field.
 */
package dev.strata.wire;
