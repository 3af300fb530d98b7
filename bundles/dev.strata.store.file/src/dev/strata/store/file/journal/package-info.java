/**
 * The file store's crash-safe framing, for other bundles that need an append-only log on disk (a
 * write queue's journal): checksummed, length-prefixed frames, each forced to disk before
 * {@link dev.strata.store.file.journal.FrameLog#append} returns, and a write cut short by a crash
 * told apart from damage when the file is read again.
 */
package dev.strata.store.file.journal;
