/**
 * What the host's own services (the patch watcher, the control socket) may do with a running host. They depend on
 * this interface, not on {@code Patchbay}, so the host can start them without a package cycle.
 */
package dev.patchbay.host.spi;
