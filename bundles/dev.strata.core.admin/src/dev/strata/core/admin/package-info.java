/**
 * One place for the stores, repositories and store types of a running Strata: the store types
 * installed (read from the store components' metatype), store and repository configurations
 * (Config Admin) with their status, the configuration PIDs and keys, and the model import services
 * store bundles offer. Consumers (console, views, server) go through {@link StrataAdmin} instead of
 * naming a store bundle, a PID or a configuration key.
 */
package dev.strata.core.admin;
