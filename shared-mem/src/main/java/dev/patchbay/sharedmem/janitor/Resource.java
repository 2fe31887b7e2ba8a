package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.runtime.ProcessIdentity;

import java.time.Instant;

/**
 * One thing the janitor found.
 *
 * @param kind       what it is
 * @param name       its Patchbay name
 * @param size       bytes (0 for fifos)
 * @param owner      the process that created it, or null if unknown
 * @param ownerAlive whether that very process (pid and start time) still runs
 * @param ours       whether it is provably Patchbay's: our header (magic, kind, name; for System V also the key
 *                   derived from the name), or our owner file; what is not is never removed unless forced
 * @param persistent whether it is meant to outlive its owner (persistent mapped files): never collected
 * @param location   the path, or for System V {@code "key 0x1234abcd, shmid 42"}
 * @param shmid      the System V segment id, -1 for other kinds
 * @param created    when it was made, if known
 */
public record Resource(ResourceKind kind, String name, long size, ProcessIdentity owner, boolean ownerAlive,
                       boolean ours, boolean persistent, String location, int shmid, Instant created) {

    /** The owner's pid, or -1 if unknown. */
    public long ownerPid() {
        return owner == null ? -1 : owner.pid();
    }

    /** True if {@link Janitor#gc()} removes it: ours, not persistent, and its owner is gone. */
    public boolean isLeftover() {
        return ours && !persistent && !ownerAlive;
    }

    @Override
    public String toString() {
        return String.format("%-11s %-32s %10d  pid %-7s %-5s %s%s%s", kind, name, size,
                owner == null ? "?" : Long.toString(owner.pid()), ownerAlive ? "alive" : "dead", location,
                ours ? "" : "  (not ours)", persistent ? "  (persistent)" : "");
    }
}
