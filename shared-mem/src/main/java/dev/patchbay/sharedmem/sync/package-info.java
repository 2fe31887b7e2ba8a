/**
 * Synchronisation between processes: a robust process-shared mutex and a counting semaphore that live in shared
 * memory, named semaphores (and a named mutex) the kernel keeps, and the wait strategies (spin, back-off, futex on a
 * {@link dev.patchbay.sharedmem.sync.Doorbell}) with which a thread waits for another process.
 *
 * <p>For two processes that share memory as a pair: a {@link dev.patchbay.sharedmem.sync.PeerSlot} per side says
 * who holds it and whether it is open, a {@link dev.patchbay.sharedmem.sync.PeerWatch} waits for the other side's
 * work while noticing its close or death, and a {@link dev.patchbay.sharedmem.sync.CloseGate} lets a thread close
 * the memory while others may still be inside it.
 */
package dev.patchbay.sharedmem.sync;
