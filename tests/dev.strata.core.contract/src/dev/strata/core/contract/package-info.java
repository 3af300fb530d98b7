/**
 * The ModelStore contract test kit. A storage bundle is complete when a subclass of
 * {@link dev.strata.core.contract.ModelStoreContractTest} passes in its test bundle.
 */
package dev.strata.core.contract;
