/**
 * Health of a running Strata installation: which Strata bundles are resolved or active and
 * whether their Declarative Services components are satisfied. Used by the product's self-check,
 * the console and the installation tests.
 */
package dev.strata.core.diagnostics;
