package dev.patchbay.api;

/**
 * The process at the other end of a link closed it or died (end of stream, broken pipe, missed heartbeats).
 * Distinct from {@link LinkClosedException}, which means this side closed the link.
 */
public class PeerClosedException extends PatchbayException {
    public PeerClosedException(String message) {
        super(ErrorCode.PEER_CLOSED, message);
    }

    public PeerClosedException(String message, Throwable cause) {
        super(ErrorCode.PEER_CLOSED, message, cause);
    }
}
