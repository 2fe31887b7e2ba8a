/**
 * Hot patching: a jar dropped into the plugins folder (written under a new name, or renamed over an old one) is
 * verified, loaded as a new generation beside the old one, and the channels on the old generation move to it. A
 * patch that fails to load, to start, to open, or to keep its links healthy is rolled back and rejected; the old
 * generation stays loaded until the new one has proved itself.
 */
package dev.patchbay.host.patch;
