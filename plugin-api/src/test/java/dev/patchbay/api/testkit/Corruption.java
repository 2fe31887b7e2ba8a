package dev.patchbay.api.testkit;

/**
 * Bad input a peer can put on the medium, for the contract suite's corrupt-frame tests. What the bytes are depends
 * on the medium's framing: a {@link CorruptionWriter} makes them.
 */
public enum Corruption {
    /** A well-formed header whose checksum does not match the payload. */
    BAD_CHECKSUM,
    /** A header that claims 2 GiB - 16 bytes, far past any limit. */
    LENGTH_PAST_LIMIT
}
