/**
 * Strata's API: object ids, store records, change sets, the {@link dev.strata.core.ModelStore}
 * SPI and the Event Admin topics Strata publishes on.
 */
@Export
@Version("0.2.0")
package dev.strata.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
