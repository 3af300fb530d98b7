/**
 * The ModelStore contract test kit. A storage bundle is complete when a subclass of
 * {@link dev.strata.core.contract.ModelStoreContractTest} passes in its test bundle.
 */
@Export
@Version("0.1.0")
package dev.strata.core.contract;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
