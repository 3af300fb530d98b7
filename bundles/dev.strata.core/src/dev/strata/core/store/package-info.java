/**
 * Building blocks for store implementations: {@link dev.strata.core.store.RecordTable}, an
 * in-memory, indexed, versioned table of records that validates and applies change sets
 * atomically. The memory store is a RecordTable; a persistent store can keep its working set in
 * one and write each commit durably before it is applied, or read its records from a
 * {@link dev.strata.core.store.RecordSource} when asked and hold only what changed since.
 */
package dev.strata.core.store;
