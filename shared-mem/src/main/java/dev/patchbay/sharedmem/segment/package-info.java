/**
 * Segments: shared memory of one of three kinds (POSIX {@code shm_open}, System V {@code shmget}, mapped files in
 * Patchbay's folders) behind one {@link dev.patchbay.sharedmem.segment.Segment} type, with create-new,
 * open-existing and open-or-create, page-rounded sizes, mode 0600, and a versioned header naming the owner.
 *
 * <p>A {@link dev.patchbay.sharedmem.segment.Region} is a range of a segment; everything else in shared-mem (ring
 * buffers, locks, typed data, managed heaps) is made on a region. Layout: {@link
 * dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor}; the whole format is in docs/PROTOCOL.md.
 */
package dev.patchbay.sharedmem.segment;
