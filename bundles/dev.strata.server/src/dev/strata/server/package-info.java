/**
 * The Strata server: serves stores over HTTP (JSON resources and a server-sent change stream)
 * through the OSGi servlet whiteboard. Configure it with factory configurations of
 * {@value dev.strata.server.StrataServer#PID}; {@link dev.strata.server.StrataServer} names the
 * configuration properties.
 */
package dev.strata.server;
