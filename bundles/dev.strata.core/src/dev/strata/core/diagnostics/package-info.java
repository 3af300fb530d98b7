/**
 * Health of a running Strata installation: which Strata bundles are resolved or active and
 * whether their Declarative Services components are satisfied. Used by the product's self-check,
 * the console and the installation tests.
 */
@Export
@Version("0.1.0")
package dev.strata.core.diagnostics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
