package dev.patchbay.transport.mmap;

/**
 * When written records (and the reader's position) are forced to the disk. Every choice survives the death of
 * either process: what a process stored in the mapping is in the kernel's page cache the moment it is stored. The
 * choice matters only for a crash of the whole machine.
 */
enum Durability {
    /** Never forced: the kernel writes pages back in its own time (within about 30 s on Linux defaults). */
    NONE,
    /** The writer forces every {@code batch=} records, at each new file and at close; the reader once a receive. */
    BATCH,
    /** The writer forces each record before {@code send} returns; the reader each record it consumed. */
    MESSAGE
}
