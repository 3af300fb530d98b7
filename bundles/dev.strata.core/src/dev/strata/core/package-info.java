/**
 * Strata's API: object ids, store records, change sets, the {@link dev.strata.core.ModelStore}
 * SPI and the Event Admin topics Strata publishes on.
 */
package dev.strata.core;
