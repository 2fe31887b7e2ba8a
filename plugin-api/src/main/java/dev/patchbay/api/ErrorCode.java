package dev.patchbay.api;

/**
 * Stable codes for every {@link PatchbayException}, so that programs (and the CLI's exit status) can tell failures
 * apart without parsing messages.
 */
public enum ErrorCode {
    /** The process on the other end closed the link or died. */
    PEER_CLOSED(10),
    /** This side closed the link; it cannot be used any more. */
    LINK_CLOSED(11),
    /** Bytes arrived that are not a valid frame: bad magic, bad checksum, or a length past the limit. */
    CORRUPT_FRAME(12),
    /** A message is larger than the link accepts. */
    MESSAGE_TOO_LARGE(13),
    /** No peer arrived before the open timeout. */
    OPEN_TIMEOUT(14),
    /** An address could not be parsed or is unsafe. */
    BAD_ADDRESS(15),
    /** An operating-system call failed. */
    IO_FAILURE(16),
    /** The transport cannot work on this machine. */
    UNAVAILABLE(17),
    /** A plugin or module cannot be used by this host. */
    INCOMPATIBLE_MODULE(18),
    /** A channel migration did not complete and was rolled back. */
    MIGRATION_FAILED(19),
    /** A thread waiting in a link was interrupted; the link is still open. */
    INTERRUPTED(20),
    /**
     * An object at the address's name (segment, fifo, log file) belongs to another user or is open to other users,
     * so it is not used: removing it, or choosing another name, is up to the user.
     */
    FOREIGN_OBJECT(25);

    private final int exitStatus;

    ErrorCode(int exitStatus) {
        this.exitStatus = exitStatus;
    }

    /** The process exit status the CLI uses for this failure. */
    public int exitStatus() {
        return exitStatus;
    }
}
