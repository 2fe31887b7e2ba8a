/**
 * Managed segments, after boost.interprocess's {@code managed_shared_memory}: an allocator and a directory of
 * named objects in a segment, so that unrelated processes meet at a name ("counter", "orders-ring", "stats").
 */
package dev.patchbay.sharedmem.managed;
