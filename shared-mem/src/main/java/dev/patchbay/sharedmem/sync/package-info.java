/**
 * Synchronisation between processes: a robust process-shared mutex and a counting semaphore that live in shared
 * memory, named semaphores (and a named mutex) the kernel keeps, and the wait strategies (spin, back-off, futex on a
 * {@link dev.patchbay.sharedmem.sync.Doorbell}) with which a thread waits for another process.
 */
package dev.patchbay.sharedmem.sync;
