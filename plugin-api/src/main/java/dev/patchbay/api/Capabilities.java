package dev.patchbay.api;

/**
 * What a transport's links can do, for listings and for choosing a backend.
 *
 * @param byteStream      the medium is a byte stream, so messages are framed (length prefix + checksum)
 * @param persistent      messages survive the death of both processes (a file), so a reader can resume
 * @param crossesMachines the peer may be on another machine
 * @param maxMessageSize  the largest message a link can carry by default, in bytes
 */
public record Capabilities(boolean byteStream, boolean persistent, boolean crossesMachines, int maxMessageSize) {

    public Capabilities {
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("maxMessageSize must be >= 0, was " + maxMessageSize);
        }
    }

    /** Every Patchbay link is duplex: both sides send and receive. */
    public boolean duplex() {
        return true;
    }
}
