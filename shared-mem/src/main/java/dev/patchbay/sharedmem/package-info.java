/**
 * Shared memory for Java: what boost.interprocess gives C++ and {@code multiprocessing.shared_memory} gives Python.
 *
 * <p>Sub-packages: {@code segment} (shared memory segments and regions of them), {@code ring} (ring buffers),
 * {@code sync} (process-shared mutexes and semaphores, named semaphores, wait strategies), {@code typed} (shared
 * values, arrays and structs), {@code managed} (named objects in a segment), {@code janitor} (listing and collecting
 * leftovers); {@code posix} holds the JNA bindings to the C library (one class per header, direct mapping);
 * {@code io} holds file-descriptor streams for pipes and fifos; {@code runtime} holds the per-user runtime folder and
 * process identities. The memory formats are in docs/PROTOCOL.md.
 *
 * <p>The bindings live here, on the host's class path, and not in plugins: JNA keeps the {@code Library} classes it
 * has seen, which would pin a plugin's class loader.
 */
package dev.patchbay.sharedmem;
