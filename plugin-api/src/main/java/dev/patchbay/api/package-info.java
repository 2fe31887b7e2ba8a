/**
 * The contract between the Patchbay host and its transport backends.
 *
 * <p>A backend is a {@link dev.patchbay.api.Transport}: a PF4J extension that answers for one URI scheme and opens
 * {@link dev.patchbay.api.Link}s, duplex connections that carry whole messages between two processes. Addresses are
 * {@link dev.patchbay.api.Address}es such as {@code fifo:orders} or {@code shm:orders?size=4m}. Failures are
 * {@link dev.patchbay.api.PatchbayException}s; a peer that went away is always a
 * {@link dev.patchbay.api.PeerClosedException}, never a hang.
 *
 * <p>Plugins compile against this package with {@code provided} scope: the host supplies it at run time, and a plugin
 * that bundles its own copy is refused (its {@code Transport} would be a different class).
 */
package dev.patchbay.api;
