package dev.patchbay.api.stream;

import dev.patchbay.api.Link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Bytes written past the framing of a {@link StreamLink}, for the contract suite's corrupting peer: the link was
 * opened by the backend's own transport (its handshake, names and permissions all done as for a real peer), and
 * what goes on the medium next is whatever the test wants, not a frame.
 */
public final class RawStreams {
    private RawStreams() {
    }

    /**
     * Writes {@code bytes} as they are onto the byte stream under {@code link}.
     *
     * @throws IllegalArgumentException if the link is no {@link StreamLink}: the backend frames messages its own
     *                                  way, and its contract test must override {@code startCorruptingPeer}
     */
    public static void write(Link link, byte[] bytes) {
        if (!(link instanceof StreamLink stream)) {
            throw new IllegalArgumentException("the link " + link.address() + " is a " + link.getClass().getName()
                    + ", not a StreamLink: the contract suite cannot put raw bytes on its medium; override"
                    + " startCorruptingPeer (and detects/corruptionEvidence) in the backend's contract test");
        }
        try {
            if (!stream.stream().write(ByteBuffer.wrap(bytes))) {
                throw new IllegalStateException("the reader of " + link.address() + " is gone");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing raw bytes to " + link.address(), e);
        }
    }
}
