/**
 * Short lessons that run real processes: {@code patchbay example counter} (typed shared data, lost updates, the
 * robust mutex, a managed segment's named objects) and {@code patchbay example durability} (what survives: a shm
 * segment against a mapped log).
 */
package dev.patchbay.host.examples;
