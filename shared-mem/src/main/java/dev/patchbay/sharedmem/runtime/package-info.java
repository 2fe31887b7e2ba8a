/** Where Patchbay keeps its per-user files, and how it recognises a process (and its death) across restarts. */
package dev.patchbay.sharedmem.runtime;
