/**
 * Differences between two states of the same objects, at feature level: objects added, removed and
 * changed, each changed feature as its old and new value, and many-valued features as a script of
 * insertions, removals and moves. Objects are matched by their {@link dev.strata.core.ObjectId}, so
 * no matching heuristics are involved. Values stay in the form records keep them (references as
 * ids, feature maps as lists of entries).
 * <p>
 * Entry points: {@link dev.strata.compare.Compare} (two states, a change set) and
 * {@link dev.strata.compare.ListEdits} (the edit script between two lists, and applying it).
 */
@Export
@Version("0.1.0")
package dev.strata.compare;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
