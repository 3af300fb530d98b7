/**
 * Test harness for the Strata server: {@link dev.strata.server.tests.harness.TestServer} runs a
 * server on loopback in the test framework with memory stores to serve, and
 * {@link dev.strata.server.tests.harness.ServerFixture} gives a test class one such server and
 * closes what each test opened. Used by the server's tests and the REST store's tests; a test bundle using it starts this bundle (tycho-surefire
 * {@code bundleStartLevel}) so that it has a bundle context.
 */
package dev.strata.server.tests.harness;
