package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.runtime.ProcessIdentity;

import java.time.Duration;
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
 * @param created    when it was made, if known (for an unfinished segment: when its file last changed)
 * @param unfinished a segment under our name whose header is still all zeros, as its creator leaves it until it
 *                   writes one: being made now, or left by a creator killed while making it; no owner is known
 * @param oneOff     a persistent file of a link the host opened once, for a migration ({@code <channel>-<pid>-<n>}):
 *                   nobody opens it again once that host is gone, so its owner counts as alive while that host is
 */
public record Resource(ResourceKind kind, String name, long size, ProcessIdentity owner, boolean ownerAlive,
                       boolean ours, boolean persistent, String location, int shmid, Instant created,
                       boolean unfinished, boolean oneOff) {

    /** How old an unfinished segment must be to be collected: one being made right now is spared. */
    public static final Duration UNFINISHED_GRACE = Duration.ofSeconds(30);

    /** A resource of the usual sort: neither unfinished nor one-off. */
    public Resource(ResourceKind kind, String name, long size, ProcessIdentity owner, boolean ownerAlive,
                    boolean ours, boolean persistent, String location, int shmid, Instant created) {
        this(kind, name, size, owner, ownerAlive, ours, persistent, location, shmid, created, false, false);
    }

    /** The owner's pid, or -1 if unknown. */
    public long ownerPid() {
        return owner == null ? -1 : owner.pid();
    }

    /**
     * True if {@link Janitor#gc()} removes it: ours, not persistent (or one-off), and its owner is gone; or
     * unfinished for longer than {@link #UNFINISHED_GRACE}.
     */
    public boolean isLeftover() {
        if (unfinished) {
            return created != null && created.plus(UNFINISHED_GRACE).isBefore(Instant.now());
        }
        return ours && (!persistent || oneOff) && !ownerAlive;
    }

    @Override
    public String toString() {
        return String.format("%-11s %-32s %10d  pid %-7s %-5s %s%s%s", kind, name, size,
                owner == null ? "?" : Long.toString(owner.pid()), ownerAlive ? "alive" : "dead", location,
                unfinished ? "  (unfinished)" : ours ? "" : "  (not ours)", persistent ? oneOff ? "  (one-off)"
                        : "  (persistent)" : "");
    }
}
