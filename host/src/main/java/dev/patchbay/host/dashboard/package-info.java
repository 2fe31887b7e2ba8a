/**
 * The live dashboard of a running host: a page updated by Server-Sent Events, the same data as JSON, and
 * Prometheus metrics, on the JDK's HTTP server.
 */
package dev.patchbay.host.dashboard;
