/**
 * Streams over raw file descriptors (pipes, fifos) with timeouts, a close that wakes blocked threads, and a bounded
 * yield-then-poll wait ({@link dev.patchbay.sharedmem.io.WaitPolicy}) for a side that is ahead of the other.
 */
package dev.patchbay.sharedmem.io;
