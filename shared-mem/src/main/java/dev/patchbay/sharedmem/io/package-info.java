/** Streams over raw file descriptors (pipes, fifos) with timeouts and a close that wakes blocked threads. */
package dev.patchbay.sharedmem.io;
