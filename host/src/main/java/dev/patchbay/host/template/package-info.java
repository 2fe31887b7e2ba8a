/**
 * {@code patchbay plugins new}: writes a Maven project for a backend plugin of one's own, from templates kept as
 * resources beside this package, that builds and passes the contract suite as generated.
 */
package dev.patchbay.host.template;
