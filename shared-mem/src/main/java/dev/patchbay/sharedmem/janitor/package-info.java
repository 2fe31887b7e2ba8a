/**
 * Finding and collecting what Patchbay leaves in the system: segments, fifos, mapped files and named semaphores,
 * with their owners, and the removal of what dead owners left behind (the ipcs/ipcrm idea).
 */
package dev.patchbay.sharedmem.janitor;
