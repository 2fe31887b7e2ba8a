/**
 * {@code patchbay plugins verify}: checks one module file the way a host will use it (descriptor, load, traffic,
 * migration, peer death, unload) in a scratch host of its own, before the file is deployed anywhere.
 */
package dev.patchbay.host.verify;
