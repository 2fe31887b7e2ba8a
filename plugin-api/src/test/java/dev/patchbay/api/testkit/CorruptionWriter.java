package dev.patchbay.api.testkit;

import dev.patchbay.api.Link;

/**
 * Puts a {@link Corruption} straight onto the medium under a link, for the contract suite's corrupting peer. The
 * peer finds writers with {@link java.util.ServiceLoader}: a framing library that owns the bytes of a medium (the
 * transport kit's {@code StreamLink}, in its test-jar) ships one, so a backend built on it gets the corrupt-input
 * tests without a peer of its own, and this suite needs to know no framing.
 */
public interface CorruptionWriter {
    /**
     * Writes {@code corruption} onto the medium under {@code link} and returns true, or returns false having written
     * nothing when the link is not of a kind this writer knows.
     */
    boolean write(Link link, Corruption corruption);
}
