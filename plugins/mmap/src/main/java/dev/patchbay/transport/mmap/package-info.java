/**
 * The memory-mapped file backend, {@code mmap:} addresses: a link whose messages persist in two append-only logs,
 * one per direction, so that either process may crash and, started again, carry on without loss or repetition.
 *
 * <p>{@code mmap:orders} is the files {@code orders.ctl}, {@code orders.a2b.NNNNNNNN.log} and
 * {@code orders.b2a.NNNNNNNN.log} in the data folder (mode 0600, persistent: the janitor never collects them). The
 * listener is side A and writes a2b; the connector is side B and writes b2a. Layouts:
 * {@link dev.patchbay.transport.mmap.LogFileDescriptor} and {@link dev.patchbay.transport.mmap.ControlFileDescriptor};
 * the whole format and the restart rules are in docs/PROTOCOL.md.
 */
package dev.patchbay.transport.mmap;
