package dev.patchbay.api;

/**
 * Stable codes for every {@link PatchbayException}, so that programs can tell failures apart without parsing
 * messages. What a command line makes of them (its exit statuses) is the host's business, not the contract's.
 */
public enum ErrorCode {
    /** The process on the other end closed the link or died. */
    PEER_CLOSED,
    /** This side closed the link; it cannot be used any more. */
    LINK_CLOSED,
    /** Bytes arrived that are not a valid frame: bad magic, bad checksum, or a length past the limit. */
    CORRUPT_FRAME,
    /** A message is larger than the link accepts. */
    MESSAGE_TOO_LARGE,
    /** No peer arrived before the open timeout. */
    OPEN_TIMEOUT,
    /** An address could not be parsed or is unsafe. */
    BAD_ADDRESS,
    /** An operating-system call failed. */
    IO_FAILURE,
    /** The transport cannot work on this machine. */
    UNAVAILABLE,
    /** A plugin or module cannot be used by this host. */
    INCOMPATIBLE_MODULE,
    /** A channel migration did not complete and was rolled back. */
    MIGRATION_FAILED,
    /** A thread waiting in a link was interrupted; the link is still open. */
    INTERRUPTED,
    /**
     * An object at the address's name (segment, fifo, log file) belongs to another user or is open to other users,
     * so it is not used: removing it, or choosing another name, is up to the user.
     */
    FOREIGN_OBJECT
}
