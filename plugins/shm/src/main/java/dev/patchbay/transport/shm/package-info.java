/**
 * The shared-memory backend, {@code shm:} addresses: two processes on one machine meet by name in a POSIX or System V
 * segment holding two ring buffers, one per direction.
 *
 * <p>{@code shm:orders} is the segment {@code shm.orders} ({@code /dev/shm/patchbay-shm.orders}, or the System V key
 * of that name with {@code flavor=sysv}), mode 0600, made by the listener and removed by it when its link closes.
 * Each side says who it is in a slot of the segment; the other side notices a close at once and a death within
 * 100 ms by checking that process, so an idle link lives as long as both processes do. Layout:
 * {@link dev.patchbay.transport.shm.ShmLinkDescriptor}; the whole format is in docs/PROTOCOL.md.
 */
package dev.patchbay.transport.shm;
